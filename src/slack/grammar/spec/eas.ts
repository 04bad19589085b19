// The EAS service verbs: `/pai eas deploy|status|list|scale|autoscale|stop|start|restart|delete|traffic|events`.

import {
  SERVICE,
  checkCount,
  checkImage,
  checkInstance,
  checkModel,
  checkNonEmpty,
  checkQps,
  checkService,
} from '../checks.js';
import { fail, show, type Check } from '../messages.js';
import {
  arg,
  optional,
  range,
  required,
  toggle,
  verb,
  wholeNumber,
  withDefault,
  type Bounds,
  type Queues,
  workspaceFlag,
  workspaceSubject,
} from '../verb-spec.js';

export const REPLICAS: Bounds = { min: 1, max: 100 };
export const DEFAULT_EAS_REPLICAS = 1;
const PORT: Bounds = { min: 1, max: 65535 };
const SCALE: Bounds = { min: 0, max: 100 };
const AUTOSCALE_MIN: Bounds = { min: 0, max: 100 };
const AUTOSCALE_MAX: Bounds = { min: 1, max: 100 };
const CPU: Bounds = { min: 1, max: 100 };
const DEFAULT_CPU_TARGET = 50; // applied by the worker when neither --qps nor --cpu is given
const WEIGHT: Bounds = { min: 0, max: 1000 };

const section = 'EAS services';

/** The service name, first of every eas verb; checked early, since a bad name is the likelier mistake. */
const service = arg(
  '<service>',
  (verbName) => `missing the service name: it comes right after "${verbName}"`,
  checkService,
  true,
);
const byService = (job: { service: string }) => job.service;

/** Every change to an existing service queues one job type; its verb says which one of them it is. */
const change: Queues<'eas.change'> = { type: 'eas.change', name: (job) => job.change.verb, subject: byService };

/**
 * `eas scale <service> <replicas>` and `eas traffic <service> <weight>`: the number given first
 * (`eas scale 3 svc`) gets a message saying which comes first.
 */
const serviceFirst = (positionals: readonly { value: string }[], verbName: string): Check<never> | undefined => {
  const [first, second] = positionals;
  if (first && second && /^[0-9]+$/.test(first.value) && SERVICE.test(second.value)) {
    return fail(`the service name comes first: /pai ${verbName} ${second.value} ${first.value.slice(0, 7)}`);
  }
  return undefined;
};

const count = (what: string, example: number, check: (raw: string) => Check<number>, usage: string) =>
  arg(
    usage,
    (verbName, before) => `missing ${what} after the service name, e.g. /pai ${verbName} ${before[0] ?? ''} ${example}`,
    check,
  );

const EAS_QUOTE_HINT = '; put values with spaces in quotes, e.g. --command "python app.py --port 8000"';
export const INSTANCE_EXAMPLE = 'ecs.gn6i-c4g1.xlarge or ml.gu7i.c16m60.1-gu30';

/** The examples of `/pai help eas`; a test checks that each one parses. */
export const EAS_EXAMPLES: readonly string[] = [
  '/pai eas deploy bert_qa --image registry.cn-shanghai.aliyuncs.com/pai/bert-qa:1.2 --instance ecs.gn6i-c4g1.xlarge --replicas 2 --port 8000 --model oss://my-models/bert-qa -w dev',
  '/pai eas deploy echo_svc --image python:3.11 --command "python -m http.server 8000" --port 8000',
  '/pai eas scale bert_qa 0',
  '/pai eas autoscale bert_qa --min 1 --max 10 --qps 50',
  '/pai eas delete bert_qa --yes',
  '/pai eas traffic bert_qa_canary 100',
];

export const EAS_VERBS = [
  verb({
    group: 'eas',
    names: ['deploy'],
    section,
    summary: 'deploy a service',
    notes: [
      '• `<service>`: a lowercase letter, then lowercase letters, digits or "_", at most 64 characters (`bert_qa`, not `bert-qa`)',
      `• \`--image\` is required; \`--replicas\` ${range(REPLICAS)} (default ${DEFAULT_EAS_REPLICAS}); \`--port\` is the port the container listens on; quote a \`--command\` that has spaces`,
      `• \`--instance\` is an instance type like ${INSTANCE_EXAMPLE}`,
      '• `--model` mounts an OSS path read-only at /models',
    ],
    args: { service },
    extraHint: () => EAS_QUOTE_HINT,
    queues: { type: 'eas.deploy', subject: (job) => job.command.service },
    flags: {
      image: required('--image', '<image>', checkImage),
      instance: optional('--instance', '<type>', (raw) => checkInstance(raw, INSTANCE_EXAMPLE)),
      replicas: withDefault('--replicas', 'N', wholeNumber('--replicas', REPLICAS), DEFAULT_EAS_REPLICAS),
      port: optional('--port', 'P', wholeNumber('--port', PORT)),
      command: optional('--command', '"<command>"', (raw) => checkNonEmpty('--command', raw)),
      model: optional('--model', 'oss://bucket/path', checkModel, { wrap: true }),
      workspace: workspaceFlag(),
    },
  }),
  verb({
    group: 'eas',
    names: ['status'],
    section,
    summary: 'show a service’s status',
    args: { service },
    flags: {},
    queues: { type: 'eas.status', subject: byService },
  }),
  verb({
    group: 'eas',
    names: ['list'],
    section,
    summary: 'list services',
    detail: 'list the services of a workspace',
    args: {},
    flags: { workspace: workspaceFlag() },
    queues: { type: 'eas.list', subject: workspaceSubject },
  }),
  verb({
    group: 'eas',
    names: ['scale'],
    section,
    summary: 'set the number of replicas',
    detail: `set the number of replicas, ${range(SCALE)} (0 scales the service to zero)`,
    pre: serviceFirst,
    args: {
      service,
      replicas: count(
        'the number of replicas',
        2,
        (raw) => checkCount('the number of replicas', raw, SCALE.min, SCALE.max, ' (0 scales the service to zero)'),
        '<replicas>',
      ),
    },
    flags: {},
    queues: change,
  }),
  verb({
    group: 'eas',
    names: ['autoscale'],
    section,
    summary: 'scale between limits on load',
    detail: `scale on load between \`--min\` (${AUTOSCALE_MIN.min} to ${AUTOSCALE_MAX.max - 1}) and \`--max\` (above \`--min\`, at most ${AUTOSCALE_MAX.max}) replicas; \`--qps\` is the target queries per second per replica, \`--cpu\` the target CPU use per replica in percent (${DEFAULT_CPU_TARGET} when neither is given)`,
    args: { service },
    requireSome: { flags: ['--min', '--max'], message: '--min and --max are required' },
    flags: {
      min: required('--min', 'N', wholeNumber('--min', AUTOSCALE_MIN)),
      max: required('--max', 'M', wholeNumber('--max', AUTOSCALE_MAX)),
      qps: optional('--qps', 'N', checkQps),
      cpu: optional('--cpu', 'P', wholeNumber('--cpu', CPU)),
    },
    relations: [
      {
        // EAS refuses an autoscaler whose maximum is not above its minimum (CreateServiceAutoScaler; see the SDK's
        // models).
        after: 'max',
        check: ({ min = 0, max = 0 }) =>
          max <= min
            ? `--max (${max}) must be greater than --min (${min}); for a fixed number of replicas use /pai eas scale`
            : undefined,
      },
    ],
    queues: change,
  }),
  verb({
    group: 'eas',
    names: ['stop', 'start', 'restart', 'delete'],
    section,
    summary: 'stop, start, restart or delete a service',
    detail: 'stop, start, restart or delete a service; stop and delete ask you to confirm unless you add `--yes`',
    args: { service },
    extraHint: (extra) => (/^y(es)?$/i.test(extra) ? '; to skip the confirmation, add --yes' : ''),
    flags: { yes: toggle('--yes') },
    queues: change,
  }),
  verb({
    group: 'eas',
    names: ['traffic'],
    section,
    summary: 'set a service’s traffic weight',
    detail: `set a service’s traffic weight, ${range(WEIGHT)}, relative to the other services of its group`,
    pre: serviceFirst,
    args: { service, weight: count('the traffic weight', 100, checkWeight, '<weight>') },
    flags: {},
    queues: change,
  }),
  verb({
    group: 'eas',
    names: ['events'],
    section,
    summary: 'show a service’s recent events',
    args: { service },
    flags: {},
    queues: { type: 'eas.events', subject: byService },
  }),
];

function checkWeight(raw: string): Check<number> {
  if (/^[0-9.]+%$/.test(raw)) {
    return fail(
      `the traffic weight is a whole number from ${WEIGHT.min} to ${WEIGHT.max}, relative to the other services of its group, not a percentage (got ${show(raw)})`,
    );
  }
  return checkCount('the traffic weight', raw, WEIGHT.min, WEIGHT.max, ', relative to the other services of its group');
}
