// Usage lines (plain text, the exact shapes of interface.md) and the `/pai help` texts (Slack mrkdwn).
// Usage strings are returned in ParseError.usage unescaped: the caller shows them in a code block and
// escapes them. helpText() is ready-to-post mrkdwn (already escaped).

import { JOB_TYPES } from '../../pai/dlc-types.js';
import type { HelpTopic } from './commands.js';

export type UsageKey =
  | 'help'
  | 'ws'
  | 'dlc.submit'
  | 'dlc.status'
  | 'dlc.list'
  | 'dlc.stop'
  | 'dlc.logs'
  | 'eas.deploy'
  | 'eas.status'
  | 'eas.list'
  | 'eas.scale'
  | 'eas.autoscale'
  | 'eas.stop'
  | 'eas.start'
  | 'eas.restart'
  | 'eas.delete'
  | 'eas.traffic'
  | 'eas.events'
  | 'oss.check'
  | 'approvals'
  | 'cancel'
  | 'alerts';

export type UsageGroup = 'dlc' | 'eas' | 'oss';

// Additions to the grammar of interface.md: `[--yes]` skips the confirmation of eas stop and delete;
// `[--skip-preflight]` skips the check of the dlc submit --data buckets with the bot's own credentials.
const EAS_LIFECYCLE = '/pai eas stop|start|restart|delete <service> [--yes]';

export const USAGE: Readonly<Record<UsageKey, string>> = {
  help: '/pai help [dlc|eas|oss|approvals]',
  ws: '/pai ws',
  'dlc.submit': [
    '/pai dlc submit <name> --image <image> --command "<command>" [--type PyTorchJob] [--workers N]',
    '                [--instance <ecs-spec>] [--data oss://bucket/path[:/mount/path]]... [--env KEY=VALUE]...',
    '                [--priority 1-9] [--spot] [--skip-preflight] [-w <workspace>]',
  ].join('\n'),
  'dlc.status': '/pai dlc status <job-id>',
  'dlc.list': '/pai dlc list [--status <status>] [--mine] [-w <workspace>]',
  'dlc.stop': '/pai dlc stop <job-id>',
  'dlc.logs': '/pai dlc logs <job-id> [--pod <pod-id>] [--tail N]',
  'eas.deploy': [
    '/pai eas deploy <service> --image <image> [--instance <type>] [--replicas N] [--port P] [--command "<command>"]',
    '                [--model oss://bucket/path] [-w <workspace>]',
  ].join('\n'),
  'eas.status': '/pai eas status <service>',
  'eas.list': '/pai eas list [-w <workspace>]',
  'eas.scale': '/pai eas scale <service> <replicas>',
  'eas.autoscale': '/pai eas autoscale <service> --min N --max M [--qps N] [--cpu P]',
  'eas.stop': EAS_LIFECYCLE,
  'eas.start': EAS_LIFECYCLE,
  'eas.restart': EAS_LIFECYCLE,
  'eas.delete': EAS_LIFECYCLE,
  'eas.traffic': '/pai eas traffic <service> <weight>',
  'eas.events': '/pai eas events <service>',
  'oss.check': '/pai oss check oss://bucket/prefix [-w <workspace>]',
  approvals: '/pai approvals',
  cancel: '/pai cancel <request-id>',
  alerts: '/pai alerts [-w <workspace>]',
};

// The order of interface.md; the four eas lifecycle verbs share one line.
const GROUP_KEYS: Readonly<Record<UsageGroup, readonly UsageKey[]>> = {
  dlc: ['dlc.submit', 'dlc.status', 'dlc.list', 'dlc.stop', 'dlc.logs'],
  eas: ['eas.deploy', 'eas.status', 'eas.list', 'eas.scale', 'eas.autoscale', 'eas.stop', 'eas.traffic', 'eas.events'],
  oss: ['oss.check'],
};

export function usageFor(key: UsageKey): string {
  return USAGE[key];
}

export function groupUsage(group: UsageGroup): string {
  return GROUP_KEYS[group].map((k) => USAGE[k]).join('\n');
}

export const TOP_LEVEL_USAGE: string = [
  USAGE.help,
  USAGE.ws,
  groupUsage('dlc'),
  groupUsage('eas'),
  groupUsage('oss'),
  USAGE.approvals,
  USAGE.cancel,
  USAGE.alerts,
].join('\n');

// ---- help (mrkdwn) ----

/** Slack requires &, < and > escaped in mrkdwn, code spans included. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function block(text: string): string {
  return '```\n' + text + '\n```';
}

// Inline code cannot span lines, so a multi-line usage gets a short name and a code block.
function verbLine(key: UsageKey, explanation: string): string {
  const usage = USAGE[key];
  if (!usage.includes('\n')) return `\`${usage}\` — ${explanation}`;
  return `\`/pai ${key.replace('.', ' ')}\` — ${explanation}:\n${block(usage)}`;
}

const WORKSPACE_NOTE =
  'The workspace is `-w <workspace>`, else this channel’s default. In a prod workspace, commands that change something wait for approval.';

const dlcLines = (): string[] => [
  verbLine('dlc.submit', 'submit a training job'),
  verbLine('dlc.status', 'show a job’s status'),
  verbLine('dlc.list', 'list recent jobs'),
  verbLine('dlc.stop', 'stop a job'),
  verbLine('dlc.logs', 'show the last log lines of a job'),
];

const easLines = (): string[] => [
  verbLine('eas.deploy', 'deploy a service'),
  verbLine('eas.status', 'show a service’s status'),
  verbLine('eas.list', 'list services'),
  verbLine('eas.scale', 'set the number of replicas'),
  verbLine('eas.autoscale', 'scale between limits on load'),
  verbLine('eas.stop', 'stop, start, restart or delete a service'),
  verbLine('eas.traffic', 'set a service’s traffic weight'),
  verbLine('eas.events', 'show a service’s recent events'),
];

/** The examples of `/pai help eas`; a test checks that each one parses. */
export const EAS_EXAMPLES: readonly string[] = [
  '/pai eas deploy bert_qa --image registry.cn-shanghai.aliyuncs.com/pai/bert-qa:1.2 --instance ecs.gn6i-c4g1.xlarge --replicas 2 --port 8000 --model oss://my-models/bert-qa -w dev',
  '/pai eas deploy echo_svc --image python:3.11 --command "python -m http.server 8000" --port 8000',
  '/pai eas scale bert_qa 0',
  '/pai eas autoscale bert_qa --min 1 --max 10 --qps 50',
  '/pai eas delete bert_qa --yes',
  '/pai eas traffic bert_qa_canary 100',
];

const ossLines = (): string[] => [verbLine('oss.check', 'check that the bot can read an OSS location, before a job needs it')];

/** The examples of `/pai help oss`; a test checks that each one parses. */
export const OSS_EXAMPLES: readonly string[] = ['/pai oss check oss://my-bucket/datasets/glue -w dev', '/pai oss check oss://my-models'];

const approvalsLines = (): string[] => [
  verbLine('approvals', 'list the pending approval requests you may see (this channel’s, yours, and those you may approve)'),
  verbLine('cancel', 'withdraw an approval request of your own (ids look like ar-7k2m9xq1)'),
];

const alertsLines = (): string[] => [
  verbLine('alerts', 'the open alerts: what, since when, who acknowledged them, muted until when (acknowledge and mute with the buttons under each alert)'),
];

function topHelp(): string {
  return [
    '*`/pai` — Alibaba Cloud PAI from Slack*  (`/pai help dlc`, `/pai help eas`, `/pai help oss` or `/pai help approvals` for details and examples)',
    verbLine('help', 'this help, or the help of one topic'),
    verbLine('ws', 'list the workspaces and this channel’s default'),
    '',
    '*DLC training jobs*',
    ...dlcLines(),
    '',
    '*EAS services*',
    ...easLines(),
    '',
    '*OSS and approvals*',
    ...ossLines(),
    ...approvalsLines(),
    '',
    '*On-call*',
    ...alertsLines(),
    '',
    WORKSPACE_NOTE,
  ].join('\n');
}

function dlcHelp(): string {
  return [
    '*DLC training jobs*',
    verbLine('dlc.submit', 'submit a training job'),
    '• `--image` and `--command` are required; quote a command that has spaces',
    `• \`--type\` defaults to PyTorchJob; one of ${JOB_TYPES.join(', ')}`,
    '• `--workers` 1 to 100 (default 1); `--priority` 1 to 9; `--spot` uses spot instances',
    '• `--data` mounts an OSS path (repeatable); `--env` sets a variable (repeatable)',
    '• before submitting, the bot checks each `--data` location as `/pai oss check` does',
    '• `--skip-preflight`: do not check the --data buckets with the bot\'s own credentials before submitting (for buckets only PAI\'s role may read)',
    verbLine('dlc.status', 'show a job’s status'),
    verbLine('dlc.list', 'list recent jobs; `--mine` shows only yours'),
    verbLine('dlc.stop', 'stop a job'),
    verbLine('dlc.logs', 'show the last log lines (`--tail` 1 to 500, default 50)'),
    '',
    '*Examples*',
    '`/pai dlc submit mnist-1 --image pytorch:2.1-gpu --command "python train.py --epochs 3" -w dev`',
    '`/pai dlc submit bert-ft --image pytorch:2.1-gpu --command "torchrun train.py" --workers 4 --instance ecs.gn6i-c4g1.xlarge --data oss://my-bucket/glue:/mnt/data --env WANDB_MODE=offline --spot`',
    '`/pai dlc logs dlc1a2b3c4d5e6 --tail 100`',
    '',
    WORKSPACE_NOTE,
  ].join('\n');
}

function easHelp(): string {
  return [
    '*EAS services*',
    verbLine('eas.deploy', 'deploy a service'),
    '• `<service>`: a lowercase letter, then lowercase letters, digits or "_", at most 64 characters (`bert_qa`, not `bert-qa`)',
    '• `--image` is required; `--replicas` 1 to 100 (default 1); `--port` is the port the container listens on; quote a `--command` that has spaces',
    '• `--instance` is an instance type like ecs.gn6i-c4g1.xlarge or ml.gu7i.c16m60.1-gu30',
    '• `--model` mounts an OSS path read-only at /models',
    verbLine('eas.status', 'show a service’s status'),
    verbLine('eas.list', 'list the services of a workspace'),
    verbLine('eas.scale', 'set the number of replicas, 0 to 100 (0 scales the service to zero)'),
    verbLine('eas.autoscale', 'scale on load between `--min` (0 to 99) and `--max` (above `--min`, at most 100) replicas; `--qps` is the target queries per second per replica, `--cpu` the target CPU use per replica in percent (50 when neither is given)'),
    verbLine('eas.stop', 'stop, start, restart or delete a service; stop and delete ask you to confirm unless you add `--yes`'),
    verbLine('eas.traffic', 'set a service’s traffic weight, 0 to 1000, relative to the other services of its group'),
    verbLine('eas.events', 'show a service’s recent events'),
    '',
    '*Examples*',
    ...EAS_EXAMPLES.map((e) => `\`${e}\``),
    '',
    WORKSPACE_NOTE,
  ].join('\n');
}

function ossHelp(): string {
  return [
    '*OSS*',
    ...ossLines(),
    '• The bot lists at most one key under the prefix, with its own credentials: a cheap request that reads no data.',
    '• It replies OK, or the error (no such bucket, access denied, wrong region…) with how to fix it.',
    '• The bucket is 3 to 63 lowercase letters, digits or hyphens; the prefix may be empty (the whole bucket). No `:/mount` suffix here.',
    '• `/pai dlc submit` runs the same check on each `--data` location before submitting, unless you add `--skip-preflight` (for buckets only PAI\'s role may read).',
    '',
    '*Examples*',
    ...OSS_EXAMPLES.map((e) => `\`${e}\``),
    '',
    'The workspace is `-w <workspace>`, else this channel’s default.',
  ].join('\n');
}

/** The examples of `/pai help approvals`; a test checks that each one parses. */
export const APPROVALS_EXAMPLES: readonly string[] = ['/pai approvals', '/pai cancel ar-7k2m9xq1'];

function approvalsHelp(): string {
  return [
    '*Approvals*',
    'In a prod workspace every command that changes something (`dlc submit`, `dlc stop`, and every `eas` command but `status`, `list` and `events`) is not run at once: it becomes an approval request that the bot posts in the channel, and it runs once enough approvers have approved it.',
    '• Approvers approve by reacting with :white_check_mark: (or pressing *Approve*) and reject with :x: (or *Reject*).',
    '• The requester cannot approve their own request.',
    '• A request that is not decided in time expires (after 4 hours, unless the bot is configured otherwise) and nothing is run.',
    '• An approved request runs once. If the bot cannot tell whether PAI made the change (its answer was lost), it does not send it again: it says so, and you check and ask again.',
    '• Each person may have a few requests waiting at once (5, unless the bot is configured otherwise); withdraw one with `/pai cancel <id>` to ask for another.',
    ...approvalsLines(),
    '',
    '*Examples*',
    ...APPROVALS_EXAMPLES.map((e) => `\`${e}\``),
  ].join('\n');
}

const HELP: Readonly<Record<HelpTopic | 'top', () => string>> = {
  top: topHelp,
  dlc: dlcHelp,
  eas: easHelp,
  oss: ossHelp,
  approvals: approvalsHelp,
};

/** Help for `/pai help [topic]`, as Slack mrkdwn (already escaped), under 3000 characters. */
export function helpText(topic?: HelpTopic): string {
  return escapeMrkdwn(HELP[topic ?? 'top']());
}
