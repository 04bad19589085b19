// Job events and pod logs, pure. They are regenerated from the timeline on every read, so logs "grow" as the clock
// moves without the simulator storing anything.

import type { DlcJobStatus as JobStatus } from './wire/dlc.js';
import { enteredAt, finishedAt, phaseAt, type Phase } from './job-lifecycle.js';
import type { JobRecord, PodRef } from './job-record.js';
import { isoSeconds, logStamp } from './time-format.js';

export interface TimedLine {
  at: number;
  text: string;
}

/** Caps progress lines so a 10-hour plan does not produce 36,000 lines per read. */
const MAX_PROGRESS_LINES = 200;
const MIN_STEP_MS = 1_000;

function transitionEvent(record: JobRecord, phase: Phase): string {
  const id = record.jobId;
  const pods = record.request.JobSpecs.reduce((n, s) => n + s.PodCount, 0);
  const image = record.request.JobSpecs[0]?.Image ?? '';
  const texts: Record<JobStatus, string> = {
    Creating: `Normal JobCreating job/${id}: job created by user ${record.userId}`,
    Queuing: `Normal JobQueuing job/${id}: waiting for resources (${record.request.ResourceId ?? 'public resources'})`,
    Bidding: `Normal JobBidding job/${id}: bidding for spot resources`,
    EnvPreparing: `Normal Scheduled job/${id}: ${pods} pod(s) scheduled, pulling image "${image}"`,
    SanityChecking: `Normal SanityChecking job/${id}: running sanity check`,
    Running: `Normal JobRunning job/${id}: all ${pods} pod(s) are running`,
    Restarting: `Warning JobRestarting job/${id}: restarting`,
    Stopping: `Normal JobStopping job/${id}: stop requested by user`,
    SucceededReserving: `Normal JobSucceededReserving job/${id}: job succeeded, resources reserved`,
    FailedReserving: `Warning JobFailedReserving job/${id}: job failed, resources reserved`,
    Succeeded: `Normal JobSucceeded job/${id}: ${phase.reasonMessage ?? 'job succeeded'}`,
    Failed: `Warning JobFailed job/${id}: ${phase.reasonCode ?? 'JobFailed'}: ${phase.reasonMessage ?? 'job failed'}`,
    Stopped: `Normal JobStopped job/${id}: ${phase.reasonMessage ?? 'job stopped'}`,
  };
  return texts[phase.status];
}

/** One event per transition already reached, plus the plan's extra events once the job has failed. */
export function jobEvents(record: JobRecord, timeline: readonly Phase[], now: number): TimedLine[] {
  const events: TimedLine[] = timeline
    .filter((p) => p.start <= now)
    .map((p) => ({ at: p.start, text: transitionEvent(record, p) }));
  const failedAt = enteredAt(timeline, 'Failed', now);
  if (failedAt !== undefined) {
    for (const text of record.plan.events ?? []) events.push({ at: failedAt, text: `Warning ${text}` });
  }
  return events;
}

function progressLines(start: number, end: number, runningMs: number, rank: number): TimedLine[] {
  const stepMs = Math.max(MIN_STEP_MS, Math.ceil(runningMs / MAX_PROGRESS_LINES));
  const totalSteps = Math.max(1, Math.floor(runningMs / stepMs));
  const lines: TimedLine[] = [];
  for (let step = 1; step <= totalSteps; step++) {
    const at = start + step * stepMs;
    if (at > end) break;
    const fraction = step / totalSteps;
    const loss = 0.1 + 2.4 * Math.exp(-3 * fraction) + rank * 0.001;
    const epoch = 1 + Math.floor(fraction * 0.9999 * 10);
    lines.push({
      at,
      text: `[rank ${rank}] epoch ${epoch}/10 step ${step * 10}/${totalSteps * 10} loss=${loss.toFixed(4)} lr=${(1e-4 * (1 - fraction / 2)).toExponential(2)}`,
    });
  }
  return lines;
}

function endingLines(record: JobRecord, status: JobStatus, at: number, reasonMessage: string | undefined): TimedLine[] {
  if (status === 'Succeeded') {
    return [
      { at, text: 'Training finished, saving checkpoint to /mnt/data/output/' },
      { at, text: 'Job completed successfully.' },
    ];
  }
  if (status === 'Failed') {
    const planned = record.plan.logs ?? [
      'Traceback (most recent call last):',
      '  File "train.py", line 1, in <module>',
      `RuntimeError: ${reasonMessage ?? 'training failed'}`,
    ];
    return planned.map((text) => ({ at, text }));
  }
  if (status === 'Stopped' || status === 'Stopping') return [{ at, text: 'Received SIGTERM, shutting down.' }];
  return [];
}

/** A pod's stdout/stderr up to `now`: empty until the job runs, then a command echo, progress lines, and an ending. */
export function podLogs(record: JobRecord, pod: PodRef, timeline: readonly Phase[], now: number): TimedLine[] {
  const started = enteredAt(timeline, 'Running', now);
  if (started === undefined) return [];
  const stopping = enteredAt(timeline, 'Stopping', now);
  const finished = finishedAt(timeline, now);
  const runEnd = Math.min(now, stopping ?? Number.POSITIVE_INFINITY, finished ?? Number.POSITIVE_INFINITY);
  const worldSize = record.request.JobSpecs.reduce((n, s) => n + s.PodCount, 0);
  const lines: TimedLine[] = [
    { at: started, text: `+ ${record.request.UserCommand.split('\n')[0] ?? ''}` },
    {
      at: started,
      text: `Starting ${record.request.JobType} ${pod.type.toLowerCase()} rank=${pod.rank} world_size=${worldSize}`,
    },
    ...progressLines(started, runEnd, record.plan.runningMs, pod.rank),
  ];
  const endAt = stopping ?? finished;
  if (endAt !== undefined) {
    const phase = phaseAt(timeline, endAt);
    lines.push(...endingLines(record, phase.status, endAt, phase.reasonMessage));
  }
  return lines;
}

export interface LineWindow {
  startTime?: number;
  endTime?: number;
  /** Keep at most this many of the newest lines. */
  max: number;
}

/** Applies StartTime/EndTime and keeps the newest `max` lines (the tail is what someone debugging a job reads). */
export function windowLines(lines: readonly TimedLine[], window: LineWindow): TimedLine[] {
  const inWindow = lines.filter(
    (l) =>
      (window.startTime === undefined || l.at >= window.startTime) &&
      (window.endTime === undefined || l.at <= window.endTime),
  );
  return window.max <= 0 ? [] : inWindow.slice(-window.max);
}

export function formatLogLine(line: TimedLine): string {
  return `${logStamp(line.at)} ${line.text}`;
}

export function formatEvent(line: TimedLine): string {
  return `${isoSeconds(line.at)} ${line.text}`;
}
