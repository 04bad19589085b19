// The on-call episode store on the real Redis: open, acknowledge once (also across two clients and under a
// lost reply), mute with its TTL, close once (the mute runs its time), list by workspace, oldest first.

import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  CLOSED_KEEP_MS,
  createAlertEpisodes,
  type AlertEpisodes,
  type OpenEpisode,
} from '../../src/actions/alerts/episodes.js';
import { keySpace, type KeySpace } from '../../src/redis/redis.js';
import { startReplyDroppingProxy, type ReplyDroppingProxy } from '../support/redis-proxy.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 2, 1, 9, 0, 0);
const opened: Redis[] = [];
let proxy: ReplyDroppingProxy | undefined;

afterEach(async () => {
  for (const r of opened.splice(0)) r.disconnect();
  await proxy?.stop();
  proxy = undefined;
});

function client(url = inject('redisUrl')): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  redis.on('error', () => undefined);
  opened.push(redis);
  return redis;
}

function fresh(): { redis: Redis; keys: KeySpace; store: AlertEpisodes } {
  const redis = client();
  const keys = keySpace(`t-ep-${randomUUID().slice(0, 8)}`);
  return { redis, keys, store: createAlertEpisodes(redis, keys) };
}

function episode(
  over: Partial<OpenEpisode> = {},
): Pick<OpenEpisode, 'id' | 'resource' | 'kind' | 'workspaceId' | 'title' | 'channel' | 'ts' | 'openedAt'> {
  return {
    id: 'dlc:dlc1a2b3c4d5e6:failed',
    resource: 'dlc:dlc1a2b3c4d5e6',
    kind: 'failed',
    workspaceId: '100001',
    title: 'Job mnist failed: out of memory',
    channel: 'C0ONCALL',
    ts: '1700000000.000100',
    openedAt: NOW,
    ...over,
  };
}

describe('open and get', () => {
  it('records the episode; a second open of the same id changes nothing', async () => {
    const { store } = fresh();
    expect(await store.get('dlc:dlc1a2b3c4d5e6:failed')).toBeUndefined();
    await store.open(episode());
    expect(await store.get('dlc:dlc1a2b3c4d5e6:failed')).toEqual(episode());
    await store.acknowledge('dlc:dlc1a2b3c4d5e6:failed', 'U0ONCALL', NOW + 1000);
    await store.open(episode({ title: 'another title', ts: '1700000000.000999', openedAt: NOW + 5000 }));
    const e = await store.get('dlc:dlc1a2b3c4d5e6:failed');
    expect(e).toMatchObject({
      title: 'Job mnist failed: out of memory',
      ts: '1700000000.000100',
      openedAt: NOW,
      ackedBy: 'U0ONCALL',
    });
    expect(await store.list()).toHaveLength(1);
  });

  it('refuses ids that are empty or longer than 200 characters, and accepts 200', async () => {
    const { store } = fresh();
    await expect(store.open(episode({ id: '' }))).rejects.toThrow(/1 to 200/);
    await expect(store.open(episode({ id: 'e'.repeat(201) }))).rejects.toThrow(/1 to 200/);
    await store.open(episode({ id: 'e'.repeat(200) }));
    expect((await store.get('e'.repeat(200)))?.id).toHaveLength(200);
  });
});

describe('acknowledge', () => {
  it('acknowledges once: a second acknowledge is "already" and changes nothing', async () => {
    const { store } = fresh();
    await store.open(episode());
    expect(await store.acknowledge('dlc:dlc1a2b3c4d5e6:failed', 'U0ALICE', NOW + 60_000)).toBe('acknowledged');
    expect(await store.acknowledge('dlc:dlc1a2b3c4d5e6:failed', 'U0BOB', NOW + 120_000)).toBe('already');
    expect(await store.acknowledge('dlc:dlc1a2b3c4d5e6:failed', 'U0ALICE', NOW + 180_000)).toBe('already');
    expect(await store.get('dlc:dlc1a2b3c4d5e6:failed')).toMatchObject({ ackedBy: 'U0ALICE', ackedAt: NOW + 60_000 });
  });

  it('an unknown episode is missing', async () => {
    const { store } = fresh();
    expect(await store.acknowledge('dlc:nope:failed', 'U0ALICE', NOW)).toBe('missing');
  });

  it('concurrent acknowledges from two clients: exactly one is acknowledged', async () => {
    const { keys, store } = fresh();
    const other = createAlertEpisodes(client(), keys);
    await store.open(episode());
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? store : other).acknowledge('dlc:dlc1a2b3c4d5e6:failed', `U0USER${i}`, NOW + i),
      ),
    );
    expect(outcomes.filter((o) => o === 'acknowledged')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'already')).toHaveLength(19);
    const winner = outcomes.indexOf('acknowledged');
    expect(await store.get('dlc:dlc1a2b3c4d5e6:failed')).toMatchObject({
      ackedBy: `U0USER${winner}`,
      ackedAt: NOW + winner,
    });
  });

  it('the same press delivered twice is a repeat; another press is "already"', async () => {
    const { keys, store } = fresh();
    const replica = createAlertEpisodes(client(), keys);
    await store.open(episode());
    const [a, b] = await Promise.all([
      store.acknowledgeClick('dlc:dlc1a2b3c4d5e6:failed', 'U0ALICE', NOW, 'alert_ack:U0ALICE:1772355600.000100'),
      replica.acknowledgeClick('dlc:dlc1a2b3c4d5e6:failed', 'U0ALICE', NOW, 'alert_ack:U0ALICE:1772355600.000100'),
    ]);
    expect([a, b].sort()).toEqual(['acknowledged', 'repeat']);
    expect(
      await store.acknowledgeClick('dlc:dlc1a2b3c4d5e6:failed', 'U0ALICE', NOW, 'alert_ack:U0ALICE:1772355600.000100'),
    ).toBe('repeat');
    expect(
      await store.acknowledgeClick('dlc:dlc1a2b3c4d5e6:failed', 'U0BOB', NOW, 'alert_ack:U0BOB:1772355601.000100'),
    ).toBe('already');
    expect(
      await store.acknowledgeClick('dlc:dlc1a2b3c4d5e6:failed', 'U0BOB', NOW, 'alert_ack:U0BOB:1772355601.000100'),
    ).toBe('repeat');
  });

  it("a lost reply is not taken for someone else's acknowledgement: the re-sent script says acknowledged", async () => {
    proxy = await startReplyDroppingProxy(inject('redisUrl'));
    const { keys, store } = fresh();
    const behindProxy = createAlertEpisodes(client(proxy.url), keys);
    await store.open(episode());
    const lost = proxy.dropReplyTo("'ackToken'");
    const outcome = behindProxy.acknowledge('dlc:dlc1a2b3c4d5e6:failed', 'U0ALICE', NOW);
    await lost;
    expect(await outcome).toBe('acknowledged');
    expect(await store.acknowledge('dlc:dlc1a2b3c4d5e6:failed', 'U0BOB', NOW)).toBe('already');
  });
});

describe('mute', () => {
  it('mutes the resource until the given time, with a TTL, and shows it on the episode', async () => {
    const { redis, keys, store } = fresh();
    await store.open(episode());
    expect(await store.mutedUntil('dlc:dlc1a2b3c4d5e6', NOW)).toBeUndefined();
    expect(await store.mute('dlc:dlc1a2b3c4d5e6:failed', 'U0ALICE', NOW + 4 * HOUR, NOW)).toBe('muted');
    expect(await store.mutedUntil('dlc:dlc1a2b3c4d5e6', NOW)).toBe(NOW + 4 * HOUR);
    expect(await store.mutedUntil('dlc:dlc1a2b3c4d5e6', NOW + 4 * HOUR - 1)).toBe(NOW + 4 * HOUR);
    expect(await store.mutedUntil('dlc:dlc1a2b3c4d5e6', NOW + 4 * HOUR)).toBeUndefined();
    expect(await store.mutedUntil('dlc:another', NOW)).toBeUndefined();
    const ttl = await redis.pttl(keys.key('alerts', 'mute', 'dlc:dlc1a2b3c4d5e6'));
    expect(ttl).toBeGreaterThan(4 * HOUR - 10_000);
    expect(ttl).toBeLessThanOrEqual(4 * HOUR);
    expect(await store.get('dlc:dlc1a2b3c4d5e6:failed')).toMatchObject({
      mutedUntil: NOW + 4 * HOUR,
      mutedBy: 'U0ALICE',
    });
  });

  it('muting again keeps the later end, and extends the TTL only then', async () => {
    const { redis, keys, store } = fresh();
    await store.open(episode());
    const key = keys.key('alerts', 'mute', 'dlc:dlc1a2b3c4d5e6');
    await store.mute('dlc:dlc1a2b3c4d5e6:failed', 'U0ALICE', NOW + 4 * HOUR, NOW);
    expect(await store.mute('dlc:dlc1a2b3c4d5e6:failed', 'U0BOB', NOW + 2 * HOUR, NOW + HOUR)).toBe('muted');
    expect(await store.mutedUntil('dlc:dlc1a2b3c4d5e6', NOW + HOUR)).toBe(NOW + 4 * HOUR);
    expect(await store.get('dlc:dlc1a2b3c4d5e6:failed')).toMatchObject({
      mutedUntil: NOW + 4 * HOUR,
      mutedBy: 'U0ALICE',
    });
    expect(await redis.pttl(key)).toBeGreaterThan(3 * HOUR + 50 * 60_000);
    expect(await store.mute('dlc:dlc1a2b3c4d5e6:failed', 'U0BOB', NOW + HOUR + 24 * HOUR, NOW + HOUR)).toBe('muted');
    expect(await store.mutedUntil('dlc:dlc1a2b3c4d5e6', NOW + HOUR)).toBe(NOW + 25 * HOUR);
    expect(await store.get('dlc:dlc1a2b3c4d5e6:failed')).toMatchObject({
      mutedUntil: NOW + 25 * HOUR,
      mutedBy: 'U0BOB',
    });
    expect(await redis.pttl(key)).toBeGreaterThan(23 * HOUR);
  });

  it('the same press delivered twice is a repeat', async () => {
    const { store } = fresh();
    await store.open(episode());
    expect(
      await store.muteClick('dlc:dlc1a2b3c4d5e6:failed', 'U0ALICE', NOW + HOUR, NOW, 'alert_mute:U0ALICE:1.1'),
    ).toBe('muted');
    expect(
      await store.muteClick('dlc:dlc1a2b3c4d5e6:failed', 'U0ALICE', NOW + HOUR, NOW, 'alert_mute:U0ALICE:1.1'),
    ).toBe('repeat');
    expect(
      await store.muteClick('dlc:dlc1a2b3c4d5e6:failed', 'U0ALICE', NOW + 4 * HOUR, NOW, 'alert_mute:U0ALICE:1.2'),
    ).toBe('muted');
    expect(await store.mutedUntil('dlc:dlc1a2b3c4d5e6', NOW)).toBe(NOW + 4 * HOUR);
  });

  it('an unknown episode is missing, and a mute must end after it starts', async () => {
    const { store } = fresh();
    expect(await store.mute('eas:nope:1:cold_start', 'U0ALICE', NOW + HOUR, NOW)).toBe('missing');
    await store.open(episode());
    await expect(store.mute('dlc:dlc1a2b3c4d5e6:failed', 'U0ALICE', NOW, NOW)).rejects.toThrow(/end after it starts/);
  });
});

describe('close', () => {
  it('returns the episode once, leaves its mute to run its time, and keeps it readable for a while', async () => {
    const { redis, keys, store } = fresh();
    await store.open(episode());
    await store.mute('dlc:dlc1a2b3c4d5e6:failed', 'U0ALICE', NOW + 4 * HOUR, NOW);
    const closed = await store.close('dlc:dlc1a2b3c4d5e6:failed', NOW + HOUR);
    expect(closed).toMatchObject({
      ...episode(),
      mutedUntil: NOW + 4 * HOUR,
      mutedBy: 'U0ALICE',
      closedAt: NOW + HOUR,
    });
    expect(await store.close('dlc:dlc1a2b3c4d5e6:failed', NOW + 2 * HOUR)).toBeUndefined();
    // The mute is on the job, not the episode: it holds for the time on-call chose.
    expect(await store.mutedUntil('dlc:dlc1a2b3c4d5e6', NOW + HOUR)).toBe(NOW + 4 * HOUR);
    expect(await store.mutedUntil('dlc:dlc1a2b3c4d5e6', NOW + 4 * HOUR)).toBeUndefined();
    expect(await store.list()).toEqual([]);
    expect(await store.get('dlc:dlc1a2b3c4d5e6:failed')).toMatchObject({ closedAt: NOW + HOUR });
    const ttl = await redis.pttl(keys.key('alerts', 'episode', 'dlc:dlc1a2b3c4d5e6:failed'));
    expect(ttl).toBeGreaterThan(CLOSED_KEEP_MS - 10_000);
    expect(ttl).toBeLessThanOrEqual(CLOSED_KEEP_MS);
    // Over: nothing more to acknowledge or mute.
    expect(await store.acknowledge('dlc:dlc1a2b3c4d5e6:failed', 'U0ALICE', NOW + 2 * HOUR)).toBe('missing');
    expect(await store.mute('dlc:dlc1a2b3c4d5e6:failed', 'U0ALICE', NOW + 3 * HOUR, NOW + 2 * HOUR)).toBe('missing');
  });

  it('an unknown episode closes to undefined', async () => {
    const { store } = fresh();
    expect(await store.close('dlc:nope:failed')).toBeUndefined();
  });

  it('closed by two callers at once: one gets the episode', async () => {
    const { keys, store } = fresh();
    const other = createAlertEpisodes(client(), keys);
    await store.open(episode());
    const results = await Promise.all([
      store.close('dlc:dlc1a2b3c4d5e6:failed'),
      other.close('dlc:dlc1a2b3c4d5e6:failed'),
      store.close('dlc:dlc1a2b3c4d5e6:failed'),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('a lost reply still returns the episode to its caller', async () => {
    proxy = await startReplyDroppingProxy(inject('redisUrl'));
    const { keys, store } = fresh();
    const behindProxy = createAlertEpisodes(client(proxy.url), keys);
    await store.open(episode());
    const lost = proxy.dropReplyTo("'closeToken'");
    const closed = behindProxy.close('dlc:dlc1a2b3c4d5e6:failed', NOW);
    await lost;
    expect(await closed).toMatchObject({ id: 'dlc:dlc1a2b3c4d5e6:failed', closedAt: NOW });
    expect(await store.close('dlc:dlc1a2b3c4d5e6:failed')).toBeUndefined();
  });

  it('mutes of a resource hold past the end of their episodes, the longest one counting', async () => {
    const { store } = fresh();
    const cold = episode({
      id: 'eas:bert_qa:1772355600000:cold_start',
      resource: 'eas:bert_qa',
      kind: 'cold_start',
      ts: '1.1',
    });
    const failed = episode({ id: 'eas:bert_qa:failed', resource: 'eas:bert_qa', kind: 'failed', ts: '1.2' });
    await store.open(cold);
    await store.open(failed);
    await store.mute(cold.id, 'U0ALICE', NOW + HOUR, NOW);
    await store.mute(failed.id, 'U0BOB', NOW + 4 * HOUR, NOW);
    await store.close(failed.id, NOW);
    await store.close(cold.id, NOW);
    expect(await store.mutedUntil('eas:bert_qa', NOW)).toBe(NOW + 4 * HOUR);
    expect(await store.mutedUntil('eas:bert_qa', NOW + 4 * HOUR)).toBeUndefined();
  });

  it('the same id opens anew with a new alert after it closed, but not with its old one', async () => {
    const { store } = fresh();
    await store.open(episode());
    await store.acknowledge('dlc:dlc1a2b3c4d5e6:failed', 'U0ALICE', NOW);
    await store.close('dlc:dlc1a2b3c4d5e6:failed', NOW + 1);
    await store.open(episode()); // a late repeat of the first open
    expect(await store.list()).toEqual([]);
    await store.open(episode({ ts: '1700000999.000100', openedAt: NOW + 10 }));
    expect(await store.list()).toEqual([episode({ ts: '1700000999.000100', openedAt: NOW + 10 })]);
    expect(await store.acknowledge('dlc:dlc1a2b3c4d5e6:failed', 'U0BOB', NOW + 20)).toBe('acknowledged');
  });
});

describe('list', () => {
  it('lists open episodes oldest first, all workspaces or one', async () => {
    const { store } = fresh();
    const a = episode({ id: 'dlc:dlcaaaaaa:failed', resource: 'dlc:dlcaaaaaa', openedAt: NOW + 300, ts: '1.3' });
    const b = episode({
      id: 'eas:svc_b:1:cold_start',
      resource: 'eas:svc_b',
      kind: 'cold_start',
      workspaceId: '100002',
      openedAt: NOW + 100,
      ts: '1.1',
    });
    const c = episode({
      id: 'dlc:dlccccccc:oss_403',
      resource: 'dlc:dlccccccc',
      kind: 'oss_403',
      openedAt: NOW + 200,
      ts: '1.2',
    });
    for (const e of [a, b, c]) await store.open(e);
    await store.acknowledge(c.id, 'U0ALICE', NOW + 400);
    expect((await store.list()).map((e) => e.id)).toEqual([b.id, c.id, a.id]);
    expect((await store.list('100001')).map((e) => e.id)).toEqual([c.id, a.id]);
    expect((await store.list('100002')).map((e) => e.id)).toEqual([b.id]);
    expect(await store.list('999999')).toEqual([]);
    expect((await store.list())[1]).toMatchObject({ ackedBy: 'U0ALICE', ackedAt: NOW + 400 });
    await store.close(b.id);
    expect((await store.list()).map((e) => e.id)).toEqual([c.id, a.id]);
  });

  it('drops episodes that expired without being closed', async () => {
    const { redis, keys, store } = fresh();
    await store.open(episode());
    await store.open(episode({ id: 'dlc:other:failed', resource: 'dlc:other', ts: '2.2' }));
    await redis.del(keys.key('alerts', 'episode', 'dlc:other:failed'));
    expect((await store.list()).map((e) => e.id)).toEqual(['dlc:dlc1a2b3c4d5e6:failed']);
    expect(await redis.zrange(keys.key('alerts', 'open'), 0, -1)).toEqual(['dlc:dlc1a2b3c4d5e6:failed']);
  });
});
