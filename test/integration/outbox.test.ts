// The Redis outbox and its drainers, on the real Redis: one message per channel per interval across replicas,
// oldest first, a card's pending updates folded into the latest, 429s waited out, messages Slack refuses dropped
// with the requester told, and continuations run with the posted ts.

import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createChannelBudget } from '../../src/slack-out/channel-budget.js';
import { createOutbox, type Continuation } from '../../src/slack-out/outbox.js';
import { startOutboxDrainer, type OutboxDrainer } from '../../src/slack-out/outbox-drainer.js';
import type { SlackMessage, SlackOutput } from '../../src/slack-out/slack-output.js';
import { keySpace } from '../../src/redis/redis.js';
import { eventually } from '../support/harness.js';

const log = pino({ level: 'silent' });
const open: { redis: Redis[]; drainers: OutboxDrainer[] } = { redis: [], drainers: [] };
afterEach(async () => {
  for (const d of open.drainers.splice(0)) await d.stop(0);
  for (const r of open.redis.splice(0)) r.disconnect();
});

interface Sent {
  method: 'post' | 'update' | 'tell';
  channel: string;
  text: string;
  at: number;
  thread?: string;
  ts?: string;
}

/** A Slack that records what it was sent; `refuse` decides an error for a message, by its text. */
function recordingSlack(refuse: (text: string) => Error | undefined = () => undefined): SlackOutput & { sent: Sent[] } {
  const sent: Sent[] = [];
  let n = 0;
  const fail = (m: SlackMessage) => {
    const err = refuse(m.text);
    if (err) throw err;
  };
  return {
    sent,
    async post(channel, m, thread) {
      fail(m);
      const ts = `1700000000.${String(++n).padStart(6, '0')}`;
      sent.push({ method: 'post', channel, text: m.text, at: Date.now(), ...(thread ? { thread } : {}), ts });
      return { ts };
    },
    async update(channel, ts, m) {
      fail(m);
      sent.push({ method: 'update', channel, text: m.text, at: Date.now(), ts });
    },
    async ephemeral() {},
    async respond() {},
    async tell(to, m) {
      sent.push({ method: 'tell', channel: to.channelId, text: m.text, at: Date.now() });
    },
  };
}

function setup(opts: {
  intervalMs: number;
  slack: SlackOutput;
  replicas?: number;
  onSettled?: (then: Continuation, channel: string, ts: string | undefined) => Promise<void>;
}) {
  const keys = keySpace(`t-${randomUUID().slice(0, 8)}`);
  const redis = new Redis(inject('redisUrl'));
  open.redis.push(redis);
  const outbox = createOutbox(redis, keys);
  for (let i = 0; i < (opts.replicas ?? 1); i++) {
    const r = new Redis(inject('redisUrl'));
    open.redis.push(r);
    // Each replica has its own outbox handle (so only the first is woken by stores): the others find work by looking.
    const own = i === 0 ? outbox : createOutbox(r, keys);
    open.drainers.push(
      startOutboxDrainer({
        redis: r,
        keys,
        outbox: own,
        slack: opts.slack,
        intervalMs: opts.intervalMs,
        idleMs: 20,
        log,
        onSettled: opts.onSettled ?? (async () => undefined),
      }),
    );
  }
  return { outbox, redis, keys };
}

describe('the outbox', () => {
  it('sends one message per channel per interval across replicas, oldest first; other channels do not wait', async () => {
    const slack = recordingSlack();
    const { outbox } = setup({ intervalMs: 200, slack, replicas: 3 });
    for (let i = 0; i < 5; i++) await outbox.post('C0BUSY', { text: `busy ${i}` });
    await outbox.post('C0QUIET', { text: 'quiet' });
    await eventually(() => slack.sent.length === 6, 5_000, 'all six sent');
    const busy = slack.sent.filter((s) => s.channel === 'C0BUSY');
    expect(busy.map((s) => s.text)).toEqual(['busy 0', 'busy 1', 'busy 2', 'busy 3', 'busy 4']);
    // the pace is kept at the claim; the sends themselves vary by a few ms
    for (let i = 1; i < busy.length; i++) expect(busy[i]!.at - busy[i - 1]!.at).toBeGreaterThanOrEqual(160);
    const quiet = slack.sent.find((s) => s.channel === 'C0QUIET')!;
    expect(quiet.at - busy[0]!.at).toBeLessThan(150);
  });

  it('folds pending updates of one card into the latest', async () => {
    const slack = recordingSlack();
    const { outbox } = setup({ intervalMs: 300, slack });
    await outbox.post('C0CARD', { text: 'first' });
    for (let i = 1; i <= 5; i++) await outbox.update('C0CARD', '1.000001', { text: `state ${i}` });
    await eventually(() => slack.sent.filter((s) => s.method === 'update').length === 1, 3_000, 'the update');
    await new Promise((r) => setTimeout(r, 700));
    expect(slack.sent.filter((s) => s.method === 'update').map((s) => s.text)).toEqual(['state 5']);
  });

  it('never lets an older render of a versioned message overtake a newer one, queued or already sent', async () => {
    const slack = recordingSlack();
    const { outbox } = setup({ intervalMs: 10, slack });
    await outbox.update('C0REQ', '1.000002', { text: 'v3 rejected' }, 3);
    await outbox.update('C0REQ', '1.000002', { text: 'v2 one approval' }, 2); // rendered earlier, stored later
    await eventually(() => slack.sent.length === 1, 3_000, 'the update');
    await outbox.update('C0REQ', '1.000002', { text: 'v1 pending' }, 1); // after v3 was sent
    await new Promise((r) => setTimeout(r, 200));
    expect(slack.sent.map((s) => s.text)).toEqual(['v3 rejected']);
  });

  it('runs the continuation with the posted ts, and with none (and tells the requester) when Slack refuses for good', async () => {
    const refusal = Object.assign(new Error('not_in_channel'), {
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'not_in_channel' },
    });
    const slack = recordingSlack((text) => (text === 'no' ? refusal : undefined));
    const settled: [Continuation, string | undefined][] = [];
    const { outbox } = setup({
      intervalMs: 10,
      slack,
      onSettled: async (then, _c, ts) => void settled.push([then, ts]),
    });
    await outbox.post('C0A', { text: 'yes' }, { then: { kind: 'job-card', jobId: 'dlc-1' } });
    await outbox.post(
      'C0B',
      { text: 'no' },
      { then: { kind: 'job-card', jobId: 'dlc-2' }, tell: { channelId: 'C0B', userId: 'U0ALICE' } },
    );
    await eventually(() => settled.length === 2, 3_000, 'both settled');
    expect(settled).toContainEqual([
      { kind: 'job-card', jobId: 'dlc-1' },
      slack.sent.find((s) => s.text === 'yes')!.ts,
    ]);
    expect(settled).toContainEqual([{ kind: 'job-card', jobId: 'dlc-2' }, undefined]);
    expect(slack.sent.find((s) => s.method === 'tell')!.text).toMatch(
      /could not post the status card in this channel \(not_in_channel\)/,
    );
  });

  it('waits out a 429 on that channel and sends the message after it', async () => {
    let limited = 1;
    const slack = recordingSlack(() =>
      limited-- > 0
        ? Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter: 0.3 })
        : undefined,
    );
    const { outbox } = setup({ intervalMs: 10, slack });
    const t0 = Date.now();
    await outbox.post('C0RL', { text: 'after the limit' });
    await eventually(() => slack.sent.length === 1, 3_000, 'sent after the pause');
    expect(slack.sent[0]!.at - t0).toBeGreaterThanOrEqual(290);
  });

  it('shares the channel pace with the paced output: behind a busy lane it books the first free turn, neither jumping in nor starved', async () => {
    const slack = recordingSlack();
    const { outbox, redis, keys } = setup({ intervalMs: 300, slack });
    await redis.ping();
    const budget = createChannelBudget({ redis, keys, log });
    // Turns of 300 ms, and 100 ms of slack for timers firing late on a busy machine.
    // A lane of another replica, busy for 12 turns: it takes each next turn as soon as it has sent (as a ChannelLane
    // does).
    const laneSent: number[] = [];
    const lane = (async () => {
      for (let i = 0; i < 12; i++) {
        const wait = await budget.reserve('C0SHARED', 300);
        expect(wait).toBeDefined();
        await new Promise((r) => setTimeout(r, wait));
        laneSent.push(Date.now());
        if (i === 2) await outbox.post('C0SHARED', { text: 'action result' });
      }
    })();
    await lane;
    await eventually(() => slack.sent.length === 1, 3_000, 'the outbox message');
    const at = slack.sent[0]!.at;
    // Sent among the lane's turns, not after them all, and never on top of one.
    expect(at).toBeLessThan(laneSent.at(-1)!);
    for (const t of laneSent) expect(Math.abs(t - at)).toBeGreaterThanOrEqual(200);
  });

  it('keeps what is not yet sent in Redis: a drainer started later sends it', async () => {
    const slack = recordingSlack();
    const keys = keySpace(`t-${randomUUID().slice(0, 8)}`);
    const redis = new Redis(inject('redisUrl'));
    open.redis.push(redis);
    const outbox = createOutbox(redis, keys);
    await outbox.post('C0LATER', { text: 'queued while no worker ran' });
    expect(slack.sent).toHaveLength(0);
    open.drainers.push(
      startOutboxDrainer({ redis, keys, outbox, slack, intervalMs: 10, log, onSettled: async () => undefined }),
    );
    await eventually(() => slack.sent.length === 1, 3_000, 'sent by the later drainer');
  });
});
