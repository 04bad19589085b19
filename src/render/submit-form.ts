// Pure: the "Submit a training job" modal (`/pai dlc submit` with no arguments, or the global shortcut), and the
// "Deploy a service" one (`/pai eas deploy` with no arguments). Each input
// block's block_id is the field's name, so a check that fails can be shown on its field (`response_action: errors`).
// Both instance menus are external_selects, each with its own action_id: Slack asks the bot for their options as the
// user types (instance-options.ts renders them from DLC's ListEcsSpecs or EAS's DescribeMachineSpec), so opening the
// modal, which must happen within the 3 s a trigger id lives (src/slack/listeners/submit-form.ts), waits on nothing.

import { instanceOption } from './instance-options.js';
import { escapeWithin } from './mrkdwn.js';
import { truncate } from './truncate.js';

export const SUBMIT_FORM_CALLBACK_ID = 'dlc_submit_form';
/** Every input's action_id; its block_id names the field. */
export const SUBMIT_FORM_ACTION_ID = 'value';
/** The submit form's instance menu's own action_id: Slack's block_suggestion for its options names it. */
export const INSTANCE_MENU_ACTION_ID = 'dlc_instance';
/** The deploy form's: EAS's instance types are not DLC's, so its options are asked for apart. */
export const EAS_INSTANCE_MENU_ACTION_ID = 'eas_instance';

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
  /** The workspaces the user may use (the caller leaves out the others). */
  workspaces: readonly { name: string; env: string }[];
  /** The workspace of the channel the command came from, preselected. */
  defaultWorkspace?: string;
  /** pricing.per_hour of the config. */
  perHour: Readonly<Record<string, number>>;
  currency: string;
  /** Carried to the submission: where to answer. */
  privateMetadata: string;
  /** The instance type preselected: what the command gets without --instance. */
  defaultInstance: string;
}

// Slack's limits (docs.slack.dev reference/block-kit/block-elements/select-menu-element, …/option-object).
const MAX_OPTIONS = 100;
const OPTION_TEXT = 75;
const OPTION_VALUE = 150;
const METADATA = 3_000;
const MODAL_TITLE = 24;

const plain = (text: string) => ({ type: 'plain_text' as const, text });
type Option = { text: { type: 'plain_text'; text: string }; value: string };
const option = (label: string, value: string): Option => ({ text: plain(truncate(label, OPTION_TEXT)), value });

function input(field: SubmitFormField | DeployFormField, label: string, element: Record<string, unknown>, extra = {}) {
  return {
    type: 'input',
    block_id: field,
    label: plain(label),
    element: { action_id: SUBMIT_FORM_ACTION_ID, ...element },
    ...extra,
  };
}

const text = (placeholder: string, more: Record<string, unknown> = {}) => ({
  type: 'plain_text_input',
  placeholder: plain(placeholder),
  ...more,
});

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

/**
 * An instance menu whose options are loaded from the bot as the user types (min_query_length 0: at once), the default
 * preselected; left out when the default fits no option (the command's own default then applies).
 */
function instanceMenuBlocks(d: SubmitFormData, actionId: string, placeholder: string, whose: string) {
  const first = d.defaultInstance.trim();
  if (first === '' || first.length > OPTION_VALUE) return [];
  const element = {
    type: 'external_select',
    action_id: actionId,
    min_query_length: 0,
    placeholder: plain(placeholder),
    initial_option: instanceOption(first, undefined, d.perHour, d.currency),
  };
  const hint = plain(`${whose} instance types; prices are estimates from pricing.per_hour in the bot’s config.`);
  return [input('instance', 'Instance type', element, { hint })];
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
    ...instanceMenuBlocks(d, INSTANCE_MENU_ACTION_ID, 'Type to narrow: A10, 8 vCPU, gn7i', 'DLC’s'),
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
export function renderDeployForm(d: SubmitFormData) {
  return modal(DEPLOY_FORM_CALLBACK_ID, 'Deploy a service', 'Deploy', d, [
    input('service', 'Service name', text('bert_qa', { max_length: 64 }), {
      hint: plain('A lowercase letter, then lowercase letters, digits or "_"'),
    }),
    input('image', 'Image', text('registry.example.com/team/bert-qa:1.0')),
    ...instanceMenuBlocks(d, EAS_INSTANCE_MENU_ACTION_ID, 'Type to narrow: GU30, 8 vCPU, c7', 'EAS’s'),
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

/** Said instead of a form that cannot open (the user may use no workspace): a modal without inputs or a submit. */
export function renderFormRefusal(title: string, text: string) {
  return {
    type: 'modal' as const,
    callback_id: 'form_refused',
    title: plain(truncate(title, MODAL_TITLE)),
    close: plain('Close'),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeWithin(text, 3_000) } }],
  };
}
