// The paced output against a scripted inner SlackOutput on virtual time: no test here waits for real.

import { ErrorCode, WebAPIPlatformError, WebAPIRateLimitedError } from '@slack/web-api';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { RATE_LIMITED_CODE, rateLimitDelayMs } from '../../src/slack-out/channel-lane.js';
import { createPacedOutput, type PacingOptions } from '../../src/slack-out/paced-output.js';
import type { SlackMessage, SlackOutput } from '../../src/slack-out/slack-output.js';

const log = pino({ level: 'silent' });

/** Lets every promise chain that can move without time passing, move. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

/** A clock plus a sleep whose timers only fire when the test advances time. */
class VirtualTime {
  private t = 0;
  private seq = 0;
  private timers: { at: number; seq: number; fire: () => void }[] = [];
  readonly sleeps: number[] = [];
  now = (): number => this.t;
  sleep = (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    return new Promise<void>((fire) => this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, fire }));
  };
  get armed(): number {
    return this.timers.length;
  }
  /** Moves time forward by ms, firing due timers in order and letting their work run at the time they fire. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    await settle();
    for (;;) {
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
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

interface Call {
  method: 'post' | 'update' | 'ephemeral' | 'respond' | 'tell';
  channel: string;
  text: string;
  ts?: string;
  threadTs?: string;
  at: number;
}

/** An inner SlackOutput that records calls with their virtual time and fails the calls a test scripts. */
function fakeInner(time: VirtualTime) {
  const calls: Call[] = [];
  const faults: { match: (c: Call) => boolean; err: () => unknown }[] = [];
  let nextTs = 1;
  const hit = (c: Omit<Call, 'at'>) => {
    const call = { ...c, at: time.now() };
    calls.push(call);
    const i = faults.findIndex((f) => f.match(call));
    if (i >= 0) throw faults.splice(i, 1)[0]!.err();
  };
  const inner: SlackOutput = {
    async post(channel, message, threadTs) {
      hit({ method: 'post', channel, text: message.text, ...(threadTs ? { threadTs } : {}) });
      return { ts: `1700000000.${String(nextTs++).padStart(6, '0')}` };
    },
    async update(channel, ts, message) {
      hit({ method: 'update', channel, ts, text: message.text });
    },
    async ephemeral(channel, _user, message) {
      hit({ method: 'ephemeral', channel, text: message.text });
    },
    async respond(responseUrl, message) {
      hit({ method: 'respond', channel: responseUrl, text: message.text });
    },
    async tell(to, message) {
      hit({ method: 'tell', channel: to.channelId, text: message.text });
    },
  };
  return {
    inner,
    calls,
    failNext(match: (c: Call) => boolean, err: () => unknown) {
      faults.push({ match, err });
    },
    sent: (channel: string) => calls.filter((c) => c.channel === channel),
  };
}

const msg = (text: string): SlackMessage => ({ text });
const rateLimited = (seconds: number) => () => new WebAPIRateLimitedError(seconds);
const platform = (error: string) => () =>
  new WebAPIPlatformError({ ok: false, error, response_metadata: {} } as ConstructorParameters<
    typeof WebAPIPlatformError
  >[0]);

function setup(extra: Partial<PacingOptions> = {}) {
  const time = new VirtualTime();
  const fake = fakeInner(time);
  const paced = createPacedOutput(fake.inner, {
    perChannelIntervalMs: 1000,
    sleep: time.sleep,
    now: time.now,
    log,
    ...extra,
  });
  return { time, fake, paced };
}

describe('rateLimitDelayMs', () => {
  it('recognises web-api rate-limit errors and caps Retry-After', () => {
    expect(RATE_LIMITED_CODE).toBe(ErrorCode.RateLimitedError);
    expect(rateLimitDelayMs(new WebAPIRateLimitedError(3), 60_000)).toBe(3000);
    expect(rateLimitDelayMs(new WebAPIRateLimitedError(3600), 60_000)).toBe(60_000);
    expect(rateLimitDelayMs({ code: RATE_LIMITED_CODE }, 60_000)).toBe(1000); // no usable Retry-After
    expect(rateLimitDelayMs(platform('ratelimited')(), 60_000)).toBeUndefined();
    expect(rateLimitDelayMs(new Error('boom'), 60_000)).toBeUndefined();
    expect(rateLimitDelayMs(undefined, 60_000)).toBeUndefined();
  });
});

describe('createPacedOutput: pacing', () => {
  it('sends at most one call per interval per channel, posts and updates alike', async () => {
    const { time, fake, paced } = setup();
    const card = paced.post('C1', msg('card'));
    const reply = paced.post('C1', msg('reply'));
    const { ts } = await card;
    const upd = paced.update('C1', ts, msg('card v2'));
    await time.advance(5000);
    await Promise.all([reply, upd]);
    expect(fake.sent('C1').map((c) => [c.method, c.text, c.at])).toEqual([
      ['post', 'card', 0],
      ['post', 'reply', 1000],
      ['update', 'card v2', 2000],
    ]);
  });

  it('sends the first call on an idle lane at once and again at once after the interval has passed', async () => {
    const { time, fake, paced } = setup();
    await paced.post('C1', msg('a'));
    expect(fake.calls).toHaveLength(1);
    await time.advance(2500);
    await paced.post('C1', msg('b'));
    expect(fake.sent('C1').map((c) => c.at)).toEqual([0, 2500]);
  });

  it('runs channels independently', async () => {
    const { time, fake, paced } = setup();
    const all = ['C1', 'C2', 'C3'].flatMap((ch) => [1, 2, 3].map((i) => paced.post(ch, msg(`${ch}-${i}`))));
    await time.advance(2000);
    await Promise.all(all);
    for (const ch of ['C1', 'C2', 'C3']) expect(fake.sent(ch).map((c) => c.at)).toEqual([0, 1000, 2000]);
  });

  it('post resolves with the ts Slack gave the message', async () => {
    const { time, paced } = setup();
    const first = paced.post('C1', msg('a'));
    const second = paced.post('C1', msg('b'));
    await time.advance(1000);
    expect(await first).toEqual({ ts: '1700000000.000001' });
    expect(await second).toEqual({ ts: '1700000000.000002' });
  });
});

describe('createPacedOutput: coalescing', () => {
  it('collapses 10 updates of a card queued behind its post into one call with the last payload', async () => {
    const { time, fake, paced } = setup();
    const { ts } = await paced.post('C1', msg('card v0'));
    const updates = Array.from({ length: 10 }, (_, i) => paced.update('C1', ts, msg(`card v${i + 1}`)));
    let resolved = 0;
    for (const u of updates) void u.then(() => (resolved += 1));
    await time.advance(1000);
    expect(resolved).toBe(10);
    const sentUpdates = fake.sent('C1').filter((c) => c.method === 'update');
    expect(sentUpdates.map((c) => c.text)).toEqual(['card v10']);
    expect(paced.stats()).toMatchObject({ sent: 2, coalesced: 9, pending: 0 });
  });

  it('sends at most two of 10 updates that arrive while one is in flight, the last payload winning', async () => {
    const { time, fake, paced } = setup();
    const ts = '1.0';
    const updates = Array.from({ length: 10 }, (_, i) => paced.update('C1', ts, msg(`v${i + 1}`)));
    await time.advance(3000);
    await Promise.all(updates);
    const sent = fake.sent('C1').map((c) => c.text);
    expect(sent.length).toBeLessThanOrEqual(2);
    expect(sent).toEqual(['v1', 'v10']); // v1 had started; v2..v9 were replaced by v10 in place
  });

  it('keeps separate cards separate and never coalesces posts', async () => {
    const { time, fake, paced } = setup();
    const work = [
      paced.update('C1', 'A', msg('A1')), // starts at once
      paced.update('C1', 'A', msg('A2')),
      paced.update('C1', 'B', msg('B1')),
      paced.post('C1', msg('same'), 'A'),
      paced.post('C1', msg('same'), 'A'),
      paced.update('C1', 'A', msg('A3')), // replaces A2 in its position
      paced.update('C1', 'B', msg('B2')), // replaces B1 in its position
    ];
    await time.advance(10_000);
    await Promise.all(work);
    expect(fake.sent('C1').map((c) => `${c.method}:${c.ts ?? c.threadTs}:${c.text}`)).toEqual([
      'update:A:A1',
      'update:A:A3',
      'update:B:B2',
      'post:A:same',
      'post:A:same',
    ]);
  });
});

describe('createPacedOutput: order', () => {
  it('sends posts, updates and thread replies of a channel in the order they were asked for', async () => {
    const { time, fake, paced } = setup();
    const { ts } = await paced.post('C1', msg('card: queued'));
    const work = [
      paced.update('C1', ts, msg('card: running')),
      paced.post('C1', msg('reply 1'), ts),
      paced.post('C1', msg('reply 2'), ts),
      paced.post('C2', msg('other channel')),
      paced.post('C1', msg('reply 3'), ts),
      paced.update('C1', ts, msg('card: succeeded')),
      paced.post('C1', msg('reply 4: done'), ts),
    ];
    await time.advance(10_000);
    await Promise.all(work);
    // 'succeeded' replaced the still-pending 'running' in its place; every reply still follows the update queued before
    // it
    expect(fake.sent('C1').map((c) => c.text)).toEqual([
      'card: queued',
      'card: succeeded',
      'reply 1',
      'reply 2',
      'reply 3',
      'reply 4: done',
    ]);
    expect(
      fake
        .sent('C1')
        .filter((c) => c.threadTs)
        .every((c) => c.threadTs === ts),
    ).toBe(true);
  });

  it('sends an update before the thread reply queued after it once the update has started', async () => {
    const { time, fake, paced } = setup();
    const { ts } = await paced.post('C1', msg('card v0'));
    const work: Promise<unknown>[] = [];
    for (let step = 1; step <= 4; step++) {
      work.push(paced.update('C1', ts, msg(`card v${step}`)));
      work.push(paced.post('C1', msg(`after v${step}`), ts));
      await time.advance(2000); // the lane keeps up (two calls per step), so nothing coalesces
    }
    await time.advance(10_000);
    await Promise.all(work);
    expect(fake.sent('C1').map((c) => c.text)).toEqual([
      'card v0',
      'card v1',
      'after v1',
      'card v2',
      'after v2',
      'card v3',
      'after v3',
      'card v4',
      'after v4',
    ]);
  });
});

describe('createPacedOutput: 429', () => {
  it('pauses only the rate-limited channel for Retry-After, then sends the same call again', async () => {
    const { time, fake, paced } = setup();
    fake.failNext((c) => c.channel === 'C1', rateLimited(30));
    const c1 = [paced.post('C1', msg('c1 first')), paced.post('C1', msg('c1 second'))];
    const c2 = [1, 2, 3].map((i) => paced.post('C2', msg(`c2 ${i}`)));
    await time.advance(2000);
    await Promise.all(c2);
    expect(fake.sent('C2').map((c) => c.at)).toEqual([0, 1000, 2000]);
    expect(fake.sent('C1').map((c) => [c.text, c.at])).toEqual([['c1 first', 0]]); // the 429
    expect(paced.stats()).toMatchObject({ rateLimited: 1, pending: 2 });

    await time.advance(27_999);
    expect(fake.sent('C1')).toHaveLength(1); // still waiting out Retry-After
    await time.advance(1);
    await time.advance(1000);
    await Promise.all(c1);
    expect(fake.sent('C1').map((c) => [c.text, c.at])).toEqual([
      ['c1 first', 0],
      ['c1 first', 30_000],
      ['c1 second', 31_000],
    ]);
    expect(paced.stats()).toMatchObject({ sent: 5, rateLimited: 1, pending: 0 });
  });

  it('caps a huge Retry-After at maxRetryAfterMs', async () => {
    const { time, fake, paced } = setup({ maxRetryAfterMs: 5000 });
    fake.failNext(() => true, rateLimited(3600));
    const p = paced.post('C1', msg('x'));
    await time.advance(5000);
    await p;
    expect(fake.sent('C1').map((c) => c.at)).toEqual([0, 5000]);
  });

  it('keeps retrying through repeated 429s, never dropping the call', async () => {
    const { time, fake, paced } = setup();
    for (let i = 0; i < 3; i++) fake.failNext(() => true, rateLimited(2));
    const p = paced.post('C1', msg('x'));
    await time.advance(6000);
    expect(await p).toEqual({ ts: '1700000000.000001' });
    expect(fake.sent('C1').map((c) => c.at)).toEqual([0, 2000, 4000, 6000]);
    expect(paced.stats().rateLimited).toBe(3);
  });

  it('folds newer state of a rate-limited card into its retry, so the card never goes back to an older state', async () => {
    const { time, fake, paced } = setup();
    fake.failNext((c) => c.method === 'update', rateLimited(5));
    const first = paced.update('C1', 'T', msg('v1')); // in flight, gets the 429
    const reply = paced.post('C1', msg('reply'), 'T');
    const second = paced.update('C1', 'T', msg('v2')); // queued behind the reply while v1 was in flight
    await time.advance(1);
    const third = paced.update('C1', 'T', msg('v3')); // arrives during the pause
    await time.advance(20_000);
    await Promise.all([first, reply, second, third]);
    expect(fake.sent('C1').map((c) => [c.text, c.at])).toEqual([
      ['v1', 0], // 429
      ['v3', 5000], // the retry carries the newest state
      ['reply', 6000],
    ]);
    expect(paced.stats()).toMatchObject({ pending: 0, coalesced: 2 });
  });

  it('rate-limits pass-through answers with one retry after Retry-After, unpaced', async () => {
    const { time, fake, paced } = setup();
    void paced.post('C1', msg('busy'));
    void paced.post('C1', msg('busy 2')); // the C1 lane is now waiting for its interval
    await paced.ephemeral('C1', 'U1', msg('eph'));
    await paced.respond('https://hooks.example/r/1', msg('resp'));
    await paced.tell({ channelId: 'C1', userId: 'U1' }, msg('told'));
    expect(fake.calls.filter((c) => c.at === 0).map((c) => c.method)).toEqual(['post', 'ephemeral', 'respond', 'tell']);

    fake.failNext((c) => c.method === 'ephemeral', rateLimited(3));
    const eph = paced.ephemeral('C1', 'U1', msg('eph 2'));
    await time.advance(2999);
    expect(fake.calls.filter((c) => c.text === 'eph 2')).toHaveLength(1);
    await time.advance(1);
    await eph;
    expect(fake.calls.filter((c) => c.text === 'eph 2').map((c) => c.at)).toEqual([0, 3000]);

    // a second 429 in a row is the caller's problem
    fake.failNext((c) => c.method === 'tell', rateLimited(1));
    fake.failNext((c) => c.method === 'tell', rateLimited(1));
    const told = paced.tell({ channelId: 'C1', userId: 'U1' }, msg('told 2'));
    const outcome = told.catch((e: unknown) => e);
    await time.advance(1000);
    expect(await outcome).toMatchObject({ code: ErrorCode.RateLimitedError });
    await paced.drain();
  });
});

describe('createPacedOutput: errors', () => {
  it('rejects the failed call and carries on with the rest of the lane', async () => {
    const { time, fake, paced } = setup();
    fake.failNext((c) => c.text === 'bad', platform('invalid_blocks'));
    const bad = paced.post('C1', msg('bad')).catch((e: unknown) => e);
    const good = paced.post('C1', msg('good'));
    await time.advance(1000);
    expect(await bad).toMatchObject({ data: { error: 'invalid_blocks' } });
    expect(await good).toEqual({ ts: '1700000000.000001' });
    expect(fake.sent('C1').map((c) => [c.text, c.at])).toEqual([
      ['bad', 0],
      ['good', 1000],
    ]);
    expect(paced.stats()).toMatchObject({ sent: 1, pending: 0 });
  });

  it('rejects every caller of a coalesced update that failed', async () => {
    const { time, fake, paced } = setup();
    await paced.post('C1', msg('card'));
    fake.failNext((c) => c.method === 'update', platform('message_not_found'));
    const outcomes = [1, 2, 3].map((i) =>
      paced.update('C1', 'X', msg(`v${i}`)).then(
        () => 'ok',
        (e: unknown) => e,
      ),
    );
    const after = paced.post('C1', msg('after'));
    await time.advance(5000);
    for (const o of await Promise.all(outcomes)) expect(o).toMatchObject({ data: { error: 'message_not_found' } });
    await after;
    expect(fake.sent('C1').map((c) => c.text)).toEqual(['card', 'v3', 'after']);
  });
});

describe('createPacedOutput: drain and idling', () => {
  it('drain resolves once every lane is empty, and no timer is left armed', async () => {
    const { time, paced } = setup();
    await paced.drain(); // nothing to do
    const work = ['C1', 'C2'].flatMap((ch) => [1, 2, 3].map((i) => paced.post(ch, msg(`${ch} ${i}`))));
    let drained = false;
    void paced.drain().then(() => (drained = true));
    await time.advance(1999);
    expect(drained).toBe(false);
    expect(paced.stats().pending).toBe(2);
    await time.advance(1);
    await Promise.all(work);
    expect(drained).toBe(true);
    expect(time.armed).toBe(0);
    expect(paced.stats()).toEqual({ sent: 6, coalesced: 0, rateLimited: 0, pending: 0 });
  });

  it('works on real time with the default sleep', async () => {
    const fake = fakeInner(new VirtualTime());
    const paced = createPacedOutput(fake.inner, { perChannelIntervalMs: 15, log });
    const started = Date.now();
    const work = [1, 2, 3].map((i) => paced.post('C1', msg(String(i))));
    await paced.drain();
    await Promise.all(work);
    expect(Date.now() - started).toBeGreaterThanOrEqual(28);
    expect(fake.calls.map((c) => c.text)).toEqual(['1', '2', '3']);
  });

  it('rejects a nonsensical interval', () => {
    const fake = fakeInner(new VirtualTime());
    expect(() => createPacedOutput(fake.inner, { perChannelIntervalMs: -1, log })).toThrow(/perChannelIntervalMs/);
  });
});
