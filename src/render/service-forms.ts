// Pure: the small modals behind a service card's *Scale…* and *Traffic…* buttons (render/service-card.ts). Each has
// one input whose block_id names its field, so the grammar's message on a refused value is shown on it
// (src/slack/listeners/service-forms.ts); the service and the channel ride in private_metadata.

import type { InputBlock, ModalView } from '@slack/web-api';
import { SUBMIT_FORM_ACTION_ID } from './submit-form.js';
import { truncate } from './truncate.js';

export const SCALE_FORM_CALLBACK_ID = 'eas_scale_form';
export const TRAFFIC_FORM_CALLBACK_ID = 'eas_traffic_form';
export const SCALE_FORM_FIELD = 'replicas';
export const TRAFFIC_FORM_FIELD = 'weight';

export interface ServiceFormData {
  service: string;
  /** Where to answer, and the service: `{"c": channel, "s": service}` (the listener's). */
  privateMetadata: string;
}

// Slack's limits (docs.slack.dev reference/views/modal-views, …/block-elements/plain-text-input-element).
const TITLE = 24;
const METADATA = 3_000;
const INITIAL_VALUE = 3_000;

const plain = (text: string) => ({ type: 'plain_text' as const, text });

function modal(
  callbackId: string,
  title: string,
  submit: string,
  d: ServiceFormData,
  block: InputBlock,
): ModalView & { private_metadata: string } {
  return {
    type: 'modal' as const,
    callback_id: callbackId,
    title: plain(truncate(title, TITLE)),
    submit: plain(submit),
    close: plain('Cancel'),
    private_metadata: d.privateMetadata.length <= METADATA ? d.privateMetadata : '',
    blocks: [block],
  };
}

function numberInput(field: string, label: string, placeholder: string, initial?: string, hint?: string): InputBlock {
  return {
    type: 'input' as const,
    block_id: field,
    label: plain(label),
    element: {
      type: 'plain_text_input' as const,
      action_id: SUBMIT_FORM_ACTION_ID,
      placeholder: plain(placeholder),
      ...(initial !== undefined && initial.length <= INITIAL_VALUE ? { initial_value: initial } : {}),
    },
    ...(hint ? { hint: plain(hint) } : {}),
  };
}

/** `replicas`: the count the service has now, prefilled; left empty when it is not known. */
export function renderScaleForm(d: ServiceFormData & { replicas?: number }) {
  const initial = d.replicas === undefined ? undefined : String(d.replicas);
  return modal(
    SCALE_FORM_CALLBACK_ID,
    `Scale ${d.service}`,
    'Scale',
    d,
    numberInput(SCALE_FORM_FIELD, 'Replicas', '0 to 100', initial, '0 scales the service to zero'),
  );
}

/** `weight`: the weight the watcher last saw, prefilled; left empty when it is not known. */
export function renderTrafficForm(d: ServiceFormData & { weight?: number }) {
  return modal(
    TRAFFIC_FORM_CALLBACK_ID,
    `Traffic ${d.service}`,
    'Set weight',
    d,
    numberInput(
      TRAFFIC_FORM_FIELD,
      'Weight (0–1000)',
      '100',
      d.weight === undefined ? undefined : String(d.weight),
      'Relative to the other services of its group, not a percentage',
    ),
  );
}
