// The confirmation asked before `eas stop` and `eas delete` (unless --yes): an ephemeral message
// with a danger button whose value carries the action, so the click alone can queue it.

import type { KnownBlock } from '@slack/web-api';
import type { SlackMessage } from '../../notify/slack-output.js';
import { code } from './mrkdwn.js';

export const CONFIRM_ACTION_ID = 'eas_confirm';
export const CANCEL_ACTION_ID = 'eas_cancel';

export interface ConfirmValue {
  verb: 'stop' | 'delete';
  service: string;
}

export function renderConfirmation(v: ConfirmValue): SlackMessage {
  const effect = v.verb === 'delete' ? 'deletes the service and its endpoint; this cannot be undone' : 'stops every instance; traffic to it fails until it is started again';
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `:warning: *${v.verb === 'delete' ? 'Delete' : 'Stop'}* EAS service ${code(v.service)}? This ${effect}.` } },
    {
      type: 'actions',
      block_id: 'eas_confirm',
      elements: [
        { type: 'button', action_id: CONFIRM_ACTION_ID, style: 'danger', text: { type: 'plain_text', text: `${v.verb === 'delete' ? 'Delete' : 'Stop'} ${v.service}`.slice(0, 75) }, value: JSON.stringify(v) },
        { type: 'button', action_id: CANCEL_ACTION_ID, text: { type: 'plain_text', text: 'Cancel' }, value: 'cancel' },
      ],
    },
  ];
  return { text: `${v.verb === 'delete' ? 'Delete' : 'Stop'} EAS service ${v.service}? Confirm with the button, or add --yes to the command.`, blocks };
}

/** Parses a button value back; undefined for anything that is not one of ours. */
export function parseConfirmValue(value: string | undefined): ConfirmValue | undefined {
  try {
    const v = JSON.parse(value ?? '') as Partial<ConfirmValue>;
    if ((v.verb === 'stop' || v.verb === 'delete') && typeof v.service === 'string' && /^[a-z][a-z0-9_]{0,63}$/.test(v.service)) return { verb: v.verb, service: v.service };
  } catch {
    // not ours
  }
  return undefined;
}
