// The buttons of the stop/delete confirmation (eas stop|delete, dsw stop). A click queues the change; the ephemeral
// question is replaced by the receipt. Retried or double clicks on one question queue it once.
// One listener for both buttons (see approval-buttons.ts for why).

import type { App, BlockButtonAction } from '@slack/bolt';
import type { Logger } from 'pino';
import type { ActionJob, Requester } from '../../actions/action-jobs.js';
import { idempotencyKey, type Enqueuer } from '../../queue/enqueue-action.js';
import { CANCEL_ACTION_ID, CONFIRM_ACTION_ID, parseConfirmValue, type ConfirmValue } from '../../render/eas-confirm.js';
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
      value.verb === 'dsw-stop' ? value.instanceId : value.service,
    );
    const receipt = await queueWithReceipt(deps.enqueuer, confirmedJob(value, requester), key);
    deps.log.info({ user: body.user.id, ...value }, 'confirmation clicked');
    await respond({ replace_original: true, text: receipt.text });
  });
}

/** The change a confirmed button queues: the one the command would have queued with --yes. */
function confirmedJob(value: ConfirmValue, requester: Requester): ActionJob {
  if (value.verb !== 'dsw-stop')
    return { type: 'eas.change', requester, service: value.service, change: { verb: value.verb } };
  const change = { verb: 'stop', saveImage: value.saveImage } as const;
  return { type: 'dsw.change', requester, workspace: value.workspace, instanceId: value.instanceId, change };
}
