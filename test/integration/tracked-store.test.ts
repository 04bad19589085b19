// The tracked store both watchers keep their items in (src/actions/watchers/tracked-store.ts), on the real Redis: a
// compare-and-set on the record's rev between clients, a write whose reply was lost and which ioredis sent again,
// records the version before revisions wrote, and the script defined once per connection.

import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { keySpace } from '../../src/redis/redis.js';
import { createTrackedJobStore, type TrackedJob } from '../../src/actions/watchers/tracked-jobs.js';
import { createTrackedServiceStore, type TrackedService } from '../../src/actions/watchers/tracked-services.js';
import { COMPARE_AND_SET_COMMAND, createTrackedStore } from '../../src/actions/watchers/tracked-store.js';
import { startReplyDroppingProxy, type ReplyDroppingProxy } from '../support/redis-proxy.js';

const open: { redis: Redis[]; proxies: ReplyDroppingProxy[] } = { redis: [], proxies: [] };
afterEach(async () => {
  for (const r of open.redis.splice(0)) r.disconnect();
  for (const p of open.proxies.splice(0)) await p.stop();
});

function connect(url: string = inject('redisUrl')): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  redis.on('error', () => undefined); // the proxy cuts connections on purpose
  open.redis.push(redis);
  return redis;
}

const keys = () => keySpace(`t-${randomUUID().slice(0, 8)}`);

function job(jobId: string, over: Partial<TrackedJob> = {}): TrackedJob {
  return {
    jobId,
    name: 'train',
    workspace: { name: 'dev', id: '100001' },
    channelId: 'C0DEV',
    requester: 'U0ALICE',
    status: 'Running',
    jobType: 'PyTorchJob',
    workers: 1,
    image: 'img:1',
    submittedAt: 1_700_000_000_000,
    misses: 0,
    rev: 0,
    ...over,
  };
}

function service(name: string, over: Partial<TrackedService> = {}): TrackedService {
  return {
    service: name,
    workspace: { name: 'dev', id: '100001' },
    channelId: 'C0DEV',
    requester: 'U0ALICE',
    last: { status: 'Running', running: 1, pending: 0, total: 1 },
    readyTimes: [],
    rev: 0,
    ...over,
  };
}

describe('compare-and-set on the rev', () => {
  it('two clients that read the same rev: one write lands, the other is refused and the record is what the winner wrote', async () => {
    const k = keys();
    const [a, b] = [createTrackedJobStore(connect(), k), createTrackedJobStore(connect(), k)];
    await a.update('j1', () => job('j1', { status: 'Queuing' }));
    const [seenByA, seenByB] = [(await a.get('j1'))!, (await b.get('j1'))!];
    expect(seenByA.rev).toBe(1);
    const results = await Promise.all([
      a.save({ ...seenByA, status: 'Running' }),
      b.save({ ...seenByB, status: 'Running', misses: 1 }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.find(Boolean)!;
    expect(await a.get('j1')).toEqual(winner);
    expect(winner.rev).toBe(2);
    // The loser, told so, reads again and writes on the new rev.
    expect(await b.save({ ...seenByB, status: 'Succeeded' })).toBeUndefined();
    expect(await b.save({ ...(await b.get('j1'))!, status: 'Succeeded' })).toMatchObject({
      status: 'Succeeded',
      rev: 3,
    });
  });

  it('rev 0 is "not stored yet": of two replicas adopting one service, one writes it', async () => {
    const k = keys();
    const [a, b] = [createTrackedServiceStore(connect(), k), createTrackedServiceStore(connect(), k)];
    const results = await Promise.all([
      a.save(service('svc', { external: true })),
      b.save(service('svc', { external: true, requester: 'U0BOB' })),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await a.get('svc'))?.rev).toBe(1);
    expect(await a.count()).toBe(1);
  });

  it('updates from two clients at once all land: each is retried on top of the other write', async () => {
    const k = keys();
    const [a, b] = [createTrackedServiceStore(connect(), k), createTrackedServiceStore(connect(), k)];
    await a.save(service('svc'));
    const bump = (t: TrackedService | undefined) =>
      t && { ...t, readyTimes: [...t.readyTimes, { kind: 'deploy' as const, ms: 1, at: t.readyTimes.length }] };
    await Promise.all([a.update('svc', bump), b.update('svc', bump), a.update('svc', bump), b.update('svc', bump)]);
    const stored = (await a.get('svc'))!;
    expect(stored.readyTimes).toHaveLength(4);
    expect(stored.rev).toBe(5);
  });

  it('a save never brings back a record untracked meanwhile', async () => {
    const k = keys();
    const jobs = createTrackedJobStore(connect(), k);
    const services = createTrackedServiceStore(connect(), k);
    await jobs.update('j1', () => job('j1'));
    await services.save(service('svc'));
    const [j, s] = [(await jobs.get('j1'))!, (await services.get('svc'))!];
    await jobs.untrack('j1');
    await services.untrack('svc');
    expect(await jobs.save({ ...j, status: 'Succeeded' })).toBeUndefined();
    expect(await services.save({ ...s, last: { ...s.last, status: 'Stopped' } })).toBeUndefined();
    expect([await jobs.count(), await services.count()]).toEqual([0, 0]);
  });
});

describe('a lost reply', () => {
  it('a write that reached Redis but whose reply was lost is re-sent by ioredis and reported as written, not as a conflict', async () => {
    const proxy = await startReplyDroppingProxy(inject('redisUrl'));
    open.proxies.push(proxy);
    const k = keys();
    const store = createTrackedJobStore(connect(proxy.url), k);
    await store.update('j1', () => job('j1', { status: 'Queuing' }));
    // the script is loaded on this connection now: the next write goes by EVALSHA
    const read = (await store.get('j1'))!;
    const lost = proxy.dropReplyTo('"status":"Running"');
    const saved = await store.save({ ...read, status: 'Running' });
    await lost;
    expect(saved).toMatchObject({ status: 'Running', rev: 2 });
    const raw = JSON.parse((await connect().hget(k.key('tracked', 'dlc'), 'j1'))!) as TrackedJob;
    expect(raw.write).toBe(saved!.write); // written once, by this very save
    // The connection came back: later writes still go through (the script is loaded again on the new socket).
    expect(await store.save({ ...saved!, status: 'Succeeded' })).toMatchObject({ rev: 3 });
  });
});

describe('records the version before revisions wrote', () => {
  it('a job stored without rev is read as rev 0, written over at rev 0 once, and keeps its card from the side hash', async () => {
    const k = keys();
    const redis = connect();
    const { rev: _rev, ...old } = job('j1', { status: 'Queuing', cardQueuedAt: 1 });
    // As tracked-jobs.ts wrote it before: same hash, same field, no rev (a compare-and-set token perhaps).
    await redis.hset(k.key('tracked', 'dlc'), 'j1', JSON.stringify({ ...old, write: 'old-token' }));
    await redis.hset(
      k.key('tracked', 'dlc'),
      'j2',
      JSON.stringify(job('j2', { status: 'Running' })).replace(',"rev":0', ''),
    );
    await redis.hset(k.key('tracked', 'dlc-cards'), 'j1', '1700000000.000100');
    const store = createTrackedJobStore(redis, k);
    const read = (await store.get('j1'))!;
    expect(read).toMatchObject({ status: 'Queuing', rev: 0, cardTs: '1700000000.000100' });
    expect((await store.all()).map((j) => [j.jobId, j.rev]).sort()).toEqual([
      ['j1', 0],
      ['j2', 0],
    ]);
    const saved = await store.save({ ...read, status: 'Running' });
    expect(saved).toMatchObject({ status: 'Running', rev: 1, cardTs: '1700000000.000100' });
    expect(await store.save({ ...read, status: 'Failed' })).toBeUndefined(); // a second poller that read it at rev 0
    expect(JSON.parse((await redis.hget(k.key('tracked', 'dlc'), 'j1'))!)).toMatchObject({ status: 'Running', rev: 1 });
    // Read at rev 0 too, but untracked meanwhile (another poller saw it end): a save must not bring it back.
    const j2 = (await store.get('j2'))!;
    await store.untrack('j2');
    expect(await store.save({ ...j2, status: 'Succeeded' })).toBeUndefined();
    expect(await redis.hexists(k.key('tracked', 'dlc'), 'j2')).toBe(0);
  });

  it('a card the outbox could not post reads as settled, and untracking drops it with the job', async () => {
    const k = keys();
    const redis = connect();
    const store = createTrackedJobStore(redis, k);
    await store.update('j1', () => job('j1', { cardQueuedAt: 1 }));
    await store.setCard('j1', '');
    expect(await store.get('j1')).toMatchObject({ cardSettled: true });
    expect((await store.get('j1'))?.cardTs).toBeUndefined();
    await store.untrack('j1');
    expect([await redis.hlen(k.key('tracked', 'dlc')), await redis.hlen(k.key('tracked', 'dlc-cards'))]).toEqual([
      0, 0,
    ]);
  });
});

describe('the script', () => {
  it('is defined once per connection, however many stores share it', async () => {
    const redis = connect();
    const define = vi.spyOn(redis, 'defineCommand');
    const k = keys();
    const stores = [
      createTrackedJobStore(redis, k),
      createTrackedServiceStore(redis, k),
      createTrackedJobStore(redis, k),
    ] as const;
    createTrackedStore<TrackedService>(redis, k, 'eas', (s) => s.service);
    expect(define).toHaveBeenCalledTimes(1);
    expect(define.mock.calls[0]![0]).toBe(COMPARE_AND_SET_COMMAND);
    await stores[0].update('j1', () => job('j1'));
    expect(await stores[1].save(service('svc'))).toMatchObject({ rev: 1 });
    expect(await stores[2].get('j1')).toMatchObject({ rev: 1 });
    // Another connection defines its own.
    const other = connect();
    const defineOther = vi.spyOn(other, 'defineCommand');
    createTrackedServiceStore(other, k);
    expect(defineOther).toHaveBeenCalledTimes(1);
  });

  it('keeps the key names and layout a running deployment has', async () => {
    const k = keys();
    const redis = connect();
    await createTrackedJobStore(redis, k).update('j1', () => job('j1'));
    await createTrackedServiceStore(redis, k).save(service('svc'));
    expect(JSON.parse((await redis.hget(`${k.prefix}:tracked:dlc`, 'j1'))!)).toMatchObject({ jobId: 'j1', rev: 1 });
    expect(JSON.parse((await redis.hget(`${k.prefix}:tracked:eas`, 'svc'))!)).toMatchObject({ service: 'svc', rev: 1 });
  });
});
