// The only reader of the environment and the config file. Pure apart from the injected readFile,
// so tests pass an env object and file contents instead of patching process.env.

import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { createScrubber } from '../log/scrub.js';
import { ConfigError } from './config-error.js';
import { fileSchema, KNOWN_KEYS, type FileConfig } from './file-schema.js';

export type Env = Record<string, string | undefined>;
export type Role = 'web' | 'worker' | 'all';

export interface AccessKey {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface Config {
  role: Role;
  slack: {
    botToken: string;
    signingSecret?: string; // absent only in Socket Mode
    appToken?: string; // set = Socket Mode
    apiUrl?: string;
  };
  port: number;
  redisUrl: string;
  configPath: string;
  /** Explicit keys from the environment; absent = the Alibaba Cloud default credential chain. */
  accessKey?: AccessKey;
  endpoints: { dlc?: string; eas?: string; workspace?: string; dsw?: string; oss?: string };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  /** ADMIN_TOKEN: set = the queue dashboard is served under /admin/queues to holders of this token. */
  adminToken?: string;
  file: FileConfig;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
const SECRET_VARS = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'ALIBABA_CLOUD_SECURITY_TOKEN',
  'ADMIN_TOKEN',
];
const ADMIN_TOKEN_MIN_LENGTH = 16;

/**
 * Every environment variable the bot reads: the ones loadConfig reads itself, then the ones the
 * Alibaba Cloud credential chain (@alicloud/credentials) reads when no AccessKey is set (RRSA/OIDC on
 * ACK, RAM role, profile files), then NODE_ENV. Deployment manifests may set only these
 * (test/unit/deploy-manifests.test.ts checks).
 */
export const KNOWN_ENV = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SLACK_API_URL',
  'PORT',
  'REDIS_URL',
  'PAI_BOT_CONFIG',
  'ALIBABA_CLOUD_ACCESS_KEY_ID',
  'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'ALIBABA_CLOUD_SECURITY_TOKEN',
  'PAI_DLC_ENDPOINT',
  'PAI_EAS_ENDPOINT',
  'PAI_WORKSPACE_ENDPOINT',
  'PAI_DSW_ENDPOINT',
  'OSS_ENDPOINT',
  'LOG_LEVEL',
  'ADMIN_TOKEN',
  // read by the credential chain, not by loadConfig
  'ALIBABA_CLOUD_ROLE_ARN',
  'ALIBABA_CLOUD_OIDC_PROVIDER_ARN',
  'ALIBABA_CLOUD_OIDC_TOKEN_FILE',
  'ALIBABA_CLOUD_ROLE_SESSION_NAME',
  'ALIBABA_CLOUD_STS_REGION',
  'ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED',
  'ALIBABA_CLOUD_CREDENTIALS_FILE',
  'ALIBABA_CLOUD_PROFILE',
  'ALIBABA_CLOUD_ECS_METADATA',
  'ALIBABA_CLOUD_ECS_METADATA_DISABLED',
  'ALIBABA_CLOUD_CREDENTIALS_URI',
  'NODE_ENV',
] as const;

export interface LoadOptions {
  env: Env;
  role?: Role;
  readFile: (path: string) => string; // throws like fs.readFileSync
}

export function loadConfig({ env, role = 'all', readFile }: LoadOptions): Readonly<Config> {
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  // Messages quote what was set so the operator sees the typo, but never a secret: a token pasted
  // into the wrong variable must not end up in a terminal or a crash-loop log.
  const scrub = createScrubber(SECRET_VARS.map((name) => value(name)));
  const shown = (text: string) => {
    const safe = scrub(text);
    return `"${safe.length > 80 ? `${safe.slice(0, 79)}…` : safe}"`;
  };

  const appToken = value('SLACK_APP_TOKEN');
  if (appToken && !appToken.startsWith('xapp-')) {
    throw new ConfigError(
      'SLACK_APP_TOKEN',
      'must be an app-level token starting with xapp-',
      'copy it from Basic Information → App-Level Tokens (scope connections:write), or unset it to use HTTP mode',
    );
  }
  const botToken = value('SLACK_BOT_TOKEN');
  if (!botToken)
    throw new ConfigError(
      'SLACK_BOT_TOKEN',
      'is not set',
      'set it to the Bot User OAuth Token (xoxb-…) from OAuth & Permissions',
    );
  if (!botToken.startsWith('xoxb-'))
    throw new ConfigError(
      'SLACK_BOT_TOKEN',
      'must be a bot token starting with xoxb-',
      'use the Bot User OAuth Token from OAuth & Permissions, not a user or app token',
    );
  const signingSecret = value('SLACK_SIGNING_SECRET');
  if (!appToken && role !== 'worker' && !signingSecret) {
    throw new ConfigError(
      'SLACK_SIGNING_SECRET',
      'is required in HTTP mode',
      'set it to the Signing Secret from Basic Information, or set SLACK_APP_TOKEN to use Socket Mode',
    );
  }

  const portText = value('PORT') ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    throw new ConfigError(
      'PORT',
      `must be a port number from 0 (any free port) to 65535 (got ${shown(portText)})`,
      'set PORT to a free TCP port, e.g. 3000',
    );

  const redisUrl = value('REDIS_URL') ?? 'redis://127.0.0.1:6379';
  if (!/^rediss?:\/\/[^\s]+$/.test(redisUrl))
    throw new ConfigError('REDIS_URL', 'must be a redis:// or rediss:// URL', 'e.g. REDIS_URL=redis://127.0.0.1:6379');

  const endpoints = {
    dlc: urlSetting(value, shown, 'PAI_DLC_ENDPOINT'),
    eas: urlSetting(value, shown, 'PAI_EAS_ENDPOINT'),
    workspace: urlSetting(value, shown, 'PAI_WORKSPACE_ENDPOINT'),
    dsw: urlSetting(value, shown, 'PAI_DSW_ENDPOINT'),
    oss: urlSetting(value, shown, 'OSS_ENDPOINT'),
  };
  const apiUrl = urlSetting(value, shown, 'SLACK_API_URL');

  const accessKeyId = value('ALIBABA_CLOUD_ACCESS_KEY_ID');
  const accessKeySecret = value('ALIBABA_CLOUD_ACCESS_KEY_SECRET');
  if (Boolean(accessKeyId) !== Boolean(accessKeySecret)) {
    const missing = accessKeyId ? 'ALIBABA_CLOUD_ACCESS_KEY_SECRET' : 'ALIBABA_CLOUD_ACCESS_KEY_ID';
    throw new ConfigError(
      missing,
      'is not set while its pair is',
      'set both ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or neither to use the credential chain (RAM role, RRSA, profile)',
    );
  }
  const securityToken = value('ALIBABA_CLOUD_SECURITY_TOKEN');
  if (securityToken && !accessKeyId) {
    throw new ConfigError(
      'ALIBABA_CLOUD_SECURITY_TOKEN',
      'is set without ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET',
      'set the STS AccessKey id and secret that go with it, or unset it to use the credential chain',
    );
  }
  const accessKey =
    accessKeyId && accessKeySecret
      ? { accessKeyId, accessKeySecret, ...(securityToken ? { securityToken } : {}) }
      : undefined;

  const logLevel = (value('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    throw new ConfigError(
      'LOG_LEVEL',
      `must be one of ${LOG_LEVELS.join(', ')} (got ${shown(logLevel)})`,
      'e.g. LOG_LEVEL=info',
    );

  const adminToken = value('ADMIN_TOKEN');
  if (adminToken !== undefined && (adminToken.length < ADMIN_TOKEN_MIN_LENGTH || /\s/.test(adminToken))) {
    // Its value is never shown, not even its length.
    throw new ConfigError(
      'ADMIN_TOKEN',
      `must be at least ${ADMIN_TOKEN_MIN_LENGTH} characters without spaces`,
      'set it to a long random value, e.g. the output of: openssl rand -hex 32; or unset it to turn the queue dashboard off',
    );
  }

  const configPath = value('PAI_BOT_CONFIG') ?? './pai-bot.yaml';
  const file = loadFile(configPath, readFile);

  return deepFreeze({
    role,
    slack: {
      botToken,
      ...(signingSecret ? { signingSecret } : {}),
      ...(appToken ? { appToken } : {}),
      ...(apiUrl ? { apiUrl } : {}),
    },
    port,
    redisUrl,
    configPath,
    ...(accessKey ? { accessKey } : {}),
    endpoints,
    logLevel: logLevel as Config['logLevel'],
    ...(adminToken ? { adminToken } : {}),
    file,
  });
}

function urlSetting(
  value: (name: string) => string | undefined,
  shown: (text: string) => string,
  name: string,
): string | undefined {
  const text = value(name);
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(
      name,
      `is not a URL (got ${shown(text)})`,
      'write it with its scheme, e.g. http://127.0.0.1:9100',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(
      name,
      `must be an http:// or https:// URL (got ${shown(text)})`,
      'write it with its scheme, e.g. http://127.0.0.1:9100',
    );
  return text;
}

export function loadFile(path: string, readFile: (path: string) => string): FileConfig {
  let text: string;
  try {
    text = readFile(path);
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'does not exist'
        : `cannot be read (${firstLine((err as Error).message)})`;
    throw new ConfigError(
      'PAI_BOT_CONFIG',
      `the config file ${path} ${reason}`,
      'create it (see pai-bot.example.yaml) or point PAI_BOT_CONFIG at it',
    );
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new ConfigError(
      path,
      `is not valid YAML: ${firstLine((err as Error).message)}`,
      'fix the YAML syntax at that line',
    );
  }
  raw ??= {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(
      path,
      `must be a YAML mapping of settings (region, workspaces, …), not ${Array.isArray(raw) ? 'a list' : `a ${typeof raw}`}`,
      'start the file with region: and workspaces: as in the README',
    );
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    // A typo'd key usually also makes a required key "missing"; the typo is the real mistake.
    const issues = parsed.error.issues;
    throw fromZodIssue(path, issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]!, raw);
  }
  return parsed.data;
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim() !== '') ?? text).trim().replace(/:$/, '');
}

function fromZodIssue(file: string, issue: z.core.$ZodIssue, raw: unknown): ConfigError {
  const where = issue.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const setting = where ? `${where}.${key}` : key;
    const here = knownKeysAt(issue.path);
    const suggestion = closest(key, here);
    const elsewhere = suggestion ? undefined : levelOf(key, issue.path);
    const fix = suggestion
      ? `did you mean "${suggestion}"? Unknown keys are refused so a typo cannot switch a rule off`
      : elsewhere
        ? `"${key}" belongs under ${elsewhere}, not here; move it there`
        : `remove it; the settings allowed here are ${here.join(', ')}`;
    return new ConfigError(`${file}: ${setting}`, 'is not a known setting', fix);
  }
  const present = issue.path.length > 0 && valueAt(raw, issue.path) !== undefined;
  const generic = issue.message.startsWith('Invalid input');
  const problem =
    present || issue.code === 'custom' ? issue.message : generic ? 'is missing' : `is missing (${issue.message})`;
  return new ConfigError(
    `${file}: ${where || '(top level)'}`,
    problem,
    'correct it in the config file; the README lists every setting',
  );
}

/** The keys allowed at the level an unrecognized_keys issue points to. */
function knownKeysAt(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return KNOWN_KEYS.top;
  const head = path[0];
  if (head === 'workspaces') return path[2] === 'alerts' ? KNOWN_KEYS.alerts : KNOWN_KEYS.workspaces;
  if (head === 'approvals') return KNOWN_KEYS.approvals;
  if (head === 'alerts') return KNOWN_KEYS.alerts;
  if (head === 'limits') return KNOWN_KEYS.limits;
  if (head === 'notebooks') return KNOWN_KEYS.notebooks;
  if (head === 'app_home') return KNOWN_KEYS.app_home;
  if (head === 'pricing' && path.length === 1) return KNOWN_KEYS.pricing;
  return [];
}

/** Where a key that is valid somewhere else belongs, e.g. "alerts:" for a top-level `mention`. */
function levelOf(key: string, path: readonly PropertyKey[]): string | undefined {
  // A workspace's own alerts block (workspaces[i].alerts) takes the keys of the top-level alerts block.
  const inWorkspaceAlerts = path[0] === 'workspaces' && path[2] === 'alerts';
  const here = path.length === 0 ? 'top' : inWorkspaceAlerts ? 'alerts' : String(path[0]);
  const levels: [keyof typeof KNOWN_KEYS, string][] = [
    ['top', 'the top level'],
    ['workspaces', inWorkspaceAlerts ? 'the workspace entry (next to name, id, env)' : 'each entry of workspaces:'],
    ['approvals', 'approvals:'],
    ['alerts', 'alerts:'],
    ['limits', 'limits:'],
    ['notebooks', 'notebooks:'],
    ['pricing', 'pricing:'],
    ['app_home', 'app_home:'],
  ];
  return levels.find(([level]) => level !== here && KNOWN_KEYS[level].includes(key))?.[1];
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = raw;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3; // at most two edits …
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate);
    // … and fewer than the word's length, so "xy" is not "corrected" to "id".
    if (d < bestDistance && d < Math.min(word.length, candidate.length)) [best, bestDistance] = [candidate, d];
  }
  return best;
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
