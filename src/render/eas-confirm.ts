// The confirmation asked before `eas stop`, `eas delete` and `dsw stop` (unless --yes): an ephemeral message
// with a danger button whose value carries the action, so the click alone can queue it.

import type { KnownBlock } from '@slack/web-api';
import { DSW_INSTANCE_ID } from '../pai/dsw-types.js';
import type { SlackMessage } from '../slack-out/slack-output.js';
import { codeWithin, escapeWithin } from './mrkdwn.js';
import { section } from './sections.js';
import { truncate } from './truncate.js';

export const CONFIRM_ACTION_ID = 'eas_confirm';
export const CANCEL_ACTION_ID = 'eas_cancel';

/** An EAS service to stop or delete. */
export interface EasConfirmValue {
  verb: 'stop' | 'delete';
  service: string;
}

/** A DSW notebook to stop, in the workspace the command resolved (the click queues it there). */
export interface DswStopConfirmValue {
  verb: 'dsw-stop';
  instanceId: string;
  saveImage: boolean;
  workspace: { name: string; id: string };
}

export type ConfirmValue = EasConfirmValue | DswStopConfirmValue;

function question(v: ConfirmValue): { Verb: string; what: string; label: string; effect: string; invalid: string } {
  if (v.verb === 'dsw-stop') {
    return {
      Verb: 'Stop',
      what: `DSW notebook ${codeWithin(v.instanceId, 200)} in workspace ${codeWithin(v.workspace.name, 100)}`,
      label: v.instanceId,
      effect: v.saveImage
        ? 'saves its environment as an image, then stops it; running code and unsaved work in memory are lost'
        : 'stops it; running code and unsaved work in memory are lost',
      invalid: 'That is not a valid DSW instance id',
    };
  }
  return {
    Verb: v.verb === 'delete' ? 'Delete' : 'Stop',
    what: `EAS service ${codeWithin(v.service, 200)}`,
    label: v.service,
    effect:
      v.verb === 'delete'
        ? 'deletes the service and its endpoint; this cannot be undone'
        : 'stops every instance; traffic to it fails until it is started again',
    invalid: 'That is not a valid EAS service name',
  };
}

export function renderConfirmation(v: ConfirmValue): SlackMessage {
  const { Verb, what, label, effect, invalid } = question(v);
  const value = JSON.stringify(v);
  // A click is acted on only when its value parses back; a button whose value would not (a name no
  // EAS service can have, an id no notebook can have) would do nothing, so none is offered.
  const confirmable = parseConfirmValue(value) !== undefined;
  const blocks: KnownBlock[] = [
    section(
      `:warning: *${Verb}* ${what}? This ${effect}.${confirmable ? '' : ` ${invalid}, so there is nothing to confirm.`}`,
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
                text: { type: 'plain_text' as const, text: truncate(`${Verb} ${label}`, 75) },
                value,
              },
            ]
          : []),
        { type: 'button', action_id: CANCEL_ACTION_ID, text: { type: 'plain_text', text: 'Cancel' }, value: 'cancel' },
      ],
    },
  ];
  const product = v.verb === 'dsw-stop' ? 'DSW notebook' : 'EAS service';
  return {
    text: `${Verb} ${product} ${escapeWithin(label, 200)}? Confirm with the button, or add --yes to the command.`,
    blocks,
  };
}

/** Parses a button value back; undefined for anything that is not one of ours. */
export function parseConfirmValue(value: string | undefined): ConfirmValue | undefined {
  try {
    const v = JSON.parse(value ?? '') as Partial<EasConfirmValue> & Partial<Omit<DswStopConfirmValue, 'verb'>>;
    if (
      (v.verb === 'stop' || v.verb === 'delete') &&
      typeof v.service === 'string' &&
      /^[a-z][a-z0-9_]{0,63}$/.test(v.service)
    )
      return { verb: v.verb, service: v.service };
    const ws = v.workspace;
    if (
      (v.verb as string) === 'dsw-stop' &&
      typeof v.instanceId === 'string' &&
      DSW_INSTANCE_ID.test(v.instanceId) &&
      typeof v.saveImage === 'boolean' &&
      typeof ws?.name === 'string' &&
      typeof ws.id === 'string' &&
      ws.name.length <= 64 &&
      ws.id.length <= 64
    )
      return {
        verb: 'dsw-stop',
        instanceId: v.instanceId,
        saveImage: v.saveImage,
        workspace: { name: ws.name, id: ws.id },
      };
  } catch {
    // not ours
  }
  return undefined;
}
