// What every modal's view_submission shares (submit-form.ts, service-forms.ts): a refused value shown on its field,
// a value turned into one word of the command line, the channel carried in private_metadata, and a good command run
// through answerPaiCommand keyed on the view's id (a submission delivered twice queues once), its answer posted
// privately in that channel.

import type { Logger } from 'pino';
import { truncate } from '../../render/truncate.js';
import { answerPaiCommand, type CommandDeps } from './handle-pai-command.js';

/** The ack that shows `message` on the input block `field` and keeps the modal open. */
export const formErrors = (field: string, message: string) => ({
  response_action: 'errors' as const,
  errors: { [field]: truncate(message, 300) },
});

/** A value as one word of the command: what Slack escapes is escaped, then quoted as the tokenizer reads quotes. */
export function word(v: string): string {
  const slack = v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `"${slack.replace(/["\u201C\u201D\\]/g, '\\$&')}"`;
}

const METADATA_CHANNEL = /^[CGD][A-Z0-9]{2,}$/;

/** The channel a form was opened from (`{"c": …}` in its private_metadata), when it is one. */
export function channelOfMetadata(privateMetadata: string): string | undefined {
  try {
    const c = (JSON.parse(privateMetadata) as { c?: unknown }).c;
    return typeof c === 'string' && METADATA_CHANNEL.test(c) ? c : undefined;
  } catch {
    return undefined;
  }
}

/** Runs a submitted form's command as `user` typed it in `channelId`, and tells them the answer there. */
export async function answerForm(
  s: { text: string; user: string; teamId?: string; viewId: string; channelId: string; form: string },
  deps: CommandDeps & { log: Logger },
): Promise<void> {
  const { user, channelId } = s;
  const answer = await answerPaiCommand(
    {
      text: s.text,
      user_id: user,
      channel_id: channelId,
      ...(s.teamId ? { team_id: s.teamId } : {}),
      trigger_id: `form:${s.viewId}`,
    },
    deps,
  ).catch((err: unknown) => {
    deps.log.error({ err, user }, 'form submission failed');
    return undefined;
  });
  deps.log.info({ user, form: s.form, outcome: answer?.outcome ?? 'error' }, 'form submitted');
  const said =
    answer?.reply.text ?? ':warning: Something went wrong in the bot; check the channel before you send it again.';
  await deps.slack
    .tell({ channelId, userId: user }, { text: said })
    .catch((err: unknown) => deps.log.warn({ err, user }, 'could not answer the form'));
}
