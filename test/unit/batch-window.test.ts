// The batch window behind lookup queueing: who gets batched together, when a batch leaves, and what
// each caller hears when a batch fails.

import { describe, expect, it } from 'vitest';
import { batchWindow } from '../../src/queue/batch-window.js';

/** A hand-driven timer: the test decides when the window closes. */
function manualTimer() {
  const pending: { run: () => void; ms: number; cancelled: boolean }[] = [];
  return {
    schedule: (run: () => void, ms: number) => {
      const t = { run, ms, cancelled: false };
      pending.push(t);
      return () => (t.cancelled = true);
    },
    live: () => pending.filter((t) => !t.cancelled),
    fire: () => {
      for (const t of pending.splice(0)) if (!t.cancelled) t.run();
    },
  };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

/** A hand-over that records each batch and finishes every item at once. */
const collect =
  <T>(batches: T[][]) =>
  (items: T[]): Promise<void>[] => {
    batches.push(items);
    return items.map(() => Promise.resolve());
  };

describe('batchWindow', () => {
  it('hands over everything pushed within one window as one batch, when the window closes', async () => {
    const timer = manualTimer();
    const batches: number[][] = [];
    const w = batchWindow<number>(collect(batches), { windowMs: 10, maxSize: 50, schedule: timer.schedule });
    const done = [w.push(1), w.push(2), w.push(3)];
    await settled();
    expect(batches).toEqual([]);
    expect(timer.live()).toHaveLength(1);
    expect(timer.live()[0]!.ms).toBe(10);
    timer.fire();
    await Promise.all(done);
    expect(batches).toEqual([[1, 2, 3]]);
    // The next push opens a new window.
    const next = w.push(4);
    expect(timer.live()).toHaveLength(1);
    timer.fire();
    await next;
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('hands a full batch over at once, without waiting for the window', async () => {
    const timer = manualTimer();
    const batches: number[][] = [];
    const w = batchWindow<number>(collect(batches), { windowMs: 10, maxSize: 2, schedule: timer.schedule });
    await Promise.all([w.push(1), w.push(2)]);
    expect(batches).toEqual([[1, 2]]);
    expect(timer.live()).toHaveLength(0);
  });

  it('rejects every caller of a refused batch with its error, and later batches still go', async () => {
    const timer = manualTimer();
    let refuse = true;
    const batches: string[][] = [];
    const w = batchWindow<string>(
      (items) => {
        if (refuse) throw new Error('Redis is not connected (reconnecting)');
        return collect(batches)(items);
      },
      { windowMs: 10, maxSize: 50, schedule: timer.schedule },
    );
    const a = w.push('a');
    const b = w.push('b');
    timer.fire();
    await expect(a).rejects.toThrow('Redis is not connected');
    await expect(b).rejects.toThrow('Redis is not connected');
    refuse = false;
    const c = w.push('c');
    timer.fire();
    await c;
    expect(batches).toEqual([['c']]);
  });

  it('tells each caller how its own item went: one failed item does not fail the others', async () => {
    const timer = manualTimer();
    const w = batchWindow<string>(
      (items) =>
        items.map((item) =>
          item === 'bad' ? Promise.reject(new Error(`could not queue ${item}`)) : Promise.resolve(),
        ),
      {
        windowMs: 10,
        maxSize: 50,
        schedule: timer.schedule,
      },
    );
    const results = Promise.allSettled([w.push('a'), w.push('bad'), w.push('c')]);
    timer.fire();
    expect((await results).map((r) => (r.status === 'rejected' ? (r.reason as Error).message : r.status))).toEqual([
      'fulfilled',
      'could not queue bad',
      'fulfilled',
    ]);
  });

  it('a caller waits until its own item is done, not only handed over', async () => {
    const timer = manualTimer();
    let finish!: () => void;
    const w = batchWindow<number>((items) => items.map(() => new Promise<void>((resolve) => (finish = resolve))), {
      windowMs: 10,
      maxSize: 50,
      schedule: timer.schedule,
    });
    let resolved = false;
    const p = w.push(1).then(() => (resolved = true));
    timer.fire();
    await settled();
    expect(resolved).toBe(false);
    finish();
    await p;
    expect(resolved).toBe(true);
  });

  it('flush hands over what waits now and cancels the window; with nothing waiting it does nothing', async () => {
    const timer = manualTimer();
    const batches: number[][] = [];
    const w = batchWindow<number>(collect(batches), { windowMs: 10, maxSize: 50, schedule: timer.schedule });
    await w.flush();
    expect(batches).toEqual([]);
    const one = w.push(1);
    await w.flush();
    await one;
    expect(batches).toEqual([[1]]);
    expect(timer.live()).toHaveLength(0);
  });

  it('closes the window on a real timer when none is injected', async () => {
    const batches: number[][] = [];
    const w = batchWindow<number>(collect(batches), { windowMs: 5, maxSize: 50 });
    await Promise.all([w.push(1), w.push(2)]);
    expect(batches).toEqual([[1, 2]]);
  });
});
