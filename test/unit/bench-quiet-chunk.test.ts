// The bench's policy for chunks measured on a busy host: run them again, but never past the budgets that
// keep `npm run bench` within 10 minutes.

import { describe, expect, it } from 'vitest';
import { MAX_REPEATS, quietChunk, type RepeatBudget } from '../../bench/quiet-chunk.js';
import { spareTime } from '../../bench/spare-time.js';

const quiet = { machineBusy: 0.5, foreign: 0, steal: 0 };
const stolen = { machineBusy: 0.5, foreign: 0, steal: 0.2 };
const busyElsewhere = { machineBusy: 0.9, foreign: 0.3, steal: 0 };

function attempts(cpus: (typeof quiet)[]) {
  let n = 0;
  return {
    run: async () => ({ cpu: cpus[Math.min(n, cpus.length - 1)]!, attempt: n++ }),
    count: () => n,
  };
}

const budget = (max: number, spareMs = 60_000): RepeatBudget => ({ used: 0, max, time: spareTime(spareMs) });
const noLog = () => undefined;

describe('quietChunk', () => {
  it('keeps a chunk measured on a quiet machine, and spends no spare time', async () => {
    const a = attempts([quiet]);
    const b = budget(4);
    const r = await quietChunk(a.run, b, 'x', noLog, 0);
    expect(r.attempt).toBe(0);
    expect(b.used).toBe(0);
    expect(b.time.spent.repeats).toBe(0);
  });

  it('runs a chunk again while steal time or other processes spoil it, and keeps the first clean one', async () => {
    const a = attempts([stolen, busyElsewhere, quiet]);
    const b = budget(4);
    const lines: string[] = [];
    const r = await quietChunk(a.run, b, 'bare @ 300/s', (l) => lines.push(l), 0);
    expect(r.attempt).toBe(2);
    expect(b.used).toBe(2);
    expect(b.time.spent.repeats).toBeGreaterThan(0);
    expect(lines[0]).toContain('bare @ 300/s: chunk again, 20 % of the CPU was stolen');
  });

  it(`stops after ${MAX_REPEATS} repeats of one chunk and keeps the last attempt, noisy or not`, async () => {
    const a = attempts([stolen]);
    const r = await quietChunk(a.run, budget(10), 'x', noLog, 0);
    expect(a.count()).toBe(MAX_REPEATS + 1);
    expect(r.attempt).toBe(MAX_REPEATS);
  });

  it('does not repeat once the scenario’s repeat count is used up', async () => {
    const b = budget(1);
    await quietChunk(attempts([stolen]).run, b, 'x', noLog, 0);
    const a = attempts([stolen]);
    await quietChunk(a.run, b, 'x', noLog, 0);
    expect(b.used).toBe(1);
    expect(a.count()).toBe(1);
  });

  it('does not repeat when the run has no spare time left (the quiet wait took it)', async () => {
    const b = budget(4, 120_000);
    b.time.spend(120_000, 'quiet wait');
    const a = attempts([stolen]);
    const r = await quietChunk(a.run, b, 'x', noLog, 0);
    expect(a.count()).toBe(1);
    expect(r.attempt).toBe(0);
    expect(b.time.left()).toBe(0);
  });
});

describe('spareTime', () => {
  it('shares one allowance between the quiet wait and the repeats, and never goes below zero', () => {
    const s = spareTime(1_000);
    s.spend(400, 'quiet wait');
    s.spend(300, 'repeats');
    expect(s.left()).toBe(300);
    s.spend(500, 'repeats');
    expect(s.left()).toBe(0);
    expect(s.spent).toEqual({ 'quiet wait': 400, repeats: 800 });
  });
});
