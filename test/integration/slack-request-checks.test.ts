import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postToBot, slashCommandBody } from '@pai-bot/sandbox/slack-requests.js';
import { SIGNING_SECRET, startHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.stop());

const submitBody = () =>
  slashCommandBody({
    text: 'dlc submit sneaky --image img:1 --command "run"',
    userId: 'U0MALLORY',
    channelId: 'C0DEV',
    responseUrl: h.slack.responseUrl(),
  });

async function expectNothingDone() {
  // Give a wrongly accepted request time to reach the worker before asserting nothing happened.
  await new Promise((r) => setTimeout(r, 300));
  const counts = await h.queueCounts();
  expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
  expect(h.sim.calls).toHaveLength(0);
  expect(h.slack.messages()).toHaveLength(0);
}

describe('requests that are not from Slack', () => {
  it('rejects a bad signature with 401 and queues nothing', async () => {
    const reply = await postToBot(h.eventsUrl, submitBody(), {
      secret: SIGNING_SECRET,
      contentType: 'form',
      badSignature: true,
    });
    expect(reply.status).toBe(401);
    await expectNothingDone();
  });

  it('rejects a stale timestamp (older than 5 minutes) with 401 and queues nothing', async () => {
    const reply = await postToBot(h.eventsUrl, submitBody(), {
      secret: SIGNING_SECRET,
      contentType: 'form',
      timestampSec: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(reply.status).toBe(401);
    await expectNothingDone();
  });

  it('rejects a request without signature headers', async () => {
    const reply = await postToBot(h.eventsUrl, submitBody(), {
      secret: SIGNING_SECRET,
      contentType: 'form',
      omitSignature: true,
    });
    expect(reply.status).toBe(401);
    await expectNothingDone();
  });

  it('rejects a body altered after signing', async () => {
    const body = submitBody();
    const ts = Math.floor(Date.now() / 1000);
    const { signSlackBody } = await import('@pai-bot/sandbox/slack-requests.js');
    const signature = signSlackBody(SIGNING_SECRET, body, ts);
    const res = await fetch(h.eventsUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': signature,
      },
      body: body.replace('sneaky', 'sneakier'),
    });
    expect(res.status).toBe(401);
    await expectNothingDone();
  });

  it('answers GET /healthz with 200 while Redis is reachable', async () => {
    const res = await fetch(`http://127.0.0.1:${h.bot.port}/healthz`);
    expect(res.status).toBe(200);
    // No watcher poll failing: the detail says so, and was complete (read from Redis).
    expect(await res.json()).toEqual({ ok: true, polls: { complete: true, failing: [] } });
  });
});
