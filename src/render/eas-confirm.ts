// The confirmation asked before `eas stop` and `eas delete` (unless --yes): an ephemeral message
// with a danger button whose value carries the action, so the click alone can queue it.

import type { KnownBlock } from '@slack/web-api';
import type { SlackMessage } from '../slack-out/slack-output.js';
import { codeWithin, escapeWithin } from './mrkdwn.js';
import { section } from './sections.js';
import { truncate } from './truncate.js';

export const CONFIRM_ACTION_ID = 'eas_confirm';
export const CANCEL_ACTION_ID = 'eas_cancel';

export interface ConfirmValue {
  verb: 'stop' | 'delete';
  service: string;
}

export function renderConfirmation(v: ConfirmValue): SlackMessage {
  const Verb = v.verb === 'delete' ? 'Delete' : 'Stop';
  const effect =
    v.verb === 'delete'
      ? 'deletes the service and its endpoint; this cannot be undone'
      : 'stops every instance; traffic to it fails until it is started again';
  const value = JSON.stringify(v);
  // A click is acted on only when its value parses back; a button whose value would not (a name no
  // EAS service can have) would do nothing, so none is offered.
  const confirmable = parseConfirmValue(value) !== undefined;
  const blocks: KnownBlock[] = [
    section(
      `:warning: *${Verb}* EAS service ${codeWithin(v.service, 200)}? This ${effect}.${confirmable ? '' : ' That is not a valid EAS service name, so there is nothing to confirm.'}`,
    ),
    {
      type: 'actions',
      block_id: 'eas_confirm',
      elements: [
        ...(confirmable
          ? [
              {
                type: 'button' as const,
                action_id: CONFIRM_ACTION_ID,
                style: 'danger' as const,
                text: { type: 'plain_text' as const, text: truncate(`${Verb} ${v.service}`, 75) },
                value,
              },
            ]
          : []),
        { type: 'button', action_id: CANCEL_ACTION_ID, text: { type: 'plain_text', text: 'Cancel' }, value: 'cancel' },
      ],
    },
  ];
  return {
    text: `${Verb} EAS service ${escapeWithin(v.service, 200)}? Confirm with the button, or add --yes to the command.`,
    blocks,
  };
}

/** Parses a button value back; undefined for anything that is not one of ours. */
export function parseConfirmValue(value: string | undefined): ConfirmValue | undefined {
  try {
    const v = JSON.parse(value ?? '') as Partial<ConfirmValue>;
    if (
      (v.verb === 'stop' || v.verb === 'delete') &&
      typeof v.service === 'string' &&
      /^[a-z][a-z0-9_]{0,63}$/.test(v.service)
    )
      return { verb: v.verb, service: v.service };
  } catch {
    // not ours
  }
  return undefined;
}
