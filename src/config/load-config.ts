// The only reader of the environment and the config file. Pure apart from the injected readFile,
// so tests pass an env object and file contents instead of patching process.env.

import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './config-error.js';
import { fileSchema, type FileConfig } from './file-schema.js';

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
  endpoints: { dlc?: string; eas?: string; workspace?: string; oss?: string };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  file: FileConfig;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

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

  const appToken = value('SLACK_APP_TOKEN');
  if (appToken && !appToken.startsWith('xapp-')) {
    throw new ConfigError('SLACK_APP_TOKEN', 'must be an app-level token starting with xapp-', 'copy it from Basic Information → App-Level Tokens (scope connections:write), or unset it to use HTTP mode');
  }
  const botToken = value('SLACK_BOT_TOKEN');
  if (!botToken) throw new ConfigError('SLACK_BOT_TOKEN', 'is not set', 'set it to the Bot User OAuth Token (xoxb-…) from OAuth & Permissions');
  if (!botToken.startsWith('xoxb-')) throw new ConfigError('SLACK_BOT_TOKEN', 'must be a bot token starting with xoxb-', 'use the Bot User OAuth Token from OAuth & Permissions, not a user or app token');
  const signingSecret = value('SLACK_SIGNING_SECRET');
  if (!appToken && role !== 'worker' && !signingSecret) {
    throw new ConfigError('SLACK_SIGNING_SECRET', 'is required in HTTP mode', 'set it to the Signing Secret from Basic Information, or set SLACK_APP_TOKEN to use Socket Mode');
  }

  const portText = value('PORT') ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new ConfigError('PORT', `must be a port number from 0 (any free port) to 65535 (got "${portText}")`, 'set PORT to a free TCP port, e.g. 3000');

  const redisUrl = value('REDIS_URL') ?? 'redis://127.0.0.1:6379';
  if (!/^rediss?:\/\/[^\s]+$/.test(redisUrl)) throw new ConfigError('REDIS_URL', 'must be a redis:// or rediss:// URL', 'e.g. REDIS_URL=redis://127.0.0.1:6379');

  const endpoints = {
    dlc: urlSetting(value, 'PAI_DLC_ENDPOINT'),
    eas: urlSetting(value, 'PAI_EAS_ENDPOINT'),
    workspace: urlSetting(value, 'PAI_WORKSPACE_ENDPOINT'),
    oss: urlSetting(value, 'OSS_ENDPOINT'),
  };
  const apiUrl = urlSetting(value, 'SLACK_API_URL');

  const accessKeyId = value('ALIBABA_CLOUD_ACCESS_KEY_ID');
  const accessKeySecret = value('ALIBABA_CLOUD_ACCESS_KEY_SECRET');
  if (Boolean(accessKeyId) !== Boolean(accessKeySecret)) {
    const missing = accessKeyId ? 'ALIBABA_CLOUD_ACCESS_KEY_SECRET' : 'ALIBABA_CLOUD_ACCESS_KEY_ID';
    throw new ConfigError(missing, 'is not set while its pair is', 'set both ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or neither to use the credential chain (RAM role, RRSA, profile)');
  }
  const securityToken = value('ALIBABA_CLOUD_SECURITY_TOKEN');
  const accessKey = accessKeyId && accessKeySecret ? { accessKeyId, accessKeySecret, ...(securityToken ? { securityToken } : {}) } : undefined;

  const logLevel = (value('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`, 'e.g. LOG_LEVEL=info');

  const configPath = value('PAI_BOT_CONFIG') ?? './pai-bot.yaml';
  const file = loadFile(configPath, readFile);

  return deepFreeze({
    role,
    slack: { botToken, ...(signingSecret ? { signingSecret } : {}), ...(appToken ? { appToken } : {}), ...(apiUrl ? { apiUrl } : {}) },
    port,
    redisUrl,
    configPath,
    ...(accessKey ? { accessKey } : {}),
    endpoints,
    logLevel: logLevel as Config['logLevel'],
    file,
  });
}

function urlSetting(value: (name: string) => string | undefined, name: string): string | undefined {
  const text = value(name);
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(name, `is not a URL (got "${text}")`, 'write it with its scheme, e.g. http://127.0.0.1:9100');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(name, 'must be an http:// or https:// URL', 'write it with its scheme, e.g. http://127.0.0.1:9100');
  return text;
}

export function loadFile(path: string, readFile: (path: string) => string): FileConfig {
  let text: string;
  try {
    text = readFile(path);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(err as Error).message})`;
    throw new ConfigError('PAI_BOT_CONFIG', `the config file ${path} ${reason}`, 'create it (see pai-bot.example.yaml) or point PAI_BOT_CONFIG at it');
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    const first = (err as Error).message.split('\n')[0];
    throw new ConfigError(path, `is not valid YAML: ${first}`, 'fix the YAML syntax at that line');
  }
  const parsed = fileSchema.safeParse(raw ?? {});
  if (!parsed.success) throw fromZodIssue(path, parsed.error.issues[0]!, raw);
  return parsed.data;
}

const KNOWN_KEYS = ['region', 'poll_interval', 'workspaces', 'approvals', 'alerts', 'name', 'id', 'env', 'channels', 'operators', 'approvers', 'approvals_required', 'approve_reactions', 'reject_reactions', 'expire_after', 'channel', 'mention', 'cold_start_after'];

function fromZodIssue(file: string, issue: z.core.$ZodIssue, raw: unknown): ConfigError {
  const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const suggestion = closest(key, KNOWN_KEYS);
    const setting = where ? `${where}.${key}` : key;
    return new ConfigError(`${file}: ${setting}`, 'is not a known setting', suggestion ? `did you mean "${suggestion}"? Unknown keys are refused so a typo cannot switch a rule off` : 'remove it; see the config section of the README');
  }
  const present = where && valueAt(raw, issue.path) !== undefined;
  const problem = present || issue.code === 'custom' ? issue.message : `is missing (${issue.message})`;
  return new ConfigError(`${file}: ${where || '(top level)'}`, problem, 'correct it in the config file; the README lists every setting');
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = raw;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
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
