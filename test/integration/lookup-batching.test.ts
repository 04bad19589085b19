// Lookups are acknowledged at once and queued in small batches (their queue adds issued together). These
// tests stretch the batch window so that its effects are visible: lookups wait for it together, a full
// batch does not wait, and a lookup still waiting when the bot stops is queued rather than lost.

import { afterEach, expect, it } from 'vitest';
import type { LookupBatch } from '../../src/queue/enqueue-action.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0).reverse()) await h.stop();
});

async function withJob(lookupBatch: LookupBatch): Promise<{ h: Harness; jobId: string }> {
  const h = await startHarness({ lookupBatch });
  harnesses.push(h);
  // A job to look up (a submit is a change: queued at once, never batched).
  await h.command('dlc submit batched --image img:1 --command run');
  await h.slack.waitFor(() => h.slack.messages('C0DEV').find((m) => m.text.includes('batched')));
  return { h, jobId: h.sim.jobs()[0]!.JobId };
}

const getJobs = (h: Harness) => h.sim.callsOf('GetJob').length;

it('lookups within one window are queued together when it closes, and each is answered', async () => {
  const { h, jobId } = await withJob({ windowMs: 1_500, maxSize: 50 });
  const before = getJobs(h);
  const sent = Date.now();
  const replies = await Promise.all([1, 2, 3, 4].map(() => h.command(`dlc status ${jobId}`)));
  for (const r of replies) expect(r.json.text).toMatch(/Looking that up/);
  // Acknowledged long before the window closes, and nothing reached PAI while it was open.
  expect(Date.now() - sent).toBeLessThan(1_200);
  expect(getJobs(h)).toBe(before);
  for (const r of replies) await h.slack.waitFor(() => h.slack.responses(r.responseId).at(-1), 5_000);
  expect(getJobs(h) - before).toBe(4);
});

it('a full batch is queued at once, without waiting for the window', async () => {
  const { h, jobId } = await withJob({ windowMs: 60_000, maxSize: 2 });
  const before = getJobs(h);
  const replies = await Promise.all([1, 2].map(() => h.command(`dlc status ${jobId}`)));
  for (const r of replies) await h.slack.waitFor(() => h.slack.responses(r.responseId).at(-1), 5_000);
  expect(getJobs(h) - before).toBe(2);
});

it('a lookup still waiting for its batch when the bot stops is queued, and answered after the restart', async () => {
  const { h, jobId } = await withJob({ windowMs: 60_000, maxSize: 50 });
  const before = getJobs(h);
  const reply = await h.command(`dlc status ${jobId}`);
  expect(reply.json.text).toMatch(/Looking that up/);
  await h.stopBot();
  expect(getJobs(h)).toBe(before);
  expect((await h.queueCounts()).waiting).toBe(1);
  const again = await startHarness({ restartOf: h });
  harnesses.push(again);
  await eventually(() => h.slack.responses(reply.responseId).at(-1), 5_000, 'the answer after the restart');
  expect(getJobs(h) - before).toBe(1);
});
