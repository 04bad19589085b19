// The paced output over the real @slack/web-api WebClient and the real SlackOutput, against the fake Slack:
// a storm of card updates and thread replies across channels ends with every card in its final state and
// every reply present in order, with and without 429s.

import { WebClient } from '@slack/web-api';
import { setTimeout as delay } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPacedOutput, type PacedSlackOutput } from '../../src/slack-out/paced-output.js';
import { createSlackOutput, type SlackMessage, type SlackOutput } from '../../src/slack-out/slack-output.js';
import { createFakeSlack, type ApiCall, type FakeSlack } from '@pai-bot/fake-slack/index.js';
import { SILENT_WEB_LOGGER } from '../support/silent-web-logger.js';

const TOKEN = 'xoxb-pacing-test';
const INTERVAL_MS = 20;
const CHANNELS = 10;
const UPDATES = 24; // per channel: 1 post + 24 updates + 4 thread replies + a final one = 30 state changes; 300 in all
const REPLY_EVERY = 6;

const log = pino({ level: 'silent' });

let fake: FakeSlack;

beforeAll(async () => {
  fake = createFakeSlack({ token: TOKEN });
  await fake.start();
});
afterAll(() => fake.stop());

/** The real SlackOutput over a real WebClient, paced; `starts` records when each channel's calls were handed down. */
function pacedOutput(): { paced: PacedSlackOutput; starts: Map<string, number[]> } {
  const client = new WebClient(TOKEN, {
    slackApiUrl: fake.url,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    logger: SILENT_WEB_LOGGER,
  });
  const real = createSlackOutput({ client, log, scrub: (s) => s });
  const starts = new Map<string, number[]>();
  const mark = (channel: string) => starts.set(channel, [...(starts.get(channel) ?? []), Date.now()]);
  const inner: SlackOutput = {
    ...real,
    post: (channel, message, threadTs) => (mark(channel), real.post(channel, message, threadTs)),
    update: (channel, ts, message) => (mark(channel), real.update(channel, ts, message)),
  };
  return { paced: createPacedOutput(inner, { perChannelIntervalMs: INTERVAL_MS, log }), starts };
}

const card = (channel: string, state: number): SlackMessage => ({
  text: `${channel} state ${state}`,
  blocks: [
    { type: 'header', text: { type: 'plain_text', text: `job ${channel}` } },
    { type: 'section', fields: [{ type: 'mrkdwn', text: `*State*\n${state}` }] },
  ],
});

interface ChannelRun {
  channel: string;
  ts: string;
  replies: string[];
}

/** One channel's life: post a card, update it many times with replies in the thread, then a final reply. */
async function storm(paced: PacedSlackOutput, channel: string): Promise<ChannelRun> {
  const { ts } = await paced.post(channel, card(channel, 0));
  const work: Promise<unknown>[] = [];
  const replies: string[] = [];
  for (let state = 1; state <= UPDATES; state++) {
    work.push(paced.update(channel, ts, card(channel, state)));
    if (state % REPLY_EVERY === 0) {
      const text = `${channel} reply after state ${state}`;
      replies.push(text);
      work.push(paced.post(channel, { text }, ts));
    }
    if (state % 4 === 0) await delay(3); // state changes arrive over time, faster than the lane can send
  }
  const final = `${channel} done`;
  replies.push(final);
  work.push(paced.post(channel, { text: final }, ts));
  await Promise.all(work);
  return { channel, ts, replies };
}

const callsIn = (calls: ApiCall[], channel: string) => calls.filter((c) => c.args.channel === channel);

function expectFinalStates(runs: ChannelRun[], calls: ApiCall[]): void {
  for (const { channel, ts, replies } of runs) {
    const cardMsg = fake.messages(channel).find((m) => m.ts === ts);
    expect(cardMsg?.text).toBe(`${channel} state ${UPDATES}`);
    expect(cardMsg?.blocks).toEqual(card(channel, UPDATES).blocks);
    expect(fake.thread(channel, ts).map((m) => m.text)).toEqual(replies);

    // a reply is sent after the update queued before it: the card shows at least that state when the reply lands
    const sent = callsIn(calls, channel).filter((c) => c.ok);
    let shown = 0;
    for (const c of sent) {
      if (c.method === 'chat.update') shown = Number(String(c.args.text).split(' ').at(-1));
      const m = /reply after state (\d+)$/.exec(String(c.args.text));
      if (c.method === 'chat.postMessage' && m) expect(shown).toBeGreaterThanOrEqual(Number(m[1]));
    }
  }
}

function expectPaced(starts: number[], channel: string): void {
  // measured where the lane hands a call to the inner output: each call starts >= INTERVAL_MS after the previous
  // one (less 2 ms for timer and clock granularity); the fake's arrival times add network jitter on a busy machine
  expect(starts.length, channel).toBeGreaterThan(1);
  for (let i = 1; i < starts.length; i++)
    expect(starts[i]! - starts[i - 1]!, channel).toBeGreaterThanOrEqual(INTERVAL_MS - 2);
}

describe('paced output over WebClient and the fake Slack', () => {
  it('shows every final card state and every thread reply in order after a 300-change storm across 10 channels', async () => {
    const { paced, starts } = pacedOutput();
    const from = fake.calls.length;
    const channels = Array.from({ length: CHANNELS }, (_, i) => `C0STORM${i}`);
    const runs = await Promise.all(channels.map((ch) => storm(paced, ch)));
    await paced.drain();
    const calls = fake.calls.slice(from);

    expect(calls.filter((c) => c.status === 429)).toEqual([]);
    expect(calls.every((c) => c.ok)).toBe(true);
    expectFinalStates(runs, calls);
    for (const ch of channels) expectPaced(starts.get(ch) ?? [], ch);

    const stats = paced.stats();
    expect(stats.rateLimited).toBe(0);
    expect(stats.pending).toBe(0);
    expect(stats.coalesced).toBeGreaterThan(0);
    expect(stats.sent).toBe(calls.length);
    expect(stats.sent + stats.coalesced).toBe(CHANNELS * 30); // every state change was sent or folded into a sent one
    expect(calls.filter((c) => c.method === 'chat.update').length).toBeLessThan(CHANNELS * UPDATES);
  });

  it('honours Retry-After on 429s for chat.update, pausing only that channel, and still shows every final state', async () => {
    const { paced, starts } = pacedOutput();
    const from = fake.calls.length;
    const channels = Array.from({ length: CHANNELS }, (_, i) => `C0LIMIT${i}`);
    fake.rateLimitNext(3, 1, 'chat.update');
    const runs = await Promise.all(channels.map((ch) => storm(paced, ch)));
    await paced.drain();
    const calls = fake.calls.slice(from);

    const limited = calls.filter((c) => c.status === 429);
    expect(limited).toHaveLength(3);
    expect(limited.every((c) => c.method === 'chat.update')).toBe(true);
    expect(paced.stats().rateLimited).toBe(3);
    for (const hit of limited) {
      const channel = String(hit.args.channel);
      const next = calls.slice(calls.indexOf(hit) + 1).find((c) => c.args.channel === channel);
      expect(next, `a retry on ${channel}`).toBeDefined();
      expect(next!.at - hit.at).toBeGreaterThanOrEqual(990); // the lane waited Retry-After (1 s)
      // the other channels kept going while this one waited
      const others = calls.filter((c) => c.args.channel !== channel && c.at > hit.at && c.at < next!.at);
      expect(others.length).toBeGreaterThan(0);
    }
    expectFinalStates(runs, calls);
    for (const ch of channels) expectPaced(starts.get(ch) ?? [], ch);
    expect(paced.stats().pending).toBe(0);
  });
});
