// Pure: the "Submit a training job" modal (`/pai dlc submit` with no arguments, or the global shortcut), and the
// "Deploy a service" one (`/pai eas deploy` with no arguments). Each input
// block's block_id is the field's name, so a check that fails can be shown on its field (`response_action: errors`).
// The instance types come from the config (pricing.per_hour) and a default, never from PAI: the modal must open
// within the 3 s a trigger id lives (src/slack/listeners/submit-form.ts).

import { money } from './cost-text.js';
import { truncate } from './truncate.js';

export const SUBMIT_FORM_CALLBACK_ID = 'dlc_submit_form';
/** Every input's action_id; its block_id names the field. */
export const SUBMIT_FORM_ACTION_ID = 'value';
/** The instance type offered first, preselected. */
export const FORM_DEFAULT_INSTANCE = 'ecs.gn7i-c8g1.2xlarge';

export const SUBMIT_FORM_FIELDS = [
  'name',
  'image',
  'command',
  'workers',
  'instance',
  'data',
  'env',
  'workspace',
] as const;
export type SubmitFormField = (typeof SUBMIT_FORM_FIELDS)[number];

/** `/pai eas deploy` with no arguments. */
export const DEPLOY_FORM_CALLBACK_ID = 'eas_deploy_form';
export const DEPLOY_FORM_FIELDS = [
  'service',
  'image',
  'instance',
  'replicas',
  'port',
  'command',
  'model',
  'workspace',
] as const;
export type DeployFormField = (typeof DEPLOY_FORM_FIELDS)[number];

export interface SubmitFormData {
  workspaces: readonly { name: string; env: string }[];
  /** The workspace of the channel the command came from, preselected. */
  defaultWorkspace?: string;
  /** pricing.per_hour of the config. */
  perHour: Readonly<Record<string, number>>;
  currency: string;
  /** Carried to the submission: where to answer. */
  privateMetadata: string;
}

// Slack's limits (docs.slack.dev reference/block-kit/block-elements/select-menu-element, …/option-object).
const MAX_OPTIONS = 100;
const OPTION_TEXT = 75;
const OPTION_VALUE = 150;
const METADATA = 3_000;

const plain = (text: string) => ({ type: 'plain_text' as const, text });
type Option = { text: { type: 'plain_text'; text: string }; value: string };
const option = (label: string, value: string): Option => ({ text: plain(truncate(label, OPTION_TEXT)), value });

function input(field: SubmitFormField | DeployFormField, label: string, element: Record<string, unknown>, extra = {}) {
  return {
    type: 'input',
    block_id: field,
    label: plain(label),
    element: { ...element, action_id: SUBMIT_FORM_ACTION_ID },
    ...extra,
  };
}

const text = (placeholder: string, more: Record<string, unknown> = {}) => ({
  type: 'plain_text_input',
  placeholder: plain(placeholder),
  ...more,
});

export function instanceOptions(
  perHour: Readonly<Record<string, number>>,
  currency: string,
  first = FORM_DEFAULT_INSTANCE,
): Option[] {
  const types = [first, ...Object.keys(perHour).sort()].filter(
    (t, i, all) => t !== '' && t.length <= OPTION_VALUE && all.indexOf(t) === i,
  );
  return types.slice(0, MAX_OPTIONS).map((t) => {
    const price = perHour[t];
    return option(price === undefined ? t : `${t} (${money(price, currency)}/h)`, t);
  });
}

function workspaceBlocks(d: SubmitFormData) {
  const workspaces = d.workspaces
    .filter((w) => w.name !== '' && w.name.length <= OPTION_VALUE)
    .slice(0, MAX_OPTIONS)
    .map((w) => option(`${w.name} (${w.env})`, w.name));
  const initialWs = workspaces.find((o) => o.value === d.defaultWorkspace);
  if (workspaces.length === 0) return [];
  return [
    input('workspace', 'Workspace', {
      type: 'static_select',
      options: workspaces,
      ...(initialWs ? { initial_option: initialWs } : {}),
    }),
  ];
}

/** Left out when no type fits a select (the command's own default then applies). */
function instanceBlocks(d: SubmitFormData, first: string) {
  const instances = instanceOptions(d.perHour, d.currency, first);
  if (instances.length === 0) return [];
  const block = input(
    'instance',
    'Instance type',
    { type: 'static_select', options: instances, initial_option: instances[0] },
    { hint: plain('Prices are estimates from pricing.per_hour in the bot’s config.') },
  );
  return [block];
}

function modal<B>(callbackId: string, title: string, submit: string, d: SubmitFormData, blocks: B[]) {
  return {
    type: 'modal' as const,
    callback_id: callbackId,
    title: plain(title),
    submit: plain(submit),
    close: plain('Cancel'),
    private_metadata: d.privateMetadata.length <= METADATA ? d.privateMetadata : '',
    blocks,
  };
}

export function renderSubmitForm(d: SubmitFormData) {
  return modal(SUBMIT_FORM_CALLBACK_ID, 'Submit a training job', 'Submit', d, [
    input('name', 'Job name', text('mnist-1', { max_length: 256 })),
    input('image', 'Image', text('pytorch:2.1-gpu')),
    input('command', 'Command', text('python train.py --epochs 3')),
    input('workers', 'Workers', text('1 to 100', { initial_value: '1' })),
    ...instanceBlocks(d, FORM_DEFAULT_INSTANCE),
    input('data', 'OSS data mounts', text('oss://my-bucket/glue:/mnt/data', { multiline: true }), {
      optional: true,
      hint: plain('One per line: oss://bucket/path[:/mount/path]'),
    }),
    input('env', 'Environment', text('WANDB_MODE=offline', { multiline: true }), {
      optional: true,
      hint: plain('One KEY=VALUE per line'),
    }),
    ...workspaceBlocks(d),
  ]);
}

/** `defaultInstance`: what a deploy without --instance gets (src/actions/inference/build-service-config.ts). */
export function renderDeployForm(d: SubmitFormData & { defaultInstance: string }) {
  return modal(DEPLOY_FORM_CALLBACK_ID, 'Deploy a service', 'Deploy', d, [
    input('service', 'Service name', text('bert_qa', { max_length: 64 }), {
      hint: plain('A lowercase letter, then lowercase letters, digits or "_"'),
    }),
    input('image', 'Image', text('registry.example.com/team/bert-qa:1.0')),
    ...instanceBlocks(d, d.defaultInstance),
    input('replicas', 'Replicas', text('1 to 100', { initial_value: '1' })),
    input('port', 'Port', text('8000'), { optional: true, hint: plain('The port the container listens on') }),
    input('command', 'Command', text('python serve.py'), { optional: true }),
    input('model', 'Model (OSS)', text('oss://my-bucket/models/bert/'), {
      optional: true,
      hint: plain('Mounted read-only at /models'),
    }),
    ...workspaceBlocks(d),
  ]);
}
