// The fake Slack's per-channel pace: chat.postMessage and chat.update of one channel share a token bucket, a call
// beyond it gets HTTP 429 with Retry-After (and is not handled), other channels and other methods are not affected.

import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelRateLimiter } from '../src/channel-rate.js';
import { createFakeSlack, type FakeSlack } from '../src/index.js';
import { SILENT_WEB_LOGGER } from '../../../test/support/silent-web-logger.js';

describe('ChannelRateLimiter', () => {
  it('lets a burst through, then one call per refill, per channel, and says how long to wait', () => {
    let now = 0;
    const limiter = new ChannelRateLimiter({ perSecond: 1, burst: 3, now: () => now });
    expect([1, 2, 3, 4].map(() => limiter.take('C1'))).toEqual([undefined, undefined, undefined, 1]);
    expect(limiter.take('C2')).toBeUndefined(); // a bucket of its own
    now = 999;
    expect(limiter.take('C1')).toBe(1);
    now = 1000;
    expect(limiter.take('C1')).toBeUndefined();
    now = 10_000;
    // refilled to the burst, no more
    expect([1, 2, 3, 4].map(() => limiter.take('C1'))).toEqual([undefined, undefined, undefined, 1]);
  });

  it('answers a whole number of seconds, at least 1, as Slack does', () => {
    const limiter = new ChannelRateLimiter({ perSecond: 0.25, now: () => 0 });
    expect(limiter.take('C1')).toBeUndefined();
    expect(limiter.take('C1')).toBe(4);
    expect(() => new ChannelRateLimiter({ perSecond: 0 })).toThrow(/perSecond/);
  });
});

describe('fake Slack with a channel rate', () => {
  let fake: FakeSlack | undefined;
  afterEach(async () => fake?.stop());

  it('refuses channel messages beyond the rate with 429 + Retry-After, and only those', async () => {
    let now = 0;
    fake = createFakeSlack({ token: 'xoxb-t', channelRate: { perSecond: 1, burst: 2, now: () => now } });
    await fake.start();
    const client = new WebClient('xoxb-t', {
      slackApiUrl: fake.url,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      logger: SILENT_WEB_LOGGER,
    });
    const { ts } = await client.chat.postMessage({ channel: 'C1', text: 'a' });
    await client.chat.update({ channel: 'C1', ts: String(ts), text: 'a2' });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'b' })).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 1,
    });
    await client.chat.postMessage({ channel: 'C2', text: 'other channel' });
    await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'not a channel message' });
    expect(fake.messages('C1').map((m) => m.text)).toEqual(['a2']);
    expect(fake.calls.filter((c) => c.status === 429).map((c) => c.method)).toEqual(['chat.postMessage']);
    now = 1000;
    await client.chat.postMessage({ channel: 'C1', text: 'b' });
    fake.setChannelRate(undefined);
    for (let i = 0; i < 5; i++) await client.chat.postMessage({ channel: 'C1', text: `free ${i}` });
    expect(fake.calls.filter((c) => c.status === 429)).toHaveLength(1);
  });
});
