// The one place that turns an error into what a Slack user reads. Errors the bot did not raise
// itself show a generic sentence and a reference to find the log line, never a stack or a secret.

import { PaiError, userMessage } from '../pai/errors.js';
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

export function describeFailure(err: unknown, ctx: FailureContext): string {
  if (err instanceof BotError) return err.userText;
  if (err instanceof PaiError) {
    if (ctx.exhausted) {
      const why = [err.code, err.statusCode ? `HTTP ${err.statusCode}` : undefined].filter(Boolean).join(', ') || err.kind;
      return `\`${ctx.what}\` failed: PAI kept failing on ${err.action} (${why}); gave up after ${ctx.attempts} attempts. Nothing more will be tried; run the command again later.${err.requestId ? ` (RequestId: ${err.requestId})` : ''}`;
    }
    return `\`${ctx.what}\` failed: ${userMessage(err)}`;
  }
  return `\`${ctx.what}\` failed because of an error in the bot (reference ${ctx.ref}). An operator can find the details in the bot's logs under that reference.`;
}

export function isRetryableError(err: unknown): boolean {
  if (err instanceof BotError || err instanceof PaiError) return err.retryable;
  // Redis or Slack hiccups and other surprises: worth another attempt, bounded by the job's attempts.
  return true;
}
