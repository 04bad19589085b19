// The config keys of watch: all and the alert routing: workspaces[].watch, workspaces[].alerts, alerts.on,
// alerts.dev_max_per_hour, approvals.max_pending_*, limits.queued_changes_per_user. How they load, what they default
// to, and the one line a bad value stops startup with.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alertsFor, watchOf } from '../../src/actions/alerts/alert-routing.js';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig, type Env } from '../../src/config/load-config.js';

// The documented config example, verbatim up to its notebooks: and pricing: blocks (DSW and cost estimates,
// which test/unit/cost-estimates.test.ts loads).
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
    watch: all                  # all: every DLC job and EAS service in the workspace, whoever started it (console, SDK,
                                #      CI, the bot); launched: only what the bot launched or changed.
                                #      Default: all in prod, launched in dev
    alerts:                     # optional: this workspace's alerts go elsewhere (any key of the top-level alerts block)
      channel: C0PRODALERTS
      mention: [S0PRODONCALL]
approvals:
  approve_reactions: [white_check_mark]
  reject_reactions: [x]
  expire_after: 4h
alerts:
  channel: C0ONCALL             # where alerts go
  mention: [S0ONCALL]           # users or user groups pinged in alerts
  cold_start_after: 5m          # an endpoint not ready this long after a start or scale-up is a cold-start alert
  on: [oss_403, cold_start, failed]   # which kinds alert; default: all three, in every workspace, dev included
`;

const DEV = '  - name: dev\n    id: "100001"\n    env: dev\n';
const PROD = '  - name: prod\n    id: "100002"\n    env: prod\n    approvers: [U0APPR1]\n';
/** dev (100001) then prod (100002); `devExtra` and `prodExtra` are indented keys appended to each entry. */
const yamlOf = (opts: { devExtra?: string; prodExtra?: string; rest?: string } = {}) =>
  `region: cn-shanghai\nworkspaces:\n${DEV}${opts.devExtra ?? ''}${PROD}${opts.prodExtra ?? ''}${opts.rest ?? ''}`;
const TOP_ALERTS = 'alerts:\n  channel: C0ONCALL\n  mention: [S0ONCALL]\n';

const SECRETS = ['xoxb-1234-5678-SeCrEtBoTtOkEnVaLuE', 'signing-secret-0123456789abcdef'] as const;
const ENV: Env = { SLACK_BOT_TOKEN: SECRETS[0], SLACK_SIGNING_SECRET: SECRETS[1] };

function load(yaml: string) {
  return loadConfig({
    env: ENV,
    readFile: (path) => {
      if (path !== './pai-bot.yaml')
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
      return yaml;
    },
  });
}

/** Loads `yaml`, expects a ConfigError that keeps the one-line invariants, and returns it. */
function fileError(yaml: string): ConfigError {
  let caught: unknown;
  try {
    load(yaml);
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected a ConfigError').toBeInstanceOf(ConfigError);
  const err = caught as ConfigError;
  expect(err.message).not.toMatch(/[\r\n]/);
  expect(err.message).toContain(err.setting);
  expect(err.message).toMatch(/\. Fix: \S/);
  for (const secret of SECRETS) expect(err.message).not.toContain(secret);
  return err;
}

const FIX = 'correct it in the config file; the README lists every setting';

describe('config: the documented example with watch and a workspace alerts block', () => {
  const { file } = load(EXAMPLE_YAML);

  it('loads watch and the workspace alerts block as written', () => {
    expect(file.workspaces[0]!.watch).toBeUndefined();
    expect(file.workspaces[0]!.alerts).toBeUndefined();
    expect(file.workspaces[1]).toMatchObject({
      name: 'prod',
      watch: 'all',
      alerts: { channel: 'C0PRODALERTS', mention: ['S0PRODONCALL'] },
    });
    // The workspace block holds only what it sets; the rest comes from the top level through alertsFor.
    expect(Object.keys(file.workspaces[1]!.alerts!).sort()).toEqual(['channel', 'mention']);
    expect(file.alerts).toEqual({
      channel: 'C0ONCALL',
      mention: ['S0ONCALL'],
      cold_start_after: 300_000,
      on: ['oss_403', 'cold_start', 'failed'],
      dev_max_per_hour: 2,
    });
  });

  it('fills the fair-use limits', () => {
    expect(file.approvals).toMatchObject({ max_pending_per_user: 5, max_pending_per_workspace: 20 });
    expect(file.limits).toEqual({ queued_changes_per_user: 10 });
  });

  it('routes each workspace as documented', () => {
    expect(watchOf(file.workspaces[0]!)).toBe('launched');
    expect(watchOf(file.workspaces[1]!)).toBe('all');
    expect(alertsFor(file, '100001')).toEqual({
      channel: 'C0ONCALL',
      mention: ['S0ONCALL'],
      cold_start_after: 300_000,
      on: ['oss_403', 'cold_start', 'failed'],
      dev_max_per_hour: 2,
    });
    expect(alertsFor(file, '100002')).toEqual({
      channel: 'C0PRODALERTS',
      mention: ['S0PRODONCALL'],
      cold_start_after: 300_000,
      on: ['oss_403', 'cold_start', 'failed'],
      dev_max_per_hour: 2,
    });
  });
});

describe('config: shipped examples load', () => {
  it('pai-bot.example.yaml', () => {
    const { file } = load(readFileSync(new URL('../../pai-bot.example.yaml', import.meta.url), 'utf8'));
    expect(file.workspaces.map((w) => w.name)).toEqual(['dev', 'prod']);
    expect(file.limits.queued_changes_per_user).toBe(10);
  });

  it('pai-bot.example.yaml with its commented-out watch and workspace alerts lines switched on', () => {
    // Uncommenting a documented line must give a file that loads, not an unknown-key error.
    const text = readFileSync(new URL('../../pai-bot.example.yaml', import.meta.url), 'utf8');
    const uncommented = text.replace(
      /^(\s*)# ?(\s*(?:watch|alerts|channel|mention|cold_start_after|on|dev_max_per_hour):.*)$/gm,
      '$1$2',
    );
    expect(uncommented).not.toBe(text);
    const { file } = load(uncommented);
    expect(file.workspaces.some((w) => w.watch !== undefined)).toBe(true);
    expect(file.workspaces.some((w) => w.alerts !== undefined)).toBe(true);
  });

  it("README.md's Configuration example", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('\n## Configuration\n'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(yaml, 'a yaml block under ## Configuration').toBeDefined();
    const { file } = load(yaml!);
    expect(file.workspaces.find((w) => w.env === 'prod')).toMatchObject({
      watch: 'all',
      alerts: { channel: expect.any(String) },
    });
    expect(file.alerts).toMatchObject({ on: ['oss_403', 'cold_start', 'failed'], dev_max_per_hour: 2 });
    expect(file.approvals).toMatchObject({ max_pending_per_user: 5, max_pending_per_workspace: 20 });
    expect(file.limits).toEqual({ queued_changes_per_user: 10 });
    expect(file.notebooks).toEqual({ idle_after: 2 * 3_600_000, digest_every: 24 * 3_600_000 });
    expect(file.pricing).toEqual({
      currency: 'CNY',
      per_hour: { 'ecs.gn7i-c8g1.2xlarge': 13.5, 'ml.gu7i.c16m60.1-gu30': 18 },
    });
  });
});

describe('config: defaults of the new keys', () => {
  it('leaves watch unset in the file and resolves it per env through watchOf', () => {
    const { file } = load(yamlOf());
    expect(file.workspaces.map((w) => w.watch)).toEqual([undefined, undefined]);
    expect(file.workspaces.map(watchOf)).toEqual(['launched', 'all']);
  });

  it('keeps an explicit watch against the env default', () => {
    const { file } = load(yamlOf({ devExtra: '    watch: all\n', prodExtra: '    watch: launched\n' }));
    expect(file.workspaces.map(watchOf)).toEqual(['all', 'launched']);
  });

  it('fills alerts.on with all three kinds and dev_max_per_hour with 2', () => {
    const { file } = load(yamlOf({ rest: TOP_ALERTS }));
    expect(file.alerts).toEqual({
      channel: 'C0ONCALL',
      mention: ['S0ONCALL'],
      cold_start_after: 300_000,
      on: ['oss_403', 'cold_start', 'failed'],
      dev_max_per_hour: 2,
    });
  });

  it('reads alerts.on and dev_max_per_hour as written (0 turns dev alerts off)', () => {
    const { file } = load(yamlOf({ rest: `${TOP_ALERTS}  on: [failed]\n  dev_max_per_hour: 0\n` }));
    expect(file.alerts).toMatchObject({ on: ['failed'], dev_max_per_hour: 0 });
  });

  it('fills approvals.max_pending_* and limits, and reads them as written', () => {
    expect(load(yamlOf()).file).toMatchObject({
      approvals: { max_pending_per_user: 5, max_pending_per_workspace: 20 },
      limits: { queued_changes_per_user: 10 },
    });
    const { file } = load(
      yamlOf({
        rest: 'approvals:\n  max_pending_per_user: 1\n  max_pending_per_workspace: 3\nlimits:\n  queued_changes_per_user: 1000\n',
      }),
    );
    expect(file.approvals).toMatchObject({
      max_pending_per_user: 1,
      max_pending_per_workspace: 3,
      expire_after: 4 * 3_600_000,
    });
    expect(file.limits).toEqual({ queued_changes_per_user: 1000 });
  });
});

describe('config: a workspace alerts block over the top-level one (alertsFor)', () => {
  const TOP = {
    channel: 'C0ONCALL',
    mention: ['S0ONCALL'],
    cold_start_after: 300_000,
    on: ['oss_403', 'cold_start', 'failed'],
    dev_max_per_hour: 2,
  };
  const prodAlerts = (block: string, rest = TOP_ALERTS) =>
    alertsFor(load(yamlOf({ prodExtra: `    alerts:\n${block}`, rest })).file, '100002');

  it.each([
    ['channel', '      channel: C0PRODALERTS\n', { channel: 'C0PRODALERTS' }],
    ['mention', '      mention: [U0ONE, S0TWO]\n', { mention: ['U0ONE', 'S0TWO'] }],
    ['mention, emptied', '      mention: []\n', { mention: [] }],
    ['on', '      on: [oss_403]\n', { on: ['oss_403'] }],
    ['on, emptied', '      on: []\n', { on: [] }],
    ['cold_start_after', '      cold_start_after: 90s\n', { cold_start_after: 90_000 }],
    ['dev_max_per_hour', '      dev_max_per_hour: 0\n', { dev_max_per_hour: 0 }],
  ])('overrides %s and inherits the rest', (_name, block, override) => {
    expect(prodAlerts(block)).toEqual({ ...TOP, ...override });
  });

  it('overrides every key at once', () => {
    expect(
      prodAlerts(
        '      channel: C0P\n      mention: [U0P]\n      cold_start_after: 1m\n      on: [failed]\n      dev_max_per_hour: 5\n',
      ),
    ).toEqual({
      channel: 'C0P',
      mention: ['U0P'],
      cold_start_after: 60_000,
      on: ['failed'],
      dev_max_per_hour: 5,
    });
  });

  it('routes a workspace with its own channel and no top-level alerts block, with the defaults; the others get none', () => {
    const { file } = load(yamlOf({ prodExtra: '    alerts:\n      channel: C0PRODALERTS\n' }));
    expect(file.alerts).toBeUndefined();
    expect(alertsFor(file, '100002')).toEqual({
      channel: 'C0PRODALERTS',
      mention: [],
      cold_start_after: 300_000,
      on: ['oss_403', 'cold_start', 'failed'],
      dev_max_per_hour: 2,
    });
    expect(alertsFor(file, '100001')).toBeUndefined();
  });

  it('lets a workspace without a block inherit the top level', () => {
    const { file } = load(
      yamlOf({
        prodExtra: '    alerts:\n      channel: C0PRODALERTS\n',
        rest: `${TOP_ALERTS}  on: [failed, cold_start]\n  cold_start_after: 10m\n`,
      }),
    );
    expect(alertsFor(file, '100001')).toEqual({ ...TOP, on: ['failed', 'cold_start'], cold_start_after: 600_000 });
  });
});

describe('config: bad values of the new keys stop startup with one line', () => {
  it.each([
    [
      'watch: everything',
      yamlOf({ prodExtra: '    watch: everything\n' }),
      'workspaces[1].watch',
      'must be all or launched',
    ],
    ['watch: true', yamlOf({ devExtra: '    watch: true\n' }), 'workspaces[0].watch', 'must be all or launched'],
    [
      'alerts.on: [oss_404]',
      yamlOf({ rest: `${TOP_ALERTS}  on: [oss_404]\n` }),
      'alerts.on[0]',
      'must be one of oss_403, cold_start, failed, got "oss_404"',
    ],
    [
      'alerts.on: oss_403 (not a list)',
      yamlOf({ rest: `${TOP_ALERTS}  on: oss_403\n` }),
      'alerts.on',
      'must be a list of alert kinds, e.g. on: [oss_403, cold_start, failed]',
    ],
    [
      'a workspace alerts.on: [failed, oss_404]',
      yamlOf({ prodExtra: '    alerts:\n      on: [failed, oss_404]\n', rest: TOP_ALERTS }),
      'workspaces[1].alerts.on[1]',
      'must be one of oss_403, cold_start, failed, got "oss_404"',
    ],
    [
      'a workspace alerts.on: oss_403 (not a list)',
      yamlOf({ prodExtra: '    alerts:\n      on: oss_403\n', rest: TOP_ALERTS }),
      'workspaces[1].alerts.on',
      'must be a list of alert kinds, e.g. on: [oss_403, cold_start, failed]',
    ],
    [
      'cold_start_after: soon',
      yamlOf({ prodExtra: '    alerts:\n      cold_start_after: soon\n', rest: TOP_ALERTS }),
      'workspaces[1].alerts.cold_start_after',
      'must be a duration such as 5m (units ms, s, m, h), got "soon"',
    ],
    [
      'cold_start_after: -5m',
      yamlOf({ prodExtra: '    alerts:\n      cold_start_after: -5m\n', rest: TOP_ALERTS }),
      'workspaces[1].alerts.cold_start_after',
      'must be a duration such as 5m (units ms, s, m, h), got "-5m"',
    ],
    [
      'cold_start_after: 1000h',
      yamlOf({ prodExtra: '    alerts:\n      cold_start_after: 1000h\n', rest: TOP_ALERTS }),
      'workspaces[1].alerts.cold_start_after',
      'must be at most 596h, got "1000h"',
    ],
    [
      'a workspace channel name',
      yamlOf({ prodExtra: '    alerts:\n      channel: "#prod-alerts"\n', rest: TOP_ALERTS }),
      'workspaces[1].alerts.channel',
      'must be a Slack channel id such as C0123ABCD (not a #name)',
    ],
    [
      'a workspace dev_max_per_hour: -1',
      yamlOf({ devExtra: '    alerts:\n      dev_max_per_hour: -1\n', rest: TOP_ALERTS }),
      'workspaces[0].alerts.dev_max_per_hour',
      'must be 0 or more',
    ],
    [
      'alerts.dev_max_per_hour: 1.5',
      yamlOf({ rest: `${TOP_ALERTS}  dev_max_per_hour: 1.5\n` }),
      'alerts.dev_max_per_hour',
      'must be a whole number',
    ],
    [
      'alerts.dev_max_per_hour: two',
      yamlOf({ rest: `${TOP_ALERTS}  dev_max_per_hour: two\n` }),
      'alerts.dev_max_per_hour',
      'must be a whole number such as 2',
    ],
    [
      'a workspace alerts block given as a channel',
      yamlOf({ prodExtra: '    alerts: C0PRODALERTS\n', rest: TOP_ALERTS }),
      'workspaces[1].alerts',
      'must be a block of settings, e.g. alerts: with channel:, mention:, on: … indented under it',
    ],
    [
      'an empty workspace alerts block',
      yamlOf({ prodExtra: '    alerts:\n', rest: TOP_ALERTS }),
      'workspaces[1].alerts',
      'must be a block of settings, e.g. alerts: with channel:, mention:, on: … indented under it',
    ],
    [
      'a workspace alerts block with no channel anywhere',
      yamlOf({ prodExtra: '    alerts:\n      mention: [U0ONE]\n' }),
      'workspaces[1].alerts.channel',
      'is missing and there is no top-level alerts.channel to inherit, so this workspace would raise no alerts: set one here, e.g. channel: C0123ABCD',
    ],
    [
      'limits.queued_changes_per_user: 0',
      yamlOf({ rest: 'limits:\n  queued_changes_per_user: 0\n' }),
      'limits.queued_changes_per_user',
      'must be at least 1',
    ],
    [
      'limits.queued_changes_per_user: ten',
      yamlOf({ rest: 'limits:\n  queued_changes_per_user: ten\n' }),
      'limits.queued_changes_per_user',
      'must be a whole number such as 10',
    ],
    [
      'limits as a list',
      yamlOf({ rest: 'limits: [10]\n' }),
      'limits',
      'must be a block of settings, e.g. limits: with queued_changes_per_user: 10 indented under it',
    ],
    [
      'approvals.max_pending_per_user: 1.5',
      yamlOf({ rest: 'approvals:\n  max_pending_per_user: 1.5\n' }),
      'approvals.max_pending_per_user',
      'must be a whole number',
    ],
    [
      'approvals.max_pending_per_user: 0',
      yamlOf({ rest: 'approvals:\n  max_pending_per_user: 0\n' }),
      'approvals.max_pending_per_user',
      'must be at least 1',
    ],
    [
      'approvals.max_pending_per_workspace: "20"',
      yamlOf({ rest: 'approvals:\n  max_pending_per_workspace: "20"\n' }),
      'approvals.max_pending_per_workspace',
      'must be a whole number such as 20',
    ],
  ])('%s', (_name, yaml, setting, problem) => {
    const err = fileError(yaml);
    expect(err.message).toBe(`./pai-bot.yaml: ${setting}: ${problem}. Fix: ${FIX}`);
  });
});

describe('config: unknown keys among the new ones get a did-you-mean at the right level', () => {
  const unknown = (setting: string, fix: string) => `./pai-bot.yaml: ${setting}: is not a known setting. Fix: ${fix}`;
  const didYouMean = (key: string) =>
    `did you mean "${key}"? Unknown keys are refused so a typo cannot switch a rule off`;

  it.each([
    [
      'a typo in a workspace alerts block',
      yamlOf({ prodExtra: '    alerts:\n      chanel: C0PRODALERTS\n', rest: TOP_ALERTS }),
      unknown('workspaces[1].alerts.chanel', didYouMean('channel')),
    ],
    [
      'a typo of on in a workspace alerts block',
      yamlOf({ prodExtra: '    alerts:\n      onn: [failed]\n', rest: TOP_ALERTS }),
      unknown('workspaces[1].alerts.onn', didYouMean('on')),
    ],
    [
      'a typo of dev_max_per_hour at the top',
      yamlOf({ rest: `${TOP_ALERTS}  dev_max_per_hr: 1\n` }),
      unknown('alerts.dev_max_per_hr', didYouMean('dev_max_per_hour')),
    ],
    [
      'a typo of watch in a workspace',
      yamlOf({ prodExtra: '    wach: all\n' }),
      unknown('workspaces[1].wach', didYouMean('watch')),
    ],
    [
      'a typo under limits:',
      yamlOf({ rest: 'limits:\n  queued_change_per_user: 3\n' }),
      unknown('limits.queued_change_per_user', didYouMean('queued_changes_per_user')),
    ],
    [
      'a typo of max_pending_per_user',
      yamlOf({ rest: 'approvals:\n  max_pending_per_usr: 3\n' }),
      unknown('approvals.max_pending_per_usr', didYouMean('max_pending_per_user')),
    ],
    [
      'a stranger under limits:',
      yamlOf({ rest: 'limits:\n  xyzzy: 3\n' }),
      unknown('limits.xyzzy', 'remove it; the settings allowed here are queued_changes_per_user'),
    ],
    [
      'a stranger in a workspace alerts block',
      yamlOf({ prodExtra: '    alerts:\n      xyzzy: 1\n', rest: TOP_ALERTS }),
      unknown(
        'workspaces[1].alerts.xyzzy',
        'remove it; the settings allowed here are channel, mention, cold_start_after, on, dev_max_per_hour',
      ),
    ],
    [
      'watch inside a workspace alerts block',
      yamlOf({ prodExtra: '    alerts:\n      watch: all\n', rest: TOP_ALERTS }),
      unknown(
        'workspaces[1].alerts.watch',
        '"watch" belongs under the workspace entry (next to name, id, env), not here; move it there',
      ),
    ],
    [
      'watch inside the top-level alerts block',
      yamlOf({ rest: `${TOP_ALERTS}  watch: all\n` }),
      unknown('alerts.watch', '"watch" belongs under each entry of workspaces:, not here; move it there'),
    ],
    [
      'watch at the top level',
      yamlOf({ rest: 'watch: all\n' }),
      unknown('watch', '"watch" belongs under each entry of workspaces:, not here; move it there'),
    ],
    [
      'on at the top level',
      yamlOf({ rest: 'on: [failed]\n' }),
      unknown('on', '"on" belongs under alerts:, not here; move it there'),
    ],
    [
      'max_pending_per_user under limits:',
      yamlOf({ rest: 'limits:\n  max_pending_per_user: 3\n' }),
      unknown(
        'limits.max_pending_per_user',
        '"max_pending_per_user" belongs under approvals:, not here; move it there',
      ),
    ],
    [
      'queued_changes_per_user under approvals:',
      yamlOf({ rest: 'approvals:\n  queued_changes_per_user: 3\n' }),
      unknown(
        'approvals.queued_changes_per_user',
        '"queued_changes_per_user" belongs under limits:, not here; move it there',
      ),
    ],
  ])('%s', (_name, yaml, message) => {
    expect(fileError(yaml).message).toBe(message);
  });
});
