// The DSW notebook verbs: `/pai dsw list|status|stop|start|idle-stop`. A notebook is named by its instance id and
// belongs to the command's workspace (-w, else the channel's default): the worker refuses one of another workspace.

import { checkDswInstanceId, checkDswStatus, checkIdleDuration, checkPercent, formatMinutes } from '../checks.js';
import {
  arg,
  optional,
  required,
  toggle,
  verb,
  withDefault,
  type Bounds,
  type Queues,
  workspaceFlag,
  workspaceSubject,
} from '../verb-spec.js';

/** MaxIdleTimeInMinutes: at least 10 minutes (a shorter idle limit stops notebooks mid-thought), at most a week. */
const IDLE_AFTER: Bounds = { min: 10, max: 7 * 1_440 };
const PERCENT: Bounds = { min: 1, max: 100 };
/**
 * The thresholds sent when --cpu or --gpu is not given: PAI documents no defaults, so both are always sent, with the
 * SDK's example values (docs/pai-wire-notes.md, the DSW section).
 */
export const DEFAULT_IDLE_CPU_PERCENT = 20;
export const DEFAULT_IDLE_GPU_PERCENT = 10;

const section = 'DSW notebooks';

const instanceId = arg(
  '<instance-id>',
  (verbName) => `missing the instance id: it comes right after "${verbName}", like dsw-05cefd0be2e5a278`,
  checkDswInstanceId,
  true,
);
const byInstance = (job: { instanceId: string }) => job.instanceId;

/** Every change to a notebook queues one job type; its verb says which of them it is. */
const change: Queues<'dsw.change'> = { type: 'dsw.change', name: (job) => job.change.verb, subject: byInstance };

const percent = (flag: string, fallback: number) =>
  withDefault(flag, '<percent>', (raw) => checkPercent(flag, raw, PERCENT.min, PERCENT.max), fallback);

/** The examples of `/pai help dsw`; a test checks that each one parses. */
export const DSW_EXAMPLES: readonly string[] = [
  '/pai dsw list --idle -w dev',
  '/pai dsw list --status stopped',
  '/pai dsw stop dsw-05cefd0be2e5a278 --save-image',
  '/pai dsw idle-stop dsw-05cefd0be2e5a278 --after 1h --gpu 5',
];

export const DSW_VERBS = [
  verb({
    group: 'dsw',
    names: ['list'],
    section,
    summary: 'list notebooks',
    detail:
      'list the notebooks of a workspace (all statuses, or one with `--status`); `--idle`: the Running ones idle longer than `notebooks.idle_after` or with no idle-stop policy',
    args: {},
    flags: {
      status: optional('--status', '<status>', checkDswStatus),
      idle: toggle('--idle'),
      workspace: workspaceFlag(),
    },
    relations: [
      {
        after: 'idle',
        check: ({ status, idle }) =>
          idle && status !== undefined && status !== 'Running'
            ? `--idle lists Running notebooks only; leave out --status ${status}, or --idle`
            : undefined,
      },
    ],
    queues: { type: 'dsw.list', subject: workspaceSubject },
  }),
  verb({
    group: 'dsw',
    names: ['status'],
    section,
    summary: 'show a notebook’s status',
    detail: 'show a notebook’s status, instance type, running time, idle-stop policy and idle time',
    args: { instanceId },
    flags: { workspace: workspaceFlag() },
    queues: { type: 'dsw.status', subject: byInstance },
  }),
  verb({
    group: 'dsw',
    names: ['stop'],
    section,
    summary: 'stop a notebook',
    detail:
      'stop a notebook; `--save-image` saves its environment as an image first; it asks you to confirm unless you add `--yes`',
    args: { instanceId },
    extraHint: (extra) => (/^y(es)?$/i.test(extra) ? '; to skip the confirmation, add --yes' : ''),
    flags: { saveImage: toggle('--save-image'), yes: toggle('--yes'), workspace: workspaceFlag() },
    queues: change,
  }),
  verb({
    group: 'dsw',
    names: ['start'],
    section,
    summary: 'start a stopped notebook',
    args: { instanceId },
    flags: { workspace: workspaceFlag() },
    queues: change,
  }),
  verb({
    group: 'dsw',
    names: ['idle-stop'],
    section,
    summary: 'stop a notebook automatically once idle',
    detail: `stop a notebook automatically once it has been idle for \`--after\` (${formatMinutes(IDLE_AFTER.min)} to ${formatMinutes(IDLE_AFTER.max)}, e.g. 30m, 2h, 1d); idle means CPU use under \`--cpu\` percent (default ${DEFAULT_IDLE_CPU_PERCENT}) and, on a GPU instance, GPU use under \`--gpu\` percent (default ${DEFAULT_IDLE_GPU_PERCENT}); it replaces the notebook’s policy, if any`,
    args: { instanceId },
    extraHint: (extra) =>
      /^[0-9]+(?:\.[0-9]+)?[mhd]?$/i.test(extra) ? `; give the idle time as --after ${extra}` : '',
    flags: {
      maxIdleMinutes: required('--after', '<duration>', (raw) =>
        checkIdleDuration('--after', raw, IDLE_AFTER.min, IDLE_AFTER.max),
      ),
      cpuPercent: percent('--cpu', DEFAULT_IDLE_CPU_PERCENT),
      gpuPercent: percent('--gpu', DEFAULT_IDLE_GPU_PERCENT),
      workspace: workspaceFlag(),
    },
    requireSome: {
      flags: ['--after'],
      message: '--after is required: how long the notebook may be idle before it is stopped, like --after 1h',
    },
    queues: change,
  }),
];
