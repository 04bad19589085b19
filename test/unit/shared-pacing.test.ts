// The paced output with a shared per-channel budget (notify/channel-budget.ts), on virtual time: replicas sharing
// a budget take turns in a channel, a 429 seen by one pushes every replica's next turn, pending updates still fold
// while a lane waits for its turn, and a budget that cannot answer leaves the lane on its local pace. The budget
// here keeps the Redis script's semantics in memory; test/integration/slack-pacing-replicas.test.ts runs the real one.

import { WebAPIRateLimitedError } from '@slack/web-api';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ChannelBudget } from '../../src/slack-out/channel-budget.js';
import { createPacedOutput } from '../../src/slack-out/paced-output.js';
import type { SlackOutput } from '../../src/slack-out/slack-output.js';

const log = pino({ level: 'silent' });

async function settle(): Promise<void> {
  for (let i = 0; i < 8; i++) await new Promise<void>((r) => setImmediate(r));
}

/** A clock and a sleep whose timers fire only when the test moves time on. */
class VirtualTime {
  private t = 0;
  private timers: { at: number; fire: () => void }[] = [];
  now = (): number => this.t;
  sleep = (ms: number): Promise<void> =>
    new Promise<void>((fire) => this.timers.push({ at: this.t + Math.max(0, ms), fire }));
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    await settle();
    for (;;) {
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = due.at;
      due.fire();
      await settle();
    }
    this.t = end;
    await settle();
  }
}

/** RESERVE and PUSH_BACK of channel-budget.ts, in memory. */
function memoryBudget(time: VirtualTime): ChannelBudget & { free: Map<string, number> } {
  const free = new Map<string, number>();
  return {
    free,
    async reserve(channel, intervalMs) {
      const now = time.now();
      const at = Math.max(now, free.get(channel) ?? 0);
      free.set(channel, at + intervalMs);
      return at - now;
    },
    async pushBack(channel, ms) {
      free.set(channel, Math.max(free.get(channel) ?? 0, time.now() + ms));
    },
  };
}

interface Call {
  replica: number;
  method: 'post' | 'update';
  text: string;
  at: number;
}

function replicas(n: number, time: VirtualTime, budget: ChannelBudget | undefined, limit?: (call: Call) => boolean) {
  const calls: Call[] = [];
  let ts = 0;
  const outputs = Array.from({ length: n }, (_, replica) => {
    const inner: SlackOutput = {
      async post(_channel, m) {
        const call: Call = { replica, method: 'post', text: m.text, at: time.now() };
        calls.push(call);
        if (limit?.(call)) throw new WebAPIRateLimitedError(5);
        return { ts: `1700000000.${String(++ts).padStart(6, '0')}` };
      },
      async update(_channel, _ts, m) {
        calls.push({ replica, method: 'update', text: m.text, at: time.now() });
      },
      async ephemeral() {},
      async respond() {},
      async tell() {},
    };
    return createPacedOutput(inner, {
      perChannelIntervalMs: 1000,
      sleep: time.sleep,
      now: time.now,
      log,
      ...(budget ? { budget } : {}),
    });
  });
  return { calls, outputs };
}

describe('paced output with a shared budget', () => {
  it('three replicas posting to one channel take turns: one call per interval in all, not one per replica', async () => {
    const time = new VirtualTime();
    const { calls, outputs } = replicas(3, time, memoryBudget(time));
    const work = outputs.flatMap((o, r) => [0, 1].map((i) => o.post('C1', { text: `r${r}-${i}` })));
    await time.advance(6000);
    await Promise.all(work);
    expect(calls.map((c) => c.at)).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
    // each replica had a turn, none waited for the others to finish
    expect(new Set(calls.slice(0, 3).map((c) => c.replica)).size).toBe(3);
  });

  it('without a budget (per process, as before) the same replicas send three calls at once', async () => {
    const time = new VirtualTime();
    const { calls, outputs } = replicas(3, time, undefined);
    const work = outputs.flatMap((o, r) => [0, 1].map((i) => o.post('C1', { text: `r${r}-${i}` })));
    await time.advance(2000);
    await Promise.all(work);
    expect(calls.map((c) => c.at)).toEqual([0, 0, 0, 1000, 1000, 1000]);
  });

  it("a 429 one replica gets moves every replica's next turn past its Retry-After", async () => {
    const time = new VirtualTime();
    const budget = memoryBudget(time);
    let limited = false;
    const { calls, outputs } = replicas(2, time, budget, (c) => c.replica === 0 && !limited && (limited = true));
    const a = outputs[0]!.post('C1', { text: 'a' });
    await time.advance(0);
    expect(budget.free.get('C1')).toBe(5000); // Retry-After: 5 s
    const b = outputs[1]!.post('C1', { text: 'b' });
    await time.advance(10_000);
    await Promise.all([a, b]);
    expect(calls.map((c) => [c.replica, c.text, c.at])).toEqual([
      [0, 'a', 0], // the 429
      [1, 'b', 5000], // the first turn after Retry-After went to b, which asked for it first
      [0, 'a', 6000],
    ]);
  });

  it('updates of a card still fold into one while its lane waits for the shared turn', async () => {
    const time = new VirtualTime();
    const budget = memoryBudget(time);
    const { calls, outputs } = replicas(2, time, budget);
    const [busy, other] = outputs as [(typeof outputs)[number], (typeof outputs)[number]];
    const { ts } = await busy.post('C1', { text: 'card' });
    const theirs = [1, 2, 3].map((i) => other.post('C1', { text: `other ${i}` })); // the channel's next three turns
    await time.advance(0);
    const updates = [1, 2, 3, 4].map((i) => busy.update('C1', ts, { text: `card v${i}` }));
    await time.advance(10_000);
    await Promise.all([...theirs, ...updates]);
    expect(calls.filter((c) => c.method === 'update').map((c) => c.text)).toEqual(['card v4']);
    expect(calls.map((c) => c.at)).toEqual([0, 1000, 2000, 3000, 4000]);
  });

  it('a budget that cannot answer (Redis slow or down) leaves each lane on its local pace, never stuck', async () => {
    const time = new VirtualTime();
    const down: ChannelBudget = { reserve: async () => undefined, pushBack: async () => undefined };
    const { calls, outputs } = replicas(1, time, down);
    const work = [0, 1, 2].map((i) => outputs[0]!.post('C1', { text: `m${i}` }));
    await time.advance(2000);
    await Promise.all(work);
    expect(calls.map((c) => c.at)).toEqual([0, 1000, 2000]);

    const failing: ChannelBudget = {
      reserve: () => Promise.reject(new Error('boom')),
      pushBack: async () => undefined,
    };
    const second = replicas(1, time, failing);
    const more = [0, 1].map((i) => second.outputs[0]!.post('C1', { text: `n${i}` }));
    await time.advance(1000);
    await Promise.all(more);
    expect(second.calls.map((c) => c.at - 2000)).toEqual([0, 1000]);
  });
});
