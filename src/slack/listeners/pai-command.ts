// `/pai`: Slack shows its own error when a slash command is not acknowledged within 3 s, although the bot
// may have done the work. So the answer gets ACK_BUDGET_MS; if Redis or Slack (a user-group lookup behind a
// 429) make it slower, the command is acknowledged with a note and the answer follows privately through the
// response_url as soon as it exists. An answer that throws is acknowledged too, never left to Slack's timeout.

import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Metrics } from '../../metrics/metrics.js';
import {
  answerPaiCommand,
  requesterOf,
  type Answer,
  type CommandDeps,
  type EphemeralReply,
} from './handle-pai-command.js';
import { formOfCommand, openFormFromCommand } from './submit-form.js';

/** What the answer may take before the ack goes out without it: Slack's 3 s, less HTTP and Bolt and a margin. */
export const ACK_BUDGET_MS = 2_000;

const STILL_WORKING: EphemeralReply = {
  response_type: 'ephemeral',
  text: ':hourglass_flowing_sand: Still working on this: the bot’s Redis or Slack is slow right now. I will answer here privately as soon as it is done; no need to send it again.',
};

const FAILED: EphemeralReply = {
  response_type: 'ephemeral',
  text: ':warning: Something went wrong in the bot while answering this (it is logged). If it was a change, check the channel or /pai approvals before you send it again.',
};

export interface PaiCommandDeps extends CommandDeps {
  log: Logger;
  metrics?: Metrics;
  /** Tests shorten it; production keeps ACK_BUDGET_MS. */
  ackBudgetMs?: number;
}

export function registerPaiCommand(app: App, deps: PaiCommandDeps): void {
  const budgetMs = deps.ackBudgetMs ?? ACK_BUDGET_MS;
  app.command('/pai', async ({ command, ack, client }) => {
    // A bare `dlc submit` or `eas deploy` opens a form (submit-form.ts), before the ack: the trigger id lives 3 s.
    const form = formOfCommand(command.text);
    if (form) return openFormFromCommand(form, { command, ack, client }, deps);
    const started = Date.now();
    const where = { user: command.user_id, channel: command.channel_id };
    const work = answerPaiCommand(command, deps).catch((err: unknown): Answer => {
      deps.log.error({ err, ...where }, 'slash command failed');
      return { verb: 'error', outcome: 'error', reply: FAILED };
    });
    const inTime = await settledWithin(work, budgetMs);
    await ack(inTime ? inTime.reply : STILL_WORKING);
    const ackMs = Date.now() - started;
    let answer = inTime;
    if (!answer) {
      answer = await work;
      await deps.slack
        .tell(requesterOf(command), {
          text: answer.reply.text,
          ...(answer.reply.blocks ? { blocks: answer.reply.blocks } : {}),
        })
        .catch((err: unknown) => deps.log.warn({ err, ...where }, 'could not send a late answer'));
    }
    const outcome = answer.queueAfterAck
      ? await answer.queueAfterAck().catch((err: unknown) => {
          deps.log.warn({ err, ...where }, 'a lookup was not queued, and telling the requester failed too');
          return 'unavailable' as const;
        })
      : answer.outcome;
    deps.metrics?.command(answer.verb, outcome);
    deps.log.info({ ...where, verb: answer.verb, outcome, ms: ackMs, late: !inTime }, 'slash command answered');
  });
}

async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
