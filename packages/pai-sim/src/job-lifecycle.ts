// A job's status is a pure function of (created at, plan, stop requested at, now): nothing ticks in the background,
// so moving a ManualClock is all a test needs to do, and two reads at the same instant always agree.

import type { DlcJobStatus as JobStatus } from './wire/dlc.js';
import { DEFAULT_JOB_PLAN, type JobPlan } from './types.js';

export interface Phase {
  status: JobStatus;
  start: number;
  /** Exclusive; undefined for the terminal phase. */
  end?: number;
  reasonCode?: string;
  reasonMessage?: string;
}

export const REASON_SUCCEEDED = { reasonCode: 'JobSucceeded', reasonMessage: 'Job has succeeded.' } as const;
export const REASON_STOPPED = { reasonCode: 'JobStoppedByUser', reasonMessage: 'Job is stopped by user.' } as const;
export const DEFAULT_FAILURE = {
  reasonCode: 'JobFailed',
  reasonMessage: 'Job failed: pod worker-0 exited with code 1.',
} as const;

/** Later partials win; negative or non-finite durations fall back to the default so a typo cannot hang a job. */
export function resolvePlan(...partials: (Partial<JobPlan> | undefined)[]): JobPlan {
  const plan: JobPlan = { ...DEFAULT_JOB_PLAN };
  for (const partial of partials) {
    if (!partial) continue;
    for (const [key, value] of Object.entries(partial) as [keyof JobPlan, JobPlan[keyof JobPlan]][]) {
      if (value !== undefined) (plan as unknown as Record<string, unknown>)[key] = value;
    }
  }
  for (const key of ['creatingMs', 'queuingMs', 'envPreparingMs', 'runningMs', 'stoppingMs'] as const) {
    if (!Number.isFinite(plan[key]) || plan[key] < 0) plan[key] = DEFAULT_JOB_PLAN[key];
  }
  return plan;
}

export function naturalFinishAt(createdAt: number, plan: JobPlan): number {
  return createdAt + plan.creatingMs + plan.queuingMs + plan.envPreparingMs + plan.runningMs;
}

function terminalReason(plan: JobPlan): { reasonCode: string; reasonMessage: string } {
  if (plan.outcome === 'Succeeded') return { ...REASON_SUCCEEDED };
  return {
    reasonCode: plan.reasonCode ?? DEFAULT_FAILURE.reasonCode,
    reasonMessage: plan.reasonMessage ?? DEFAULT_FAILURE.reasonMessage,
  };
}

function naturalTimeline(createdAt: number, plan: JobPlan): Phase[] {
  const phases: Phase[] = [];
  let t = createdAt;
  const durations: [JobStatus, number][] = [
    ['Creating', plan.creatingMs],
    ['Queuing', plan.queuingMs],
    ['EnvPreparing', plan.envPreparingMs],
    ['Running', plan.runningMs],
  ];
  for (const [status, ms] of durations) {
    phases.push({ status, start: t, end: t + ms });
    t += ms;
  }
  phases.push({ status: plan.outcome, start: t, ...terminalReason(plan) });
  return phases;
}

/** A stop cuts the natural timeline short: whatever phase is current ends, then Stopping, then Stopped. */
function stoppedTimeline(natural: Phase[], stopAt: number, plan: JobPlan): Phase[] {
  const kept = natural
    .filter((p) => p.end !== undefined && p.start < stopAt)
    .map((p) => ({ ...p, end: Math.min(p.end ?? stopAt, stopAt) }));
  return [
    ...kept,
    {
      status: 'Stopping',
      start: stopAt,
      end: stopAt + plan.stoppingMs,
      reasonCode: REASON_STOPPED.reasonCode,
      reasonMessage: 'Job is being stopped by user.',
    },
    { status: 'Stopped', start: stopAt + plan.stoppingMs, ...REASON_STOPPED },
  ];
}

/** Every phase the job will go through, zero-length ones dropped. A stop at or after the natural finish is ignored. */
export function jobTimeline(createdAt: number, plan: JobPlan, stopRequestedAt?: number): Phase[] {
  const natural = naturalTimeline(createdAt, plan);
  const stopAt = stopRequestedAt === undefined ? undefined : Math.max(stopRequestedAt, createdAt);
  const phases =
    stopAt !== undefined && stopAt < naturalFinishAt(createdAt, plan)
      ? stoppedTimeline(natural, stopAt, plan)
      : natural;
  return phases.filter((p) => p.end === undefined || p.end > p.start);
}

/** The phase current at `now` (the first one if `now` precedes creation). */
export function phaseAt(timeline: readonly Phase[], now: number): Phase {
  let current = timeline[0];
  for (const phase of timeline) {
    if (phase.start <= now) current = phase;
  }
  if (!current) throw new Error('empty job timeline');
  return current;
}

/** The phases already entered at `now`, the current one left open (no end), as StatusHistory shows them. */
export function historyAt(timeline: readonly Phase[], now: number): Phase[] {
  const entered = timeline.filter((p, i) => i === 0 || p.start <= now);
  return entered.map((p) => (p.end !== undefined && p.end > now ? { ...p, end: undefined } : p));
}

export function isStoppable(timeline: readonly Phase[], now: number): boolean {
  const status = phaseAt(timeline, now).status;
  return status !== 'Succeeded' && status !== 'Failed' && status !== 'Stopped';
}

/** When the job entered a status, if it has by `now`. */
export function enteredAt(timeline: readonly Phase[], status: JobStatus, now: number): number | undefined {
  const phase = timeline.find((p) => p.status === status);
  return phase && phase.start <= now ? phase.start : undefined;
}

/** When the job reached its terminal status, if it has by `now`. */
export function finishedAt(timeline: readonly Phase[], now: number): number | undefined {
  const last = timeline[timeline.length - 1];
  return last && last.start <= now ? last.start : undefined;
}
