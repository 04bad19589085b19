// Secrets must never reach a log line, a Slack message or the audit stream. redactSecretFields() covers
// structured fields by name; scrub() covers free text (error messages, Bolt's own log strings) by pattern and by value.

const TOKEN_PATTERNS: RegExp[] = [
  /xox[a-z](?:\.xox[a-z])?-[A-Za-z0-9-]+/g, // Slack bot/user/refresh/config tokens (xoxb-, xoxp-, xoxe.xoxp-, …)
  /xapp-[A-Za-z0-9-]+/g, // Slack app-level tokens
  // webhook and response URLs carry their own credential
  /hooks\.slack\.com\/(?:services|workflows|triggers|commands|actions)\/[A-Za-z0-9/_-]+/g,
  /LTAI[A-Za-z0-9]{12,30}/g, // Alibaba Cloud AccessKey ids
  /STS\.[A-Za-z0-9]{10,}/g, // Alibaba Cloud STS AccessKey ids
];

const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g;

// Field names whose values are secrets wherever they appear, at any depth: `{ botToken }`,
// `{ config: { slack: { botToken } } }`, `{ req: { headers: { authorization } } }`. Matched on the finished
// JSON line rather than with pino's redact paths: one regular expression per line costs a fraction of
// pino's wildcard paths (6 % of the web role's CPU in `npm run bench`) and reaches deeper.
export const SECRET_FIELDS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'accessKeySecret',
  'securityToken',
  'password',
  'authorization',
  'cookie',
  'x-acs-security-token',
  'x-slack-signature',
  'x-acs-signature',
];

const SECRET_FIELD = new RegExp(`"(${SECRET_FIELDS.join('|')})":"(?:[^"\\\\]|\\\\.)*"`, 'gi');

/** Replaces the string value of every secret-named field in a JSON line. */
export function redactSecretFields(jsonLine: string): string {
  return jsonLine.replace(SECRET_FIELD, '"$1":"[redacted]"');
}

export function createScrubber(secrets: readonly (string | undefined)[]): (text: string) => string {
  // Short values would redact innocent words; real secrets are long. Longest first, so a secret
  // that contains another is replaced whole.
  const literal = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 8))].sort(
    (a, b) => b.length - a.length,
  );
  return (text: string) => {
    let out = text;
    for (const secret of literal) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
    for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, '[redacted]');
    return out.replace(BEARER, '$1 [redacted]');
  };
}
