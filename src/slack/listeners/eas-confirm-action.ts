// The buttons of the stop/delete confirmation. A click queues the change; the ephemeral
// question is replaced by the receipt. Retried or double clicks on one question queue it once.
// One listener for both buttons (see approval-buttons.ts for why).

import type { App, BlockButtonAction } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Requester } from '../../actions/action-jobs.js';
import { idempotencyKey, type Enqueuer } from '../../queue/enqueue-action.js';
import { CANCEL_ACTION_ID, CONFIRM_ACTION_ID, parseConfirmValue } from '../../render/eas-confirm.js';
import { queueWithReceipt } from './queue-with-receipt.js';

const BUTTONS = new RegExp(`^(?:${CONFIRM_ACTION_ID}|${CANCEL_ACTION_ID})$`);

export function registerEasConfirm(app: App, deps: { enqueuer: Enqueuer; log: Logger }): void {
  app.action<BlockButtonAction>(BUTTONS, async ({ ack, body, action, respond }) => {
    await ack();
    if (action.action_id === CANCEL_ACTION_ID) {
      await respond({ replace_original: true, text: 'Cancelled; nothing was changed.' });
      return;
    }
    const value = parseConfirmValue(action.value);
    const channelId = body.channel?.id ?? body.container?.channel_id;
    if (!value || !channelId) {
      await respond({
        replace_original: true,
        text: 'That confirmation is not valid any more; run the command again.',
      });
      return;
    }
    const requester: Requester = {
      userId: body.user.id,
      channelId,
      ...(body.team?.id ? { teamId: body.team.id } : {}),
      ...(body.response_url ? { responseUrl: body.response_url } : {}),
    };
    const key = idempotencyKey(
      'confirm',
      body.user.id,
      channelId,
      body.container?.message_ts,
      value.verb,
      value.service,
    );
    const receipt = await queueWithReceipt(
      deps.enqueuer,
      { type: 'eas.change', requester, service: value.service, change: { verb: value.verb } },
      key,
    );
    deps.log.info({ user: body.user.id, service: value.service, verb: value.verb }, 'confirmation clicked');
    await respond({ replace_original: true, text: receipt.text });
  });
}
