import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig, type Env, type Role } from '../../src/config/load-config.js';

// The documented config example (the README's Configuration), verbatim.
const EXAMPLE_YAML = `
region: cn-shanghai
poll_interval: 30s              # how often tracked jobs and services are polled; accepts ms, s, m, h
workspaces:
  - name: dev                   # the alias users type: -w dev
    id: "100001"                # PAI workspace id
    env: dev                    # dev | prod
    channels: [C0DEV]           # channels where this workspace is the default
  - name: prod
    id: "100002"
    env: prod
    channels: [C0PROD]
    operators: [U0MLOPS, S0MLTEAM]             # who may run mutating commands here; omitted = anyone
    approvers: [U0APPR1, U0APPR2, S0MLLEADS]   # Slack user ids and user-group ids
    approvals_required: 2                       # default 1
approvals:
  approve_reactions: [white_check_mark]
  reject_reactions: [x]
  expire_after: 4h
alerts:
  channel: C0ONCALL             # where alerts go
  mention: [S0ONCALL]           # users or user groups pinged in alerts
  cold_start_after: 5m          # an endpoint not ready this long after a start or scale-up is a cold-start alert
`;

const MINIMAL_YAML = `
region: cn-shanghai
workspaces:
  - name: dev
    id: "100001"
    env: dev
`;

const BOT_TOKEN = 'xoxb-1234-5678-SeCrEtBoTtOkEnVaLuE';
const SIGNING_SECRET = 'signing-secret-0123456789abcdef';
const APP_TOKEN = 'xapp-1-A0123-4567-SeCrEtApPtOkEn';
const AK_ID = 'LTAI5tAbCdEfGhIjKlMnOp';
const AK_SECRET = 'AkSecretValue0123456789abcdef';
const STS_TOKEN = 'CAIS-sts-security-token-value-0123456789';

const BASE_ENV: Env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET };

function load(opts: { env?: Env; yaml?: string; role?: Role; files?: Record<string, string> } = {}) {
  const files = opts.files ?? { './pai-bot.yaml': opts.yaml ?? MINIMAL_YAML };
  return loadConfig({
    env: opts.env ?? BASE_ENV,
    ...(opts.role ? { role: opts.role } : {}),
    readFile: (path) => {
      const text = files[path];
      if (text === undefined)
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
      return text;
    },
  });
}

/** Runs `fn`, expects a ConfigError, checks the invariants every one must keep, and returns it. */
function configError(fn: () => unknown): ConfigError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected a ConfigError').toBeInstanceOf(ConfigError);
  const err = caught as ConfigError;
  expect(err.message).not.toMatch(/[\r\n]/);
  expect(err.message).toContain(err.setting);
  expect(err.message).toMatch(/\. Fix: \S/);
  expect(err.fix.length).toBeGreaterThan(3);
  for (const secret of [BOT_TOKEN, SIGNING_SECRET, APP_TOKEN, AK_SECRET, STS_TOKEN, 'SeCrEt'])
    expect(err.message).not.toContain(secret);
  return err;
}

const fileError = (yaml: string) => configError(() => load({ yaml }));

describe('loadConfig: the documented example', () => {
  const config = load({ yaml: EXAMPLE_YAML });

  it('loads every value', () => {
    expect(config.file.region).toBe('cn-shanghai');
    expect(config.file.poll_interval).toBe(30_000);
    expect(config.file.workspaces).toEqual([
      { name: 'dev', id: '100001', env: 'dev', channels: ['C0DEV'], approvers: [], approvals_required: 1 },
      {
        name: 'prod',
        id: '100002',
        env: 'prod',
        channels: ['C0PROD'],
        operators: ['U0MLOPS', 'S0MLTEAM'],
        approvers: ['U0APPR1', 'U0APPR2', 'S0MLLEADS'],
        approvals_required: 2,
      },
    ]);
    expect(config.file.approvals).toEqual({
      approve_reactions: ['white_check_mark'],
      reject_reactions: ['x'],
      expire_after: 4 * 3_600_000,
      max_pending_per_user: 5,
      max_pending_per_workspace: 20,
    });
    expect(config.file.alerts).toEqual({
      channel: 'C0ONCALL',
      mention: ['S0ONCALL'],
      cold_start_after: 5 * 60_000,
      on: ['oss_403', 'cold_start', 'failed'],
      dev_max_per_hour: 2,
    });
  });

  it('applies the environment defaults', () => {
    expect(config).toMatchObject({
      role: 'all',
      slack: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET },
      port: 3000,
      redisUrl: 'redis://127.0.0.1:6379',
      configPath: './pai-bot.yaml',
      logLevel: 'info',
      endpoints: {},
    });
    expect(config.slack.appToken).toBeUndefined();
    expect(config.slack.apiUrl).toBeUndefined();
    expect(config.accessKey).toBeUndefined();
    expect(Object.values(config.endpoints).filter(Boolean)).toEqual([]);
  });

  it('is deeply frozen', () => {
    const frozen = (value: unknown, path: string): void => {
      if (value === null || typeof value !== 'object') return;
      expect(Object.isFrozen(value), path).toBe(true);
      for (const [k, v] of Object.entries(value)) frozen(v, `${path}.${k}`);
    };
    frozen(config, 'config');
    expect(() => {
      (config.file.workspaces[0]!.channels as string[]).push('C0EVIL');
    }).toThrow(TypeError);
    expect(() => {
      (config.file.approvals as { expire_after: number }).expire_after = 1;
    }).toThrow(TypeError);
  });
});

describe('loadConfig: file defaults', () => {
  it('fills poll_interval, approvals and approvals_required', () => {
    const { file } = load();
    expect(file.poll_interval).toBe(30_000);
    expect(file.approvals).toEqual({
      approve_reactions: ['white_check_mark'],
      reject_reactions: ['x'],
      expire_after: 14_400_000,
      max_pending_per_user: 5,
      max_pending_per_workspace: 20,
    });
    expect(file.workspaces[0]).toEqual({
      name: 'dev',
      id: '100001',
      env: 'dev',
      channels: [],
      approvers: [],
      approvals_required: 1,
    });
    expect(file.alerts).toBeUndefined();
  });

  it('fills cold_start_after and mention under alerts', () => {
    const { file } = load({ yaml: `${MINIMAL_YAML}alerts:\n  channel: C0ONCALL\n` });
    expect(file.alerts).toEqual({
      channel: 'C0ONCALL',
      mention: [],
      cold_start_after: 300_000,
      on: ['oss_403', 'cold_start', 'failed'],
      dev_max_per_hour: 2,
    });
  });

  it('fills the approvals keys that are left out', () => {
    const { file } = load({ yaml: `${MINIMAL_YAML}approvals:\n  expire_after: 30m\n` });
    expect(file.approvals).toEqual({
      approve_reactions: ['white_check_mark'],
      reject_reactions: ['x'],
      expire_after: 1_800_000,
      max_pending_per_user: 5,
      max_pending_per_workspace: 20,
    });
  });

  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['4h', 14_400_000],
  ])('reads poll_interval %s as %d ms', (text, ms) => {
    expect(load({ yaml: `${MINIMAL_YAML}poll_interval: ${text}\n` }).file.poll_interval).toBe(ms);
  });

  it('treats an empty file as a file with nothing in it', () => {
    expect(fileError('').message).toContain('region: is missing');
  });

  it('does not share (and freeze) defaults between loads', () => {
    const a = load();
    const b = load();
    expect(a.file.approvals.approve_reactions).not.toBe(b.file.approvals.approve_reactions);
  });
});

describe('loadConfig: environment', () => {
  it('reads every variable', () => {
    const config = load({
      role: 'web',
      env: {
        SLACK_BOT_TOKEN: ` ${BOT_TOKEN} `,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_APP_TOKEN: APP_TOKEN,
        SLACK_API_URL: 'http://127.0.0.1:9200/api',
        PORT: '0',
        REDIS_URL: 'rediss://:pw@redis.internal:6380/2',
        PAI_BOT_CONFIG: '/etc/pai-bot.yaml',
        ALIBABA_CLOUD_ACCESS_KEY_ID: AK_ID,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: AK_SECRET,
        ALIBABA_CLOUD_SECURITY_TOKEN: STS_TOKEN,
        PAI_DLC_ENDPOINT: 'http://127.0.0.1:9100',
        PAI_EAS_ENDPOINT: 'https://eas.example.com',
        PAI_WORKSPACE_ENDPOINT: 'http://127.0.0.1:9101',
        OSS_ENDPOINT: 'http://127.0.0.1:9102',
        LOG_LEVEL: 'DEBUG',
      },
      files: { '/etc/pai-bot.yaml': MINIMAL_YAML },
    });
    expect(config).toMatchObject({
      role: 'web',
      slack: {
        botToken: BOT_TOKEN,
        signingSecret: SIGNING_SECRET,
        appToken: APP_TOKEN,
        apiUrl: 'http://127.0.0.1:9200/api',
      },
      port: 0,
      redisUrl: 'rediss://:pw@redis.internal:6380/2',
      configPath: '/etc/pai-bot.yaml',
      accessKey: { accessKeyId: AK_ID, accessKeySecret: AK_SECRET, securityToken: STS_TOKEN },
      endpoints: {
        dlc: 'http://127.0.0.1:9100',
        eas: 'https://eas.example.com',
        workspace: 'http://127.0.0.1:9101',
        oss: 'http://127.0.0.1:9102',
      },
      logLevel: 'debug',
    });
  });

  it('needs no signing secret in Socket Mode or for a worker', () => {
    expect(
      load({ env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN } }).slack.signingSecret,
    ).toBeUndefined();
    expect(load({ env: { SLACK_BOT_TOKEN: BOT_TOKEN }, role: 'worker' }).role).toBe('worker');
  });

  it('treats blank variables as unset', () => {
    const config = load({ env: { ...BASE_ENV, PORT: '  ', LOG_LEVEL: '', SLACK_APP_TOKEN: ' ' } });
    expect(config.port).toBe(3000);
    expect(config.logLevel).toBe('info');
    expect(config.slack.appToken).toBeUndefined();
  });
});

describe('loadConfig: environment errors name the variable and the fix, on one line', () => {
  const cases: [string, Env, Role | undefined, string | RegExp][] = [
    ['SLACK_BOT_TOKEN missing', { SLACK_SIGNING_SECRET: SIGNING_SECRET }, undefined, 'SLACK_BOT_TOKEN'],
    [
      'SLACK_BOT_TOKEN blank',
      { SLACK_BOT_TOKEN: '   ', SLACK_SIGNING_SECRET: SIGNING_SECRET },
      undefined,
      'SLACK_BOT_TOKEN',
    ],
    [
      'SLACK_BOT_TOKEN a user token',
      { SLACK_BOT_TOKEN: 'xoxp-1234-SeCrEtUsErToKeN', SLACK_SIGNING_SECRET: SIGNING_SECRET },
      undefined,
      'SLACK_BOT_TOKEN',
    ],
    [
      'SLACK_BOT_TOKEN the app token',
      { SLACK_BOT_TOKEN: APP_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET },
      undefined,
      'SLACK_BOT_TOKEN',
    ],
    ['SLACK_SIGNING_SECRET missing in HTTP mode', { SLACK_BOT_TOKEN: BOT_TOKEN }, undefined, 'SLACK_SIGNING_SECRET'],
    ['SLACK_SIGNING_SECRET missing for role web', { SLACK_BOT_TOKEN: BOT_TOKEN }, 'web', 'SLACK_SIGNING_SECRET'],
    ['SLACK_APP_TOKEN a bot token', { ...BASE_ENV, SLACK_APP_TOKEN: BOT_TOKEN }, undefined, 'SLACK_APP_TOKEN'],
    ['PORT junk', { ...BASE_ENV, PORT: 'http' }, undefined, 'PORT'],
    ['PORT too big', { ...BASE_ENV, PORT: '65536' }, undefined, 'PORT'],
    ['PORT negative', { ...BASE_ENV, PORT: '-1' }, undefined, 'PORT'],
    ['PORT fractional', { ...BASE_ENV, PORT: '80.5' }, undefined, 'PORT'],
    ['REDIS_URL junk', { ...BASE_ENV, REDIS_URL: 'localhost:6379' }, undefined, 'REDIS_URL'],
    ['REDIS_URL http', { ...BASE_ENV, REDIS_URL: 'http://127.0.0.1:6379' }, undefined, 'REDIS_URL'],
    [
      'PAI_DLC_ENDPOINT without scheme',
      { ...BASE_ENV, PAI_DLC_ENDPOINT: '127.0.0.1:9100' },
      undefined,
      'PAI_DLC_ENDPOINT',
    ],
    [
      'PAI_EAS_ENDPOINT without scheme',
      { ...BASE_ENV, PAI_EAS_ENDPOINT: 'eas.cn-shanghai.aliyuncs.com' },
      undefined,
      'PAI_EAS_ENDPOINT',
    ],
    [
      'PAI_WORKSPACE_ENDPOINT without scheme',
      { ...BASE_ENV, PAI_WORKSPACE_ENDPOINT: 'localhost:9101' },
      undefined,
      'PAI_WORKSPACE_ENDPOINT',
    ],
    [
      'OSS_ENDPOINT without scheme',
      { ...BASE_ENV, OSS_ENDPOINT: 'oss-cn-shanghai.aliyuncs.com' },
      undefined,
      'OSS_ENDPOINT',
    ],
    ['OSS_ENDPOINT ftp', { ...BASE_ENV, OSS_ENDPOINT: 'ftp://oss.example.com' }, undefined, 'OSS_ENDPOINT'],
    ['SLACK_API_URL without scheme', { ...BASE_ENV, SLACK_API_URL: 'slack.com/api' }, undefined, 'SLACK_API_URL'],
    [
      'AK id without secret',
      { ...BASE_ENV, ALIBABA_CLOUD_ACCESS_KEY_ID: AK_ID },
      undefined,
      'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    ],
    [
      'AK secret without id',
      { ...BASE_ENV, ALIBABA_CLOUD_ACCESS_KEY_SECRET: AK_SECRET },
      undefined,
      'ALIBABA_CLOUD_ACCESS_KEY_ID',
    ],
    [
      'STS token without keys',
      { ...BASE_ENV, ALIBABA_CLOUD_SECURITY_TOKEN: STS_TOKEN },
      undefined,
      'ALIBABA_CLOUD_SECURITY_TOKEN',
    ],
    ['LOG_LEVEL junk', { ...BASE_ENV, LOG_LEVEL: 'verbose' }, undefined, 'LOG_LEVEL'],
    ['PAI_BOT_CONFIG missing file', { ...BASE_ENV, PAI_BOT_CONFIG: '/nope/pai-bot.yaml' }, undefined, 'PAI_BOT_CONFIG'],
  ];

  it.each(cases)('%s', (_name, env, role, setting) => {
    const err = configError(() => load({ env, ...(role ? { role } : {}) }));
    expect(err.setting).toBe(setting);
    expect(err.message.startsWith(`${setting}: `)).toBe(true);
  });

  it('says what to do for a missing bot token and a wrong prefix', () => {
    expect(configError(() => load({ env: { SLACK_SIGNING_SECRET: SIGNING_SECRET } })).message).toBe(
      'SLACK_BOT_TOKEN: is not set. Fix: set it to the Bot User OAuth Token (xoxb-…) from OAuth & Permissions',
    );
    expect(
      configError(() => load({ env: { ...BASE_ENV, SLACK_BOT_TOKEN: 'xoxp-1234-SeCrEtUsErToKeN' } })).message,
    ).toMatch(/starting with xoxb-/);
  });

  it('points a missing signing secret at Socket Mode as the alternative', () => {
    expect(configError(() => load({ env: { SLACK_BOT_TOKEN: BOT_TOKEN } })).fix).toContain('SLACK_APP_TOKEN');
  });

  it('shows the bad value when it is not a secret', () => {
    expect(configError(() => load({ env: { ...BASE_ENV, PORT: 'http' } })).message).toContain('"http"');
    expect(configError(() => load({ env: { ...BASE_ENV, PAI_DLC_ENDPOINT: '127.0.0.1:9100' } })).message).toContain(
      'http://',
    );
    expect(configError(() => load({ env: { ...BASE_ENV, LOG_LEVEL: 'verbose' } })).message).toContain('"verbose"');
    expect(configError(() => load({ env: { ...BASE_ENV, PAI_BOT_CONFIG: '/nope/pai-bot.yaml' } })).message).toContain(
      '/nope/pai-bot.yaml does not exist',
    );
  });

  it('never echoes a secret pasted into the wrong variable', () => {
    for (const env of [
      { ...BASE_ENV, PORT: BOT_TOKEN },
      { ...BASE_ENV, LOG_LEVEL: APP_TOKEN },
      { ...BASE_ENV, PAI_DLC_ENDPOINT: SIGNING_SECRET },
      {
        ...BASE_ENV,
        ALIBABA_CLOUD_ACCESS_KEY_ID: AK_ID,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: AK_SECRET,
        OSS_ENDPOINT: AK_SECRET,
      },
      { ...BASE_ENV, SLACK_API_URL: 'xoxp-9999-SeCrEtUsErToKeN' },
    ]) {
      configError(() => load({ env }));
    }
  });

  it('reports an unreadable file with its reason on one line', () => {
    const err = configError(() =>
      loadConfig({
        env: BASE_ENV,
        readFile: () => {
          throw Object.assign(new Error('EACCES: permission denied\n    at open'), { code: 'EACCES' });
        },
      }),
    );
    expect(err.message).toContain('cannot be read (EACCES: permission denied)');
  });
});

describe('loadConfig: file errors name the setting and the fix, on one line', () => {
  const WS = (extra: string, base = '  - name: dev\n    id: "100001"\n    env: dev\n') =>
    `region: cn-shanghai\nworkspaces:\n${base}${extra}`;
  const PROD = '  - name: prod\n    id: "100002"\n    env: prod\n';

  it('rejects invalid YAML', () => {
    const err = fileError('region: [cn-shanghai\nworkspaces:\n  - name: dev\n');
    expect(err.setting).toBe('./pai-bot.yaml');
    expect(err.message).toMatch(/is not valid YAML: .*line \d+/);
  });

  it('rejects duplicate keys as invalid YAML', () => {
    expect(fileError(`${MINIMAL_YAML}region: cn-beijing\n`).message).toMatch(/not valid YAML: Map keys must be unique/);
  });

  it('rejects a file that is not a mapping', () => {
    expect(fileError('- region: cn-shanghai\n').message).toMatch(
      /^\.\/pai-bot\.yaml: must be a YAML mapping .*not a list\. Fix: /,
    );
  });

  it.each([
    ['pol_interval', `${MINIMAL_YAML}pol_interval: 30s\n`, 'pol_interval', 'poll_interval'],
    ['regoin', MINIMAL_YAML.replace('region', 'regoin'), 'regoin', 'region'],
    ['workspaces[0].approver', WS('    approver: [U0APPR1]\n'), 'workspaces[0].approver', 'approvers'],
    [
      'workspaces[0].approvals_requried',
      WS('    approvals_requried: 2\n'),
      'workspaces[0].approvals_requried',
      'approvals_required',
    ],
    [
      'approvals.expire_afer',
      `${MINIMAL_YAML}approvals:\n  expire_afer: 1h\n`,
      'approvals.expire_afer',
      'expire_after',
    ],
    ['alerts.chanel', `${MINIMAL_YAML}alerts:\n  chanel: C0ONCALL\n`, 'alerts.chanel', 'channel'],
    [
      'app_home.opened_whithin',
      `${MINIMAL_YAML}app_home:\n  opened_whithin: 24h\n`,
      'app_home.opened_whithin',
      'opened_within',
    ],
  ])('rejects the unknown key %s with a did-you-mean', (_name, yaml, setting, suggestion) => {
    const err = fileError(yaml);
    expect(err.setting).toBe(`./pai-bot.yaml: ${setting}`);
    expect(err.message).toContain('is not a known setting');
    expect(err.fix).toContain(`did you mean "${suggestion}"?`);
  });

  it('app_home: defaults that need no setting, durations and a bounded publish budget', () => {
    expect(load().file.app_home).toEqual({ opened_within: 7 * 24 * 3_600_000, publishes_per_minute: 50 });
    const set = load({ yaml: `${MINIMAL_YAML}app_home:\n  opened_within: 24h\n  publishes_per_minute: 20\n` });
    expect(set.file.app_home).toEqual({ opened_within: 24 * 3_600_000, publishes_per_minute: 20 });
    expect(fileError(`${MINIMAL_YAML}app_home:\n  opened_within: 7d\n`).message).toContain(
      'app_home.opened_within: must be a duration',
    );
    expect(fileError(`${MINIMAL_YAML}app_home:\n  publishes_per_minute: 0\n`).message).toContain('must be at least 1');
    expect(fileError(`${MINIMAL_YAML}app_home:\n  publishes_per_minute: 101\n`).message).toContain('at most 100');
    expect(fileError(`${MINIMAL_YAML}opened_within: 24h\n`).fix).toContain('belongs under app_home');
  });

  it('a typo in a prod workspace is reported as the typo, not as missing approvers', () => {
    const err = fileError(WS('    approver: [U0APPR1]\n', PROD));
    expect(err.message).toContain('workspaces[0].approver: is not a known setting');
    expect(err.fix).toContain('"approvers"');
  });

  it('does not suggest a key from another level; it says where the key belongs', () => {
    const err = fileError(`${MINIMAL_YAML}mention: [U0ONE]\n`);
    expect(err.fix).not.toContain('did you mean');
    expect(err.fix).toContain('belongs under alerts');
  });

  it('lists the allowed keys when nothing is close', () => {
    const err = fileError(`${MINIMAL_YAML}xyzzy: 1\n`);
    expect(err.fix).toContain('remove it');
    expect(err.fix).toContain('poll_interval');
  });

  it('rejects a missing region', () => {
    const err = fileError(MINIMAL_YAML.replace('region: cn-shanghai\n', ''));
    expect(err.setting).toBe('./pai-bot.yaml: region');
    expect(err.problem).toMatch(/^is missing/);
    expect(err.message).toContain('cn-shanghai');
  });

  it('rejects a bad region', () => {
    expect(fileError(MINIMAL_YAML.replace('cn-shanghai', 'Shanghai')).message).toContain('region: must be a region id');
  });

  it('rejects missing workspaces and an empty list', () => {
    expect(fileError('region: cn-shanghai\n').message).toContain('workspaces: is missing');
    expect(fileError('region: cn-shanghai\nworkspaces: []\n').message).toContain(
      'workspaces: must list at least one workspace',
    );
  });

  it('rejects an unquoted numeric workspace id and says to quote it', () => {
    const err = fileError(MINIMAL_YAML.replace('"100001"', '100001'));
    expect(err.setting).toBe('./pai-bot.yaml: workspaces[0].id');
    expect(err.message).toMatch(/quote/i);
    expect(err.message).toContain('id: "100001"');
  });

  it('rejects a missing workspace id', () => {
    expect(fileError(MINIMAL_YAML.replace('    id: "100001"\n', '')).message).toContain('workspaces[0].id: is missing');
  });

  it('rejects a bad env value', () => {
    const err = fileError(MINIMAL_YAML.replace('env: dev', 'env: staging'));
    expect(err.setting).toBe('./pai-bot.yaml: workspaces[0].env');
    expect(err.problem).toBe('must be dev or prod');
  });

  it('rejects a channel name instead of a channel id', () => {
    const err = fileError(WS('    channels: ["#general"]\n'));
    expect(err.setting).toBe('./pai-bot.yaml: workspaces[0].channels[0]');
    expect(err.problem).toContain('channel id such as C0123ABCD');
  });

  it('rejects a bad alerts channel', () => {
    expect(fileError(`${MINIMAL_YAML}alerts:\n  channel: oncall\n`).setting).toBe('./pai-bot.yaml: alerts.channel');
  });

  it('rejects a bad user id among approvers', () => {
    expect(fileError(WS('    approvers: [alice]\n', PROD)).setting).toBe('./pai-bot.yaml: workspaces[0].approvers[0]');
  });

  it('rejects duplicate workspace names', () => {
    const err = fileError(WS('  - name: dev\n    id: "100002"\n    env: dev\n'));
    expect(err.setting).toBe('./pai-bot.yaml: workspaces[1].name');
    expect(err.problem).toContain('"dev" is used by two workspaces');
  });

  it('rejects a channel mapped to two workspaces', () => {
    const err = fileError(
      WS('    channels: [C0SHARED]\n  - name: other\n    id: "100002"\n    env: dev\n    channels: [C0SHARED]\n'),
    );
    expect(err.setting).toBe('./pai-bot.yaml: workspaces[1].channels');
    expect(err.problem).toContain('C0SHARED is already the default channel of workspace "dev"');
  });

  it('reports a channel listed twice in one workspace as a repeat, not a conflict', () => {
    expect(fileError(WS('    channels: [C0DEV, C0DEV]\n')).problem).toContain('listed twice');
  });

  it('rejects a prod workspace without approvers', () => {
    const err = fileError(WS('', PROD));
    expect(err.setting).toBe('./pai-bot.yaml: workspaces[0].approvers');
    expect(err.problem).toContain('prod workspace needs approvers');
  });

  it('rejects approvals_required greater than the listed user approvers', () => {
    const err = fileError(WS('    approvers: [U0APPR1, U0APPR2, U0APPR1]\n    approvals_required: 3\n', PROD));
    expect(err.setting).toBe('./pai-bot.yaml: workspaces[0].approvals_required');
    expect(err.problem).toContain('is 3 but only 2 approver(s)');
  });

  it('accepts approvals_required above the user count when a user group can supply approvers', () => {
    expect(
      load({ yaml: WS('    approvers: [U0APPR1, S0LEADS]\n    approvals_required: 3\n', PROD) }).file.workspaces[0]!
        .approvals_required,
    ).toBe(3);
  });

  it('rejects approvals_required of 0 or a fraction', () => {
    expect(fileError(WS('    approvers: [U0A, U0B]\n    approvals_required: 0\n', PROD)).problem).toBe(
      'must be at least 1',
    );
    expect(fileError(WS('    approvers: [U0A, U0B]\n    approvals_required: 1.5\n', PROD)).problem).toBe(
      'must be a whole number',
    );
  });

  it('rejects the same emoji as approve and reject', () => {
    const err = fileError(
      `${MINIMAL_YAML}approvals:\n  approve_reactions: [white_check_mark, thumbsup]\n  reject_reactions: [thumbsup]\n`,
    );
    expect(err.setting).toBe('./pai-bot.yaml: approvals.reject_reactions');
    expect(err.problem).toContain('"thumbsup" is both an approve and a reject reaction');
  });

  it.each([
    ['poll_interval', `${MINIMAL_YAML}poll_interval: 30\n`],
    ['poll_interval', `${MINIMAL_YAML}poll_interval: 5d\n`],
    ['poll_interval', `${MINIMAL_YAML}poll_interval: 0s\n`],
    ['poll_interval', `${MINIMAL_YAML}poll_interval: 1000h\n`],
    ['approvals.expire_after', `${MINIMAL_YAML}approvals:\n  expire_after: soon\n`],
    ['alerts.cold_start_after', `${MINIMAL_YAML}alerts:\n  channel: C0ONCALL\n  cold_start_after: -5m\n`],
  ])('rejects a bad duration for %s', (setting, yaml) => {
    const err = fileError(yaml);
    expect(err.setting).toBe(`./pai-bot.yaml: ${setting}`);
    expect(err.problem).toMatch(/duration|at most/);
  });

  it('names the file the operator configured', () => {
    const err = configError(() =>
      load({
        env: { ...BASE_ENV, PAI_BOT_CONFIG: 'conf/bot.yaml' },
        files: { 'conf/bot.yaml': `${MINIMAL_YAML}pol_interval: 1s\n` },
      }),
    );
    expect(err.message.startsWith('conf/bot.yaml: pol_interval: ')).toBe(true);
  });
});

describe('ConfigError', () => {
  it('keeps any message on one line', () => {
    const err = new ConfigError('X', 'is bad:\n  really\r\n', 'fix\nit.');
    expect(err.message).toBe('X: is bad: really. Fix: fix it');
    expect(err.name).toBe('ConfigError');
  });
});
