// The idle digest's buttons, Stop and Add idle-stop (60 min). A click runs the very command it stands for
// (`/pai dsw stop <id> --yes -w <ws>`, `/pai dsw idle-stop <id> --after 60m -w <ws>`) through the slash command's own
// path, so the operator check, the prod approval and the once-only queueing are those of the typed command. Its key is
// the digest message and the button, so a retried or double click queues it once; the answer goes to the clicker only.
// One listener for both buttons (see approval-buttons.ts for why).

import type { App, BlockButtonAction } from '@slack/bolt';
import type { Logger } from 'pino';
import {
  DIGEST_IDLE_STOP_ACTION_ID,
  DIGEST_IDLE_STOP_MINUTES,
  DIGEST_STOP_ACTION_ID,
  parseDigestButtonValue,
} from '../../render/notebook-digest.js';
import { runButtonCommand } from './button-command.js';
import type { CommandDeps } from './handle-pai-command.js';

const BUTTONS = new RegExp(`^(?:${DIGEST_STOP_ACTION_ID}|${DIGEST_IDLE_STOP_ACTION_ID})$`);

/** The command a digest button stands for, as a user would type it after `/pai`. */
export function digestButtonCommand(actionId: string, value: string | undefined): string | undefined {
  const v = parseDigestButtonValue(value);
  if (!v) return undefined;
  if (actionId === DIGEST_STOP_ACTION_ID) return `dsw stop ${v.i} --yes -w ${v.w}`;
  if (actionId === DIGEST_IDLE_STOP_ACTION_ID)
    return `dsw idle-stop ${v.i} --after ${DIGEST_IDLE_STOP_MINUTES}m -w ${v.w}`;
  return undefined;
}

export function registerNotebookDigestButtons(app: App, deps: CommandDeps & { log: Logger }): void {
  app.action<BlockButtonAction>(BUTTONS, async ({ ack, body, action, respond }) => {
    await ack();
    const text = digestButtonCommand(action.action_id, action.value);
    const channelId = body.channel?.id ?? body.container?.channel_id;
    if (!text || !channelId) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'That button is not valid any more; use /pai dsw.',
      });
      return;
    }
    const key = `digest:${body.container?.message_ts ?? ''}:${action.action_id}:${action.value ?? ''}`;
    const answer = await runButtonCommand(body, channelId, text, key, deps);
    deps.log.info({ user: body.user.id, command: text, outcome: answer?.outcome ?? 'error' }, 'digest button clicked');
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: answer?.reply.text ?? 'Something went wrong; nothing was changed. Try /pai dsw.',
    });
  });
}
