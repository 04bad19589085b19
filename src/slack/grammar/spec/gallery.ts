// The Model Gallery verbs: `/pai gallery list|deploy`. A deploy takes a QuickStart model's latest spec and creates it
// as an EAS service; its service name, --instance and --replicas are checked exactly as `/pai eas deploy` checks them.

import { checkInstance, checkService } from '../checks.js';
import { didYouMean, fail, ok, show, suggest, type Check } from '../messages.js';
import { arg, optional, range, verb, wholeNumber, workspaceFlag } from '../verb-spec.js';
import { INSTANCE_EXAMPLE, REPLICAS } from './eas.js';

const section = 'Model Gallery';

const MODEL_ID = /^model-[a-z0-9]{1,64}$/;
const TASK = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const MAX_SEARCH = 100;
/** Common task names (the simulated catalogue's, and image-classification), to suggest a fix to a malformed --task. */
const KNOWN_TASKS = ['text-generation', 'sentence-embedding', 'text-classification', 'image-classification'];

const MODEL_EXAMPLE = 'model-qwen27binstruct0001';
const LIST_HINT = '/pai gallery list shows the ids';

export function checkModelId(raw: string): Check<string> {
  if (MODEL_ID.test(raw)) return ok(raw);
  if (raw === '') return fail('the model id must not be empty');
  if (raw.length > 70) return fail(`a model id is at most 70 characters (got ${raw.length})`);
  if (MODEL_ID.test(raw.toLowerCase())) return fail(`model ids are lowercase: did you mean ${raw.toLowerCase()}?`);
  if (!raw.toLowerCase().startsWith('model-')) {
    return fail(
      `the model id comes first and looks like ${MODEL_EXAMPLE}, not a model name; ${LIST_HINT} (got ${show(raw)})`,
    );
  }
  return fail(`a model id is "model-" then lowercase letters and digits, like ${MODEL_EXAMPLE} (got ${show(raw)})`);
}

function checkTask(raw: string): Check<string> {
  if (TASK.test(raw)) return ok(raw);
  const guess = suggest(raw.trim().replace(/[\s_]+/g, '-'), KNOWN_TASKS);
  return fail(
    `--task is one task name like text-generation or sentence-embedding; for free text use --search (got ${show(raw)})${didYouMean(guess)}`,
  );
}

function checkSearch(raw: string): Check<string> {
  const text = raw.trim();
  if (text === '') return fail('--search must not be empty');
  if (text.length > MAX_SEARCH) return fail(`--search is at most ${MAX_SEARCH} characters (got ${text.length})`);
  return ok(text);
}

/** The examples of `/pai help gallery`; a test checks that each one parses. */
export const GALLERY_EXAMPLES: readonly string[] = [
  '/pai gallery list --task text-generation',
  '/pai gallery list --search qwen',
  `/pai gallery deploy ${MODEL_EXAMPLE} qwen_chat --instance ecs.gn7i-c8g1.2xlarge --replicas 2 -w dev`,
];

export const GALLERY_VERBS = [
  verb({
    group: 'gallery',
    names: ['list'],
    section,
    summary: 'list the models you can deploy',
    detail:
      'list the Model Gallery’s QuickStart models (name, id, task, latest version); `--task` is one task, `--search` free text',
    args: {},
    flags: {
      task: optional('--task', '<task>', checkTask),
      search: optional('--search', '<text>', checkSearch),
    },
    extraHint: () => '; quote a --search text that has spaces',
    queues: { type: 'gallery.list' },
  }),
  verb({
    group: 'gallery',
    names: ['deploy'],
    section,
    summary: 'deploy a gallery model as an EAS service',
    detail: 'deploy a model’s latest version as an EAS service, with the service config the gallery gives for it',
    notes: [
      `• \`<model-id>\` as \`/pai gallery list\` shows it; \`<service>\` follows the \`/pai eas deploy\` rule (\`qwen_chat\`, not \`qwen-chat\`)`,
      `• \`--instance\` (like ${INSTANCE_EXAMPLE}) and \`--replicas\` (${range(REPLICAS)}) replace the model’s own; the service is labelled with the model and version, and followed like an eas deploy`,
    ],
    args: {
      modelId: arg(
        '<model-id>',
        () => `missing the model id: /pai gallery deploy <model-id> <service>; ${LIST_HINT}`,
        checkModelId,
        true,
      ),
      service: arg(
        '<service>',
        (_verb, before) =>
          `missing the service name after the model id, e.g. /pai gallery deploy ${before[0]} qwen_chat`,
        checkService,
      ),
    },
    pre: (positionals) => {
      const [first, second] = positionals;
      if (first && second && !first.value.startsWith('model-') && MODEL_ID.test(second.value)) {
        return fail(`the model id comes first: /pai gallery deploy ${second.value} ${first.value.slice(0, 64)}`);
      }
      return undefined;
    },
    flags: {
      instance: optional('--instance', '<type>', (raw) => checkInstance(raw, INSTANCE_EXAMPLE)),
      replicas: optional('--replicas', 'N', wholeNumber('--replicas', REPLICAS)),
      workspace: workspaceFlag(),
    },
    queues: { type: 'gallery.deploy', subject: (job) => `${job.command.modelId} ${job.command.service}` },
  }),
];
