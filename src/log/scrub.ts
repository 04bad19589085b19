// Secrets must never reach a log line, a Slack message or the audit stream. Paths cover structured
// fields; scrub() covers free text (error messages, Bolt's own log strings) by pattern and by value.

const TOKEN_PATTERNS: RegExp[] = [
  /xox[a-z](?:\.xox[a-z])?-[A-Za-z0-9-]+/g, // Slack bot/user/refresh/config tokens (xoxb-, xoxp-, xoxe.xoxp-, …)
  /xapp-[A-Za-z0-9-]+/g, // Slack app-level tokens
  /hooks\.slack\.com\/(?:services|workflows|triggers|commands|actions)\/[A-Za-z0-9/_-]+/g, // webhook and response URLs carry their own credential
  /LTAI[A-Za-z0-9]{12,30}/g, // Alibaba Cloud AccessKey ids
  /STS\.[A-Za-z0-9]{10,}/g, // Alibaba Cloud STS AccessKey ids
];

const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g;

// Field names whose values are secrets wherever they appear, up to two levels below the top
// (`{ botToken }`, `{ slack: { botToken } }`, `{ config: { slack: { botToken } } }`).
const SECRET_KEYS = ['token', 'botToken', 'appToken', 'signingSecret', 'accessKeySecret', 'securityToken', 'password', 'authorization', 'Authorization'];
const SECRET_HEADERS = ['authorization', 'Authorization', 'cookie', 'Cookie', '["x-acs-security-token"]', '["x-slack-signature"]', '["x-acs-signature"]'];

const nested = (path: string) => [path, `*.${path}`, `*.*.${path}`];
const header = (name: string) => (name.startsWith('[') ? `headers${name}` : `headers.${name}`);

export const REDACT_PATHS = [...SECRET_KEYS.flatMap(nested), ...SECRET_HEADERS.map(header).flatMap(nested)];

export function createScrubber(secrets: readonly (string | undefined)[]): (text: string) => string {
  // Short values would redact innocent words; real secrets are long. Longest first, so a secret
  // that contains another is replaced whole.
  const literal = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 8))].sort((a, b) => b.length - a.length);
  return (text: string) => {
    let out = text;
    for (const secret of literal) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
    for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, '[redacted]');
    return out.replace(BEARER, '$1 [redacted]');
  };
}
