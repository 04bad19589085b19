// Scenario 4: a storm of 1,000 state changes across 10 channels within ~3 s, through the bot's real paced output
// (createPacedOutput over createSlackOutput over createWebClient with rejectRateLimitedCalls, built exactly as
// src/bot.ts builds it, default pacing ~1 msg/s per channel) against the fake Slack behind the per-channel rate
// limiter (bench/slack-limiter.ts: 1 msg/s per channel, burst 3, 429 + Retry-After beyond that).
//
// 250 jobs (25 cards per channel) each go Creating → Queuing → EnvPreparing → Running → Succeeded in four waves
// one second apart; every change is what the DLC watcher sends for a transition (a card update and a thread
// reply, the real renderers), pushed without waiting, as a poller that does not wait for Slack would push them.

import { WebClient } from '@slack/web-api';
import { pino } from 'pino';
import { createScrubber } from '../src/log/scrub.js';
import { createPacedOutput } from '../src/slack-out/paced-output.js';
import { createSlackOutput, createWebClient } from '../src/slack-out/slack-output.js';
import { renderJobCard } from '../src/render/job-card.js';
import { renderTransition } from '../src/render/job-transition.js';
import { pacingFromTimestamps } from './slack-limiter.js';
import { prng, sleep, summarize, type Summary } from './stats.js';
import { BOT_TOKEN, type World } from './world.js';

export const STORM_CHANNELS = 10;
export const STORM_JOBS_PER_CHANNEL = 25;
const STATES = ['Creating', 'Queuing', 'EnvPreparing', 'Running', 'Succeeded'] as const;
const WAVE_GAP_MS = 1_000;

export interface StormResult {
  changes: number;
  channels: number;
  stormSpanMs: number;
  slackCalls: Record<string, number>;
  slackCallsTotal: number;
  received429: number;
  pacedRateLimited: number;
  coalesced: number;
  /** Storm start → the card shows its final state, per card. */
  toFinalCard: Summary;
  /** Storm start → the last thread reply of each card. */
  toLastReply: Summary;
  allDoneMs: number;
  /** (Calls in the busiest channel) × 1 s: what 1 msg/s per channel allows at best. */
  lowerBoundMs: number;
  allFinalShown: boolean;
  allRepliesInOrder: boolean;
  minGapMs: number;
  maxPerChannelPerSecond: number;
  /** Most chat.update calls in any 60 s (all storm channels; Slack's Tier 3 is "50+ per minute" per workspace). */
  peakUpdatesPerMinute: number;
}

export async function benchSlackStorm(world: World, log: (line: string) => void): Promise<StormResult> {
  const silent = pino({ level: 'silent' });
  const client = createWebClient(BOT_TOKEN, world.limiter.url, silent, { rejectRateLimitedCalls: true });
  const paced = createPacedOutput(createSlackOutput({ client, log: silent, scrub: createScrubber([BOT_TOKEN]) }), {
    log: silent,
  });
  const direct = new WebClient(BOT_TOKEN, { slackApiUrl: world.slack.url, retryConfig: { retries: 0 } });
  const channels = Array.from({ length: STORM_CHANNELS }, (_, i) => `C0STORM${i}`);
  const random = prng(4242);

  // The cards exist before the storm (posted straight to the fake Slack: not part of the storm).
  const jobs: { channel: string; name: string; jobId: string; ts: string }[] = [];
  for (const channel of channels) {
    for (let j = 0; j < STORM_JOBS_PER_CHANNEL; j++) {
      const name = `storm-${channel.slice(-1)}-${j}`;
      const jobId = `dlc-storm${channel.slice(-1)}x${String(j).padStart(3, '0')}`;
      const card = renderJobCard({
        name,
        jobId,
        workspace: 'dev',
        status: 'Creating',
        requester: 'U0ALICE',
        jobType: 'PyTorchJob',
        workers: 1,
        image: 'pytorch:2.1',
      });
      const { ts } = await direct.chat.postMessage({ channel, text: card.text, blocks: card.blocks ?? [] });
      jobs.push({ channel, name, jobId, ts: String(ts) });
    }
  }
  const stormChannels = new Set(channels);
  const limiterFrom = world.limiter.calls.length;
  const slackFrom = world.slack.calls.length;
  const work: Promise<unknown>[] = [];
  const start = Date.now();
  for (let wave = 1; wave < STATES.length; wave++) {
    const order = [...jobs].sort(() => random() - 0.5);
    for (const job of order) {
      const from = STATES[wave - 1]!;
      const to = STATES[wave]!;
      const view = {
        name: job.name,
        jobId: job.jobId,
        workspace: 'dev',
        status: to,
        requester: 'U0ALICE',
        jobType: 'PyTorchJob',
        workers: 1,
        image: 'pytorch:2.1',
      };
      work.push(
        paced.update(job.channel, job.ts, renderJobCard(to === 'Succeeded' ? { ...view, elapsedMs: 3_000 } : view)),
      );
      work.push(
        paced.post(
          job.channel,
          renderTransition({
            name: job.name,
            jobId: job.jobId,
            from,
            to,
            requester: 'U0ALICE',
            ...(to === 'Succeeded' ? { elapsedMs: 3_000 } : {}),
          }),
          job.ts,
        ),
      );
    }
    if (wave < STATES.length - 1) await sleep(WAVE_GAP_MS);
  }
  const stormSpanMs = Date.now() - start;
  const changes = jobs.length * (STATES.length - 1);
  log(`  storm: ${changes} state changes pushed in ${stormSpanMs} ms; waiting for the paced output to drain…`);
  const settled = await Promise.allSettled(work);
  await paced.drain();
  const failures = settled.filter((s) => s.status === 'rejected').length;
  if (failures) log(`  storm: ${failures} calls failed`);
  const allDoneMs = Date.now() - start;

  const calls = world.slack.calls.slice(slackFrom).filter((c) => c.ok && stormChannels.has(String(c.args.channel)));
  const byTs = new Map(jobs.map((j) => [j.ts, j]));
  const finalAt = new Map<string, number>();
  const lastReplyAt = new Map<string, number>();
  for (const c of calls) {
    if (c.method === 'chat.update' && / Succeeded$/.test(String(c.args.text)) && !finalAt.has(String(c.args.ts)))
      finalAt.set(String(c.args.ts), c.at - start);
    if (c.method === 'chat.postMessage' && byTs.has(String(c.args.thread_ts)))
      lastReplyAt.set(String(c.args.thread_ts), c.at - start);
  }
  const expectedReplies = STATES.slice(1).map((to, i) => `${STATES[i]} → ${to}`);
  let allRepliesInOrder = true;
  let allFinalShown = true;
  for (const job of jobs) {
    const card = world.slack.messages(job.channel).find((m) => m.ts === job.ts);
    if (!card || !/ Succeeded$/.test(card.text)) allFinalShown = false;
    const replies = world.slack.thread(job.channel, job.ts).map((m) => m.text);
    const shortForm = replies.map((t) => (t.includes(' ended ') ? 'Running → Succeeded' : t));
    if (JSON.stringify(shortForm) !== JSON.stringify(expectedReplies)) allRepliesInOrder = false;
  }

  const limiterCalls = world.limiter.calls.slice(limiterFrom).filter((c) => stormChannels.has(c.channel));
  const slackCalls: Record<string, number> = {};
  for (const c of limiterCalls) if (!c.limited) slackCalls[c.method] = (slackCalls[c.method] ?? 0) + 1;
  const perChannel = new Map<string, number>();
  for (const c of limiterCalls) if (!c.limited) perChannel.set(c.channel, (perChannel.get(c.channel) ?? 0) + 1);
  const updates = limiterCalls
    .filter((c) => !c.limited && c.method === 'chat.update')
    .map((c) => c.at)
    .sort((a, b) => a - b);
  let peakUpdatesPerMinute = 0;
  for (let i = 0, lo = 0; i < updates.length; i++) {
    while (updates[i]! - updates[lo]! >= 60_000) lo++;
    peakUpdatesPerMinute = Math.max(peakUpdatesPerMinute, i - lo + 1);
  }
  const pacing = pacingFromTimestamps(limiterCalls);
  const stats = paced.stats();
  const result: StormResult = {
    changes,
    channels: STORM_CHANNELS,
    stormSpanMs,
    slackCalls,
    slackCallsTotal: Object.values(slackCalls).reduce((a, b) => a + b, 0),
    received429: limiterCalls.filter((c) => c.limited).length,
    pacedRateLimited: stats.rateLimited,
    coalesced: stats.coalesced,
    toFinalCard: summarize([...finalAt.values()]),
    toLastReply: summarize([...lastReplyAt.values()]),
    allDoneMs,
    lowerBoundMs: (Math.max(...perChannel.values()) - 1) * 1000,
    allFinalShown,
    allRepliesInOrder,
    minGapMs: pacing.minGapMs,
    maxPerChannelPerSecond: pacing.maxPerSecond,
    peakUpdatesPerMinute,
  };
  log(
    `  storm: ${result.slackCallsTotal} Slack calls (${JSON.stringify(slackCalls)}), ${result.received429} × 429, ${result.coalesced} coalesced; every final card shown after ${Math.round(result.toFinalCard.max / 1000)} s, all done after ${Math.round(allDoneMs / 1000)} s (floor ${Math.round(result.lowerBoundMs / 1000)} s)`,
  );
  return result;
}
