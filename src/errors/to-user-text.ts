// The one place that turns an error into what a Slack user reads. Errors the bot did not raise
// itself show a generic sentence and a reference to find the log line, never a stack or a secret.

import { PaiError, userMessage } from '../pai/errors.js';
import { code, escapeMrkdwn } from '../render/mrkdwn.js';
import { BotError } from './catalogue.js';

export interface FailureContext {
  /** What the user asked for, e.g. "dlc submit train-1". */
  what: string;
  attempts: number;
  /** True when the error was retryable but the attempts ran out. */
  exhausted: boolean;
  /** Correlates the message with the log line (the queue job id). */
  ref: string;
}

// The result is mrkdwn: BotError texts and PAI's messages are plain text that may echo user input (an OSS
// prefix, a value PAI quotes back), so they are escaped here, the one place every failure passes through.
export function describeFailure(err: unknown, ctx: FailureContext): string {
  const what = code(ctx.what);
  if (err instanceof BotError) return escapeMrkdwn(err.userText);
  if (err instanceof PaiError) {
    if (ctx.exhausted) {
      const why = [err.code, err.statusCode ? `HTTP ${err.statusCode}` : undefined].filter(Boolean).join(', ') || err.kind;
      return `${what} failed: PAI kept failing on ${escapeMrkdwn(err.action)} (${escapeMrkdwn(why)}); gave up after ${ctx.attempts} attempts. Nothing more will be tried; run the command again later.${err.requestId ? ` (RequestId: ${escapeMrkdwn(err.requestId)})` : ''}`;
    }
    return `${what} failed: ${paiText(err)}`;
  }
  return `${what} failed because of an error in the bot (reference ${escapeMrkdwn(ctx.ref)}). An operator can find the details in the bot's logs under that reference.`;
}

/** userMessage() escaped for mrkdwn, keeping its one deliberate code span (the missing RAM action). */
function paiText(err: PaiError): string {
  const text = userMessage(err);
  const span = err.authAction ? `\`${err.authAction}\`` : undefined;
  const at = span ? text.indexOf(span) : -1;
  if (!span || at < 0) return escapeMrkdwn(text);
  return escapeMrkdwn(text.slice(0, at)) + code(err.authAction!) + escapeMrkdwn(text.slice(at + span.length));
}

export function isRetryableError(err: unknown): boolean {
  if (err instanceof BotError || err instanceof PaiError) return err.retryable;
  // Redis or Slack hiccups and other surprises: worth another attempt, bounded by the job's attempts.
  return true;
}
