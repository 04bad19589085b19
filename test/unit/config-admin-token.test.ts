// ADMIN_TOKEN (the queue dashboard's token) and the KNOWN_ENV list the deployment checks use.

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { KNOWN_ENV, loadConfig, type Env } from '../../src/config/load-config.js';

const YAML = 'region: cn-shanghai\nworkspaces:\n  - name: dev\n    id: "100001"\n    env: dev\n';
const BASE: Env = { SLACK_BOT_TOKEN: 'xoxb-1234-5678-abcdef', SLACK_SIGNING_SECRET: 'signing-secret-0123456789abcdef' };
const load = (env: Env) => loadConfig({ env: { ...BASE, ...env }, readFile: () => YAML });

function configError(env: Env): ConfigError {
  try {
    load(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('ADMIN_TOKEN', () => {
  it('is absent by default (dashboard off)', () => {
    expect(load({}).adminToken).toBeUndefined();
    expect('adminToken' in load({})).toBe(false);
    expect(load({ ADMIN_TOKEN: '   ' }).adminToken).toBeUndefined();
  });

  it('is read, trimmed, when it is long enough', () => {
    const token = 'a3f9c2e1b7d84f60a3f9c2e1b7d84f60';
    expect(load({ ADMIN_TOKEN: ` ${token}\n` }).adminToken).toBe(token);
    expect(load({ ADMIN_TOKEN: '0123456789abcdef' }).adminToken).toBe('0123456789abcdef');
  });

  it.each([
    ['too short', 'short-tok'],
    ['15 characters', '0123456789abcde'],
    ['with a space inside', 'correct horse battery staple'],
  ])('stops startup with one line when it is %s, never showing the value', (_why, value) => {
    const err = configError({ ADMIN_TOKEN: value });
    expect(err.setting).toBe('ADMIN_TOKEN');
    expect(err.message).toMatch(/^ADMIN_TOKEN: must be at least 16 characters without spaces\. Fix: \S/);
    expect(err.message).not.toMatch(/[\r\n]/);
    expect(err.message).not.toContain(value);
    expect(err.message).not.toContain(`${String(value.length)} characters)`);
  });

  it('is scrubbed from errors about other settings', () => {
    const token = 'pasted-admin-token-0123456789';
    const err = configError({ ADMIN_TOKEN: token, LOG_LEVEL: token });
    expect(err.setting).toBe('LOG_LEVEL');
    expect(err.message).not.toContain(token);
  });
});

describe('KNOWN_ENV', () => {
  it('names every variable loadConfig reads', () => {
    const source = readFileSync(new URL('../../src/config/load-config.ts', import.meta.url), 'utf8');
    const read = new Set(
      [
        ...source.matchAll(/value\(\s*'([A-Z][A-Z0-9_]+)'\s*\)/g),
        ...source.matchAll(/urlSetting\([^)]*'([A-Z][A-Z0-9_]+)'\s*\)/g),
      ].map((m) => m[1]!),
    );
    expect(read.size).toBeGreaterThan(10);
    for (const name of read) expect(KNOWN_ENV, name).toContain(name);
  });

  it('names the variables of the credential chain used on ACK (RRSA), and NODE_ENV', () => {
    for (const name of [
      'ALIBABA_CLOUD_ROLE_ARN',
      'ALIBABA_CLOUD_OIDC_PROVIDER_ARN',
      'ALIBABA_CLOUD_OIDC_TOKEN_FILE',
      'NODE_ENV',
    ])
      expect(KNOWN_ENV).toContain(name);
  });

  it('names only variables the bot or @alicloud/credentials actually read', () => {
    const source = readFileSync(new URL('../../src/config/load-config.ts', import.meta.url), 'utf8');
    const credentialsDir = new URL('../../node_modules/@alicloud/credentials/dist/src/', import.meta.url);
    const credentials = [credentialsDir, new URL('providers/', credentialsDir)]
      .flatMap((dir) =>
        readdirSync(dir)
          .filter((f) => f.endsWith('.js'))
          .map((f) => readFileSync(new URL(f, dir), 'utf8')),
      )
      .join('\n');
    for (const name of KNOWN_ENV) {
      if (name === 'NODE_ENV') continue;
      const readByBot = new RegExp(`(value\\(|urlSetting\\([^)]*)'${name}'\\)`).test(source);
      expect(readByBot || credentials.includes(name), name).toBe(true);
    }
  });
});
