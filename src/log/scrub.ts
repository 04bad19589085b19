// Secrets must never reach a log line, a Slack message or the audit stream. Paths cover structured
// fields; scrub() covers free text (error messages, Bolt's own log strings) by pattern and by value.

const TOKEN_PATTERNS: RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]+/g, // Slack bot/user/refresh tokens
  /xapp-[A-Za-z0-9-]+/g, // Slack app-level tokens
  /LTAI[A-Za-z0-9]{12,30}/g, // Alibaba Cloud AccessKey ids
  /STS\.[A-Za-z0-9]{10,}/g, // Alibaba Cloud STS AccessKey ids
];

export const REDACT_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'accessKeySecret',
  '*.accessKeySecret',
  '*.*.accessKeySecret',
  'securityToken',
  '*.securityToken',
  '*.*.securityToken',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-acs-security-token"]',
  'req.headers["x-slack-signature"]',
];

export function createScrubber(secrets: readonly (string | undefined)[]): (text: string) => string {
  // Short values would redact innocent words; real secrets are long.
  const literal = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 8);
  return (text: string) => {
    let out = text;
    for (const secret of literal) out = out.split(secret).join('[redacted]');
    for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, '[redacted]');
    return out;
  };
}
