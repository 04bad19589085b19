import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRedis, type LocalRedis } from '@pai-bot/sandbox/redis-server.js';
import { Redis } from 'ioredis';
import { spawn } from 'node:child_process';
import { eventually, startHarness, type Harness } from '../support/harness.js';

let backServer: { stop(): Promise<void> };
/** Restarts a redis-server on the port the bot knows, empty, and returns a client to inspect it. */
async function startLocalRedisOnPort(port: number): Promise<Redis> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  backServer = { stop: async () => void (child.kill('SIGTERM'), await new Promise((r) => child.once('exit', r))) };
  const client = new Redis(`redis://127.0.0.1:${port}`);
  client.on('error', () => undefined); // refused until the server is up
  await eventually(async () => (await client.ping()) === 'PONG', 5_000, 'redis back');
  return client;
}

let redis: LocalRedis;
let h: Harness;
beforeAll(async () => {
  redis = await startLocalRedis();
  h = await startHarness({ redisUrl: redis.url, role: 'web' });
  // BullMQ writes its queue meta once, just after connecting; let it land, or ioredis would re-send it to the
  // Redis that comes back below and the empty-Redis check would see BullMQ's bookkeeping, not our command.
  await eventually(async () => (await h.redis.keys('*:meta')).length > 0, 5_000, 'the queue meta written');
  await redis.stop(); // Redis goes away under a running bot
});
afterAll(async () => {
  // Nothing to reconnect to: close without waiting for Redis.
  h.redis.disconnect();
  await Promise.race([h.stopBot(), new Promise((r) => setTimeout(r, 3_000))]);
  await h.sim.stop();
  await h.slack.stop();
});

describe('when Redis is unreachable', () => {
  it("still answers a slash command within Slack's 3 seconds, saying nothing was run", async () => {
    const reply = await h.command('dlc submit while-down --image img:1 --command run');
    expect(reply.status).toBe(200);
    expect(reply.elapsedMs).toBeLessThan(3_000);
    expect(reply.json.text).toMatch(/could not queue.*Nothing was run/);
    expect(h.sim.calls).toHaveLength(0);
  });

  it('acknowledges a lookup at once, then says through the response_url that nothing was run', async () => {
    const reply = await h.command('dlc status dlcwhiledown1');
    expect(reply.status).toBe(200);
    expect(reply.json.text).toMatch(/Looking that up/);
    const followUp = await h.slack.waitFor(() => h.slack.responses(reply.responseId).at(-1), 5_000);
    expect(followUp.body).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/could not queue.*Nothing was run/),
    });
    expect(h.sim.calls).toHaveLength(0);
  });

  it('does not run the refused command later, when Redis is back', async () => {
    const back = await startLocalRedisOnPort(Number(new URL(redis.url).port));
    try {
      await eventually(
        async () => (await fetch(`http://127.0.0.1:${h.bot.port}/healthz`)).status === 200,
        10_000,
        'reconnect',
      );
      const keys = await back.keys('*');
      expect(keys).toEqual([]);
    } finally {
      back.disconnect();
      await backServer.stop();
    }
  });

  it('reports unhealthy on /healthz', async () => {
    const res = await Promise.race([
      fetch(`http://127.0.0.1:${h.bot.port}/healthz`),
      new Promise<Response>((_, reject) => setTimeout(() => reject(new Error('healthz hung')), 3_000)),
    ]);
    expect(res.status).toBe(503);
  });
});
