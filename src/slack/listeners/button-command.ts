// A button that stands for a typed command (the idle digest's, a card's) runs it through the slash command's own path,
// so the operator check, the prod approval and the once-only queueing are the typed command's. `key` names the click
// for that once-only queueing (the message and the button), in place of the slash command's trigger id.

import type { BlockButtonAction } from '@slack/bolt';
import { answerPaiCommand, type Answer, type CommandDeps } from './handle-pai-command.js';

/** Runs `text` as the clicker's command in `channelId`; undefined when it threw (the error is logged). */
export async function runButtonCommand(
  body: BlockButtonAction,
  channelId: string,
  text: string,
  key: string,
  deps: CommandDeps & { log: { error(obj: object, msg: string): void } },
): Promise<Answer | undefined> {
  const answer = await answerPaiCommand(
    {
      text,
      user_id: body.user.id,
      channel_id: channelId,
      ...(body.team?.id ? { team_id: body.team.id } : {}),
      trigger_id: key,
      ...(body.response_url ? { response_url: body.response_url } : {}),
    },
    deps,
  ).catch((err: unknown) => {
    deps.log.error({ err, user: body.user.id }, 'button command failed');
    return undefined;
  });
  if (answer?.queueAfterAck) await answer.queueAfterAck();
  return answer;
}
