// Steps of the long end-to-end scenarios that scan everything the bot wrote (escaping, secrets): every command's ack
// is kept, and the clock is moved 5 s a poll until a card or thread shows what the step waits for.

import { expect } from 'vitest';
import { eventually, type Harness } from './harness.js';

export interface Ack {
  text: string;
  body: string;
}

/**
 * Steps against the harness and ack list that `current` returns at the time of each call (a suite may swap both,
 * e.g. for a second harness in one describe block).
 */
export function scenarioSteps(current: () => { h: Harness; acks: Ack[] }) {
  /** Sends a command, expects HTTP 200 and keeps its ack. */
  async function send(text: string, opts: { user?: string; channel?: string } = {}) {
    const { h, acks } = current();
    const reply = await h.command(text, opts);
    expect(reply.status).toBe(200);
    acks.push({ text, body: reply.body });
    return reply;
  }

  /** Sends a command and waits for the worker's answer through response_url (matching `match`, when given). */
  async function answerTo(text: string, opts: { user?: string; channel?: string; match?: RegExp } = {}) {
    const reply = await send(text, opts);
    const { h } = current();
    return h.slack.waitFor(
      () => h.slack.responses(reply.responseId).find((r) => !opts.match || opts.match.test(JSON.stringify(r.body))),
      10_000,
    );
  }

  /** The top-level message in `channel` whose text contains `fragment`. */
  const card = (channel: string, fragment: string) =>
    current()
      .h.slack.messages(channel)
      .find((m) => !m.thread_ts && m.text.includes(fragment));

  /** Moves the clock 5 s and runs `poll` until `check` holds (15 s at the most). */
  async function pollUntil(poll: (h: Harness) => Promise<unknown>, check: () => boolean, what: string) {
    await eventually(
      async () => {
        const { h } = current();
        h.clock.advance(5_000);
        await poll(h);
        return check();
      },
      15_000,
      what,
    );
  }
  const pollJobsUntil = (check: () => boolean, what: string) => pollUntil((h) => h.bot.pollNow(), check, what);
  const pollServicesUntil = (check: () => boolean, what: string) =>
    pollUntil((h) => h.bot.pollServicesNow(), check, what);

  /** Waits until no action is waiting, active, delayed or prioritized. */
  async function queueSettled(timeoutMs: number) {
    await eventually(
      async () => {
        const c = await current().h.queueCounts();
        return (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) === 0;
      },
      timeoutMs,
      'the queue to settle',
    );
  }

  return { send, answerTo, card, pollJobsUntil, pollServicesUntil, queueSettled };
}
