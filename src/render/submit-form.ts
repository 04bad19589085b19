// Pure: the "Submit a training job" modal (`/pai dlc submit` with no arguments, or the global shortcut). Each input
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

function input(field: SubmitFormField, label: string, element: Record<string, unknown>, extra = {}) {
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

export function instanceOptions(perHour: Readonly<Record<string, number>>, currency: string): Option[] {
  const types = [FORM_DEFAULT_INSTANCE, ...Object.keys(perHour).sort()].filter(
    (t, i, all) => t !== '' && t.length <= OPTION_VALUE && all.indexOf(t) === i,
  );
  return types.slice(0, MAX_OPTIONS).map((t) => {
    const price = perHour[t];
    return option(price === undefined ? t : `${t} (${money(price, currency)}/h)`, t);
  });
}

export function renderSubmitForm(d: SubmitFormData) {
  const instances = instanceOptions(d.perHour, d.currency);
  const workspaces = d.workspaces
    .filter((w) => w.name !== '' && w.name.length <= OPTION_VALUE)
    .slice(0, MAX_OPTIONS)
    .map((w) => option(`${w.name} (${w.env})`, w.name));
  const initialWs = workspaces.find((o) => o.value === d.defaultWorkspace);
  const blocks = [
    input('name', 'Job name', text('mnist-1', { max_length: 256 })),
    input('image', 'Image', text('pytorch:2.1-gpu')),
    input('command', 'Command', text('python train.py --epochs 3')),
    input('workers', 'Workers', text('1 to 100', { initial_value: '1' })),
    input(
      'instance',
      'Instance type',
      { type: 'static_select', options: instances, initial_option: instances[0] },
      { hint: plain('Prices are estimates from pricing.per_hour in the bot’s config.') },
    ),
    input('data', 'OSS data mounts', text('oss://my-bucket/glue:/mnt/data', { multiline: true }), {
      optional: true,
      hint: plain('One per line: oss://bucket/path[:/mount/path]'),
    }),
    input('env', 'Environment', text('WANDB_MODE=offline', { multiline: true }), {
      optional: true,
      hint: plain('One KEY=VALUE per line'),
    }),
    ...(workspaces.length > 0
      ? [
          input('workspace', 'Workspace', {
            type: 'static_select',
            options: workspaces,
            ...(initialWs ? { initial_option: initialWs } : {}),
          }),
        ]
      : []),
  ];
  return {
    type: 'modal' as const,
    callback_id: SUBMIT_FORM_CALLBACK_ID,
    title: plain('Submit a training job'),
    submit: plain('Submit'),
    close: plain('Cancel'),
    private_metadata: d.privateMetadata.length <= METADATA ? d.privateMetadata : '',
    blocks,
  };
}
