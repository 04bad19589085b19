// The DLC training-job verbs: `/pai dlc submit|status|list|stop|logs`.

import { JOB_TYPES, type JobType } from '../../../pai/dlc-types.js';
import {
  checkData,
  checkEnv,
  checkImage,
  checkInstance,
  checkJobId,
  checkJobName,
  checkNonEmpty,
  checkJobType,
  checkPod,
  checkStatus,
} from '../checks.js';
import type { Check } from '../messages.js';
import {
  arg,
  optional,
  range,
  repeated,
  required,
  toggle,
  verb,
  wholeNumber,
  withDefault,
  type Bounds,
  workspaceFlag,
  workspaceSubject,
} from '../verb-spec.js';

export const DEFAULT_JOB_TYPE: JobType = 'PyTorchJob';
const WORKERS: Bounds = { min: 1, max: 100 };
export const DEFAULT_WORKERS = 1;
const PRIORITY: Bounds = { min: 1, max: 9 };
const TAIL: Bounds = { min: 1, max: 500 };
export const DEFAULT_LOG_TAIL = 50;

const section = 'DLC training jobs';

const jobId = arg('<job-id>', (verbName) => `missing the job id: it comes right after "${verbName}"`, checkJobId);
const byJobId = (job: { jobId: string }) => job.jobId;

// Most stray words in a submit are an unquoted --command; say so.
const QUOTE_HINT = '; put values with spaces in quotes, e.g. --command "python train.py --epochs 3"';

export const DLC_EXAMPLES: readonly string[] = [
  '/pai dlc submit mnist-1 --image pytorch:2.1-gpu --command "python train.py --epochs 3" -w dev',
  '/pai dlc submit bert-ft --image pytorch:2.1-gpu --command "torchrun train.py" --workers 4 --instance ecs.gn6i-c4g1.xlarge --data oss://my-bucket/glue:/mnt/data --env WANDB_MODE=offline --spot',
  '/pai dlc logs dlc1a2b3c4d5e6 --tail 100',
];

export const DLC_VERBS = [
  verb({
    group: 'dlc',
    names: ['submit'],
    section,
    summary: 'submit a training job',
    notes: [
      '• `--image` and `--command` are required; quote a command that has spaces',
      `• \`--type\` defaults to ${DEFAULT_JOB_TYPE}; one of ${JOB_TYPES.join(', ')}`,
      `• \`--workers\` ${range(WORKERS)} (default ${DEFAULT_WORKERS}); \`--priority\` ${range(PRIORITY)}; \`--spot\` uses spot instances`,
      '• `--data` mounts an OSS path (repeatable); `--env` sets a variable (repeatable)',
      '• before submitting, the bot checks each `--data` location as `/pai oss check` does',
      "• `--skip-preflight`: do not check the --data buckets with the bot's own credentials before submitting (for buckets only PAI's role may read)",
    ],
    args: { name: arg('<name>', () => 'missing the job name: it comes right after "dlc submit"', checkJobName) },
    extraHint: () => QUOTE_HINT,
    queues: { type: 'dlc.submit', subject: (job) => job.command.name },
    flags: {
      image: required('--image', '<image>', checkImage),
      command: required('--command', '"<command>"', (raw) => checkNonEmpty('--command', raw)),
      jobType: withDefault('--type', DEFAULT_JOB_TYPE, checkJobType, DEFAULT_JOB_TYPE),
      workers: withDefault('--workers', 'N', wholeNumber('--workers', WORKERS), DEFAULT_WORKERS),
      instance: optional('--instance', '<ecs-spec>', (raw) => checkInstance(raw), { wrap: true }),
      data: repeated('--data', 'oss://bucket/path[:/mount/path]', (raws) => all(raws, checkData)),
      env: repeated('--env', 'KEY=VALUE', checkEnv),
      priority: optional('--priority', `${PRIORITY.min}-${PRIORITY.max}`, wholeNumber('--priority', PRIORITY), {
        wrap: true,
      }),
      spot: toggle('--spot'),
      skipPreflight: toggle('--skip-preflight'),
      workspace: workspaceFlag(),
    },
  }),
  verb({
    group: 'dlc',
    names: ['status'],
    section,
    summary: 'show a job’s status',
    args: { jobId },
    flags: {},
    queues: { type: 'dlc.status', subject: byJobId },
  }),
  verb({
    group: 'dlc',
    names: ['list'],
    section,
    summary: 'list recent jobs',
    detail: 'list recent jobs; `--mine` shows only yours',
    args: {},
    flags: {
      status: optional('--status', '<status>', checkStatus),
      mine: toggle('--mine'),
      workspace: workspaceFlag(),
    },
    queues: { type: 'dlc.list', subject: workspaceSubject },
  }),
  verb({
    group: 'dlc',
    names: ['stop'],
    section,
    summary: 'stop a job',
    args: { jobId },
    flags: {},
    queues: { type: 'dlc.stop', subject: byJobId },
  }),
  verb({
    group: 'dlc',
    names: ['logs'],
    section,
    summary: 'show the last log lines of a job',
    detail: `show the last log lines (\`--tail\` ${range(TAIL)}, default ${DEFAULT_LOG_TAIL})`,
    args: { jobId },
    flags: {
      pod: optional('--pod', '<pod-id>', checkPod),
      tail: withDefault('--tail', 'N', wholeNumber('--tail', TAIL), DEFAULT_LOG_TAIL),
    },
    queues: { type: 'dlc.logs', subject: byJobId },
  }),
];

/** Checks every value of a repeated flag, stopping at the first refused. */
function all<T>(raws: readonly string[], check: (raw: string) => Check<T>): Check<T[]> {
  const out: T[] = [];
  for (const raw of raws) {
    const r = check(raw);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return { ok: true, value: out };
}
