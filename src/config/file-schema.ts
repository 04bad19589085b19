// The YAML config file, validated strictly: unknown keys are errors because a typo such as
// `approvals_requried` must not silently turn approvals off.

import { z } from 'zod';
import { parseDuration } from './duration.js';

const MAX_TIMER_MS = 2 ** 31 - 1;

const duration = (example: string) =>
  z.string({ error: `must be a duration such as ${example} (units ms, s, m, h)` }).transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined || ms <= 0) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a duration such as ${example} (units ms, s, m, h), got "${text.slice(0, 40)}"`,
      });
      return z.NEVER;
    }
    if (ms > MAX_TIMER_MS) {
      // Node timers overflow above 2^31-1 ms and then fire at once, which would poll or expire in a loop.
      ctx.addIssue({ code: 'custom', message: `must be at most 596h, got "${text.slice(0, 40)}"` });
      return z.NEVER;
    }
    return ms;
  });

const slackId = (what: string) =>
  z
    .string({ error: `must be a Slack ${what} id such as U0123ABCD or a user-group id such as S0123ABCD` })
    .regex(/^[UWS][A-Z0-9]{2,}$/, `must be a Slack ${what} id such as U0123ABCD or a user-group id such as S0123ABCD`);

const channelId = z
  .string({ error: 'must be a Slack channel id such as C0123ABCD (not a #name)' })
  .regex(/^[CGD][A-Z0-9]{2,}$/, 'must be a Slack channel id such as C0123ABCD (not a #name)');

export const ALERT_KINDS = ['oss_403', 'cold_start', 'failed'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
const alertKinds = z.array(
  z.enum(ALERT_KINDS, {
    error: (issue) =>
      `must be one of ${ALERT_KINDS.join(', ')}${typeof issue.input === 'string' ? `, got "${issue.input.slice(0, 40)}"` : ''}`,
  }),
  { error: `must be a list of alert kinds, e.g. on: [${ALERT_KINDS.join(', ')}]` },
);

/** A block such as `alerts:` given as a list, a single value or left empty: say what belongs there, not zod's "expected object". */
const block = (example: string) => ({
  error: (issue: { code?: string }) =>
    issue.code === 'invalid_type' ? `must be a block of settings, e.g. ${example}` : undefined,
});

/** A workspace's own alert settings: any key of the top-level alerts block, each overriding it there. */
const workspaceAlerts = z.strictObject(
  {
    channel: channelId.optional(),
    mention: z.array(slackId('user')).optional(),
    cold_start_after: duration('5m').optional(),
    on: alertKinds.optional(),
    dev_max_per_hour: z
      .number({ error: 'must be a whole number such as 2' })
      .int('must be a whole number')
      .min(0, 'must be 0 or more')
      .optional(),
  },
  block('alerts: with channel:, mention:, on: … indented under it'),
);

const workspace = z.strictObject({
  name: z
    .string({
      error: (issue) =>
        typeof issue.input === 'number'
          ? 'must be text: quote it, e.g. name: "dev"'
          : 'must be the alias users type after -w, e.g. name: dev',
    })
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "_" or "-"'),
  id: z
    .string({
      error: (issue) =>
        typeof issue.input === 'number'
          ? `is a number, but a PAI workspace id must be a quoted string (YAML would drop leading zeros or round it): quote it, e.g. id: "${String(issue.input)}"`
          : 'must be the PAI workspace id as a quoted string, e.g. id: "100001"',
    })
    .regex(/^[A-Za-z0-9-]{1,64}$/, 'must be the PAI workspace id, e.g. "100001"'),
  env: z.enum(['dev', 'prod'], { error: 'must be dev or prod' }),
  channels: z.array(channelId, { error: 'must be a list of channel ids, e.g. channels: [C0123ABCD]' }).default([]),
  operators: z
    .array(slackId('user'), { error: 'must be a list of user or user-group ids, e.g. operators: [U0123ABCD]' })
    .optional(),
  approvers: z
    .array(slackId('user'), { error: 'must be a list of user or user-group ids, e.g. approvers: [U0123ABCD]' })
    .default([]),
  approvals_required: z
    .number({ error: 'must be a whole number such as 2' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .default(1),
  // all: every DLC job and EAS service of the workspace, whoever started it; launched: only what the bot launched or
  // changed.
  watch: z.enum(['all', 'launched'], { error: 'must be all or launched' }).optional(),
  alerts: workspaceAlerts.optional(),
});

const emojiName = z
  .string()
  .regex(/^[a-z0-9_+'-]{1,100}$/, 'must be an emoji name without colons, e.g. white_check_mark');

const DEFAULT_APPROVE = ['white_check_mark'];
const DEFAULT_REJECT = ['x'];

const approvals = z.strictObject(
  {
    approve_reactions: z
      .array(emojiName)
      .min(1, 'must list at least one emoji')
      .default(() => [...DEFAULT_APPROVE]),
    reject_reactions: z
      .array(emojiName)
      .min(1, 'must list at least one emoji')
      .default(() => [...DEFAULT_REJECT]),
    expire_after: duration('4h').default(4 * 3_600_000),
    // Fair use: one person (or one workspace) cannot bury the approvers or the workers under requests.
    max_pending_per_user: z
      .number({ error: 'must be a whole number such as 5' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .default(5),
    max_pending_per_workspace: z
      .number({ error: 'must be a whole number such as 20' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .default(20),
  },
  block('approvals: with expire_after: 4h … indented under it'),
);

const limits = z.strictObject(
  {
    // Changes one user may have queued and not yet finished, in every workspace together; lookups are not counted.
    queued_changes_per_user: z
      .number({ error: 'must be a whole number such as 10' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .default(10),
  },
  block('limits: with queued_changes_per_user: 10 indented under it'),
);

const alerts = z.strictObject(
  {
    channel: channelId,
    mention: z.array(slackId('user')).default([]),
    cold_start_after: duration('5m').default(5 * 60_000),
    on: alertKinds.default(() => [...ALERT_KINDS]),
    // Dev workspaces fail often and on purpose: each dev job or service alerts once per episode, and at most this often
    // an hour.
    dev_max_per_hour: z
      .number({ error: 'must be a whole number such as 2' })
      .int('must be a whole number')
      .min(0, 'must be 0 or more')
      .default(2),
  },
  block('alerts: with channel: C0123ABCD indented under it'),
);

// DSW notebooks: when a Running one counts as idle, and how often a workspace's idle digest may be posted.
const notebooks = z.strictObject(
  {
    idle_after: duration('2h').default(2 * 3_600_000),
    digest_every: duration('24h').default(24 * 3_600_000),
  },
  block('notebooks: with idle_after: 2h indented under it'),
);

// The App Home: whose Home the watchers keep up to date (those who opened it this recently, see
// src/actions/home/refresh-homes.ts), and how many views.publish calls that may take a minute, every replica together:
// Slack allows about 100 (Tier 4), and opens and clicks publish too.
const DEFAULT_HOME_WINDOW_MS = 7 * 24 * 3_600_000;
const DEFAULT_HOME_PUBLISHES = 50;
const appHome = z.strictObject(
  {
    opened_within: duration('168h').default(DEFAULT_HOME_WINDOW_MS),
    publishes_per_minute: z
      .number({ error: 'must be a whole number such as 50' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(100, "must be at most 100 (Slack's views.publish limit is about 100 a minute)")
      .default(DEFAULT_HOME_PUBLISHES),
  },
  block('app_home: with opened_within: 168h indented under it'),
);

// List prices for cost estimates. Instance types are written as PAI spells them (ecs.gn7i-c8g1.2xlarge,
// ml.gu7i.c16m60.1-gu30); a price is per instance and hour, in `currency`.
const instanceType = z
  .string()
  .regex(/^[a-z][a-z0-9]*(\.[a-z0-9][a-z0-9-]*)+$/, 'must be an instance type such as ecs.gn7i-c8g1.2xlarge');
const pricing = z.strictObject(
  {
    currency: z
      .string({ error: 'must be a currency code such as CNY' })
      .regex(/^[A-Z]{3}$/, 'must be a three-letter currency code such as CNY or USD')
      .default('CNY'),
    per_hour: z
      .record(
        instanceType,
        z.number({ error: 'must be a price per hour such as 13.5' }).positive('must be more than 0').finite(),
        {
          error: 'must be a block of instance types and hourly prices, e.g. ecs.gn7i-c8g1.2xlarge: 13.5',
        },
      )
      .default(() => ({})),
  },
  block('pricing: with currency: CNY and per_hour: indented under it'),
);

const topLevel = {
  region: z
    .string({ error: 'must be a region id such as cn-shanghai' })
    .regex(/^[a-z]{2}-[a-z0-9-]+$/, 'must be a region id such as cn-shanghai'),
  poll_interval: duration('30s').default(30_000),
  workspaces: z
    .array(workspace, { error: 'must be a list of workspaces (each with name, id, env)' })
    .min(1, 'must list at least one workspace'),
  // A fresh default per load: the loaded config is frozen, and a shared default would be frozen with it.
  approvals: approvals.default(() => ({
    approve_reactions: [...DEFAULT_APPROVE],
    reject_reactions: [...DEFAULT_REJECT],
    expire_after: 4 * 3_600_000,
    max_pending_per_user: 5,
    max_pending_per_workspace: 20,
  })),
  alerts: alerts.optional(),
  limits: limits.default(() => ({ queued_changes_per_user: 10 })),
  notebooks: notebooks.default(() => ({ idle_after: 2 * 3_600_000, digest_every: 24 * 3_600_000 })),
  pricing: pricing.optional(),
  app_home: appHome.default(() => ({
    opened_within: DEFAULT_HOME_WINDOW_MS,
    publishes_per_minute: DEFAULT_HOME_PUBLISHES,
  })),
};

/** The keys allowed at each level of the file, for "did you mean" hints. `[]` is the top level. */
export const KNOWN_KEYS: Readonly<
  Record<
    'top' | 'workspaces' | 'approvals' | 'alerts' | 'limits' | 'notebooks' | 'pricing' | 'app_home',
    readonly string[]
  >
> = {
  top: Object.keys(topLevel),
  workspaces: Object.keys(workspace.shape),
  approvals: Object.keys(approvals.shape),
  alerts: Object.keys(alerts.shape),
  limits: Object.keys(limits.shape),
  notebooks: Object.keys(notebooks.shape),
  pricing: Object.keys(pricing.shape),
  app_home: Object.keys(appHome.shape),
};

export const fileSchema = z.strictObject(topLevel).superRefine((file, ctx) => {
  const names = new Set<string>();
  const channelOwner = new Map<string, string>();
  file.workspaces.forEach((ws, i) => {
    if (names.has(ws.name))
      ctx.addIssue({
        code: 'custom',
        path: ['workspaces', i, 'name'],
        message: `"${ws.name}" is used by two workspaces; aliases must be unique`,
      });
    names.add(ws.name);
    const own = new Set<string>();
    for (const channel of ws.channels) {
      if (own.has(channel)) {
        ctx.addIssue({
          code: 'custom',
          path: ['workspaces', i, 'channels'],
          message: `${channel} is listed twice; list each channel once`,
        });
        continue;
      }
      own.add(channel);
      const owner = channelOwner.get(channel);
      if (owner !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['workspaces', i, 'channels'],
          message: `${channel} is already the default channel of workspace "${owner}"; a channel can default to one workspace only`,
        });
      channelOwner.set(channel, ws.name);
    }
    if (ws.env === 'prod' && ws.approvers.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['workspaces', i, 'approvers'],
        message:
          'a prod workspace needs approvers (user or user-group ids); without them nothing could ever be approved',
      });
    }
    const distinct = new Set(ws.approvers).size;
    const onlyUsers = ws.approvers.every((id) => !id.startsWith('S'));
    if (onlyUsers && ws.approvers.length > 0 && ws.approvals_required > distinct) {
      ctx.addIssue({
        code: 'custom',
        path: ['workspaces', i, 'approvals_required'],
        message: `is ${ws.approvals_required} but only ${distinct} approver(s) are listed, so nothing could ever be approved`,
      });
    }
    if (ws.alerts && ws.alerts.channel === undefined && file.alerts === undefined) {
      // alertsFor() needs a channel from somewhere; without one this block would silently do nothing.
      ctx.addIssue({
        code: 'custom',
        path: ['workspaces', i, 'alerts', 'channel'],
        message:
          'is missing and there is no top-level alerts.channel to inherit, so this workspace would raise no alerts: set one here, e.g. channel: C0123ABCD',
      });
    }
  });
  const approve = new Set(file.approvals.approve_reactions);
  for (const emoji of file.approvals.reject_reactions) {
    if (approve.has(emoji))
      ctx.addIssue({
        code: 'custom',
        path: ['approvals', 'reject_reactions'],
        message: `"${emoji}" is both an approve and a reject reaction; a reaction must mean one thing`,
      });
  }
});

export type FileConfigInput = z.input<typeof fileSchema>;
export type FileConfig = z.output<typeof fileSchema>;
export type WorkspaceConfig = FileConfig['workspaces'][number];
