// The one place that turns an error into what a Slack user reads. Errors the bot did not raise
// itself show a generic sentence and a reference to find the log line, never a stack or a secret.

import { code, escapeMrkdwn } from '../render/mrkdwn.js';
import { BotError } from './catalogue.js';
import { PaiError } from './pai-error.js';

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
      const why =
        [err.code, err.statusCode ? `HTTP ${err.statusCode}` : undefined].filter(Boolean).join(', ') || err.kind;
      const requestId = err.requestId ? ` (RequestId: ${escapeMrkdwn(err.requestId)})` : '';
      return (
        `${what} failed: PAI kept failing on ${escapeMrkdwn(err.action)} (${escapeMrkdwn(why)}); ` +
        `gave up after ${ctx.attempts} attempts. Nothing more will be tried; run the command again later.${requestId}`
      );
    }
    return `${what} failed: ${paiText(err)}`;
  }
  return (
    `${what} failed because of an error in the bot (reference ${escapeMrkdwn(ctx.ref)}). ` +
    `An operator can find the details in the bot's logs under that reference.`
  );
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

function withRequestId(text: string, e: PaiError): string {
  return e.requestId ? `${text} (RequestId: ${e.requestId})` : text;
}

/** A failed PAI call in plain text, one sentence per kind (describeFailure escapes it for mrkdwn). */
export function userMessage(e: PaiError): string {
  const a = e.action;
  const retries = 'The bot retries automatically';
  switch (e.kind) {
    case 'forbidden': {
      const missing = e.authAction ? ` (missing RAM permission \`${e.authAction}\`)` : ` (${e.detail})`;
      return withRequestId(
        `The bot's Alibaba Cloud credentials are not allowed to call ${a}${missing}. ` +
          `Ask an administrator to grant it to the bot's RAM user or role.`,
        e,
      );
    }
    case 'throttled':
      return withRequestId(
        `PAI is throttling requests (${e.code ?? 'HTTP 429'}) for ${a}. ` +
          `${retries}; if this keeps happening, try again in a minute.`,
        e,
      );
    case 'unavailable':
      return withRequestId(
        `PAI is temporarily unavailable (${e.code ?? `HTTP ${e.statusCode ?? '5xx'}`}) for ${a}. ` +
          `${retries}; try again later if it persists.`,
        e,
      );
    case 'timeout':
      return `PAI did not answer ${a} in time. ${retries}; try again later if it persists.`;
    case 'network':
      return (
        `The bot could not reach PAI for ${a} (${e.code ?? 'network error'}). ` +
        `${retries}; if it persists, check the bot's network or endpoint settings.`
      );
    case 'bad_response':
      return `PAI returned a response to ${a} the bot could not read (probably a gateway error page). ${retries}.`;
    case 'not_found':
      return withRequestId(`PAI could not find what ${a} asked for: ${e.detail}`, e);
    case 'invalid':
      return withRequestId(`PAI rejected the request: ${e.detail}`, e);
    case 'auth':
      return withRequestId(
        `PAI did not accept the bot's Alibaba Cloud credentials (${e.code ?? 'invalid credentials'}). ` +
          `Ask an administrator to check the bot's AccessKey, STS token or RAM role.`,
        e,
      );
    case 'unknown':
      return withRequestId(`Calling PAI ${a} failed unexpectedly.`, e);
  }
}
