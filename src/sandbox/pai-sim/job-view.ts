// Renders a stored job as GetJob/ListJobs show it at a given instant. Pure.

import type { Job, JobStatus, Pod, StatusHistoryItem } from '../../pai/dlc-types.js';
import { enteredAt, finishedAt, historyAt, jobTimeline, phaseAt, type Phase } from './job-lifecycle.js';
import { podsOf, type JobRecord } from './job-record.js';
import { podUidFor, usernameForUserId } from './ids.js';
import { isoSeconds } from './time-format.js';

/** GetJob fields beyond the shared `Job` type that real DLC also returns. */
export interface JobView extends Job {
  GmtSubmittedTime: string;
  GmtSuccessedTime?: string;
  GmtFailedTime?: string;
  GmtStoppedTime?: string;
  UserCommand: string;
  ResourceType: string;
  [extra: string]: unknown;
}

function podStatus(job: JobStatus, ranBefore: boolean): string {
  switch (job) {
    case 'Running':
    case 'Stopping':
      return ranBefore ? 'Running' : 'Pending';
    case 'Succeeded':
      return 'Succeeded';
    case 'Failed':
      return 'Failed';
    case 'Stopped':
      // Stopped pods were killed; k8s reports the non-zero exit as Failed.
      return 'Failed';
    default:
      return 'Pending';
  }
}

function renderPods(record: JobRecord, timeline: Phase[], now: number): Pod[] {
  const status = phaseAt(timeline, now).status;
  const scheduled = enteredAt(timeline, 'EnvPreparing', now);
  const started = enteredAt(timeline, 'Running', now);
  const finished = finishedAt(timeline, now);
  return podsOf(record).map((pod) => ({
    PodId: pod.podId,
    PodUid: podUidFor(pod.podId),
    Type: pod.type,
    Status: podStatus(status, started !== undefined),
    ...(scheduled === undefined ? {} : { GmtCreateTime: isoSeconds(scheduled) }),
    ...(started === undefined ? {} : { GmtStartTime: isoSeconds(started) }),
    ...(finished === undefined ? {} : { GmtFinishTime: isoSeconds(finished) }),
  }));
}

function renderHistory(timeline: Phase[], now: number): StatusHistoryItem[] {
  return historyAt(timeline, now).map((p) => ({
    Status: p.status,
    StartTime: isoSeconds(p.start),
    ...(p.end === undefined ? {} : { EndTime: isoSeconds(p.end) }),
    ...(p.reasonCode === undefined ? {} : { ReasonCode: p.reasonCode }),
    ...(p.reasonMessage === undefined ? {} : { ReasonMessage: p.reasonMessage }),
  }));
}

const TERMINAL_TIME_FIELD: Partial<Record<JobStatus, 'GmtSuccessedTime' | 'GmtFailedTime' | 'GmtStoppedTime'>> = {
  Succeeded: 'GmtSuccessedTime',
  Failed: 'GmtFailedTime',
  Stopped: 'GmtStoppedTime',
};

export function timelineOf(record: JobRecord): Phase[] {
  return jobTimeline(record.createdAt, record.plan, record.stopRequestedAt);
}

export function renderJob(record: JobRecord, now: number): JobView {
  const timeline = timelineOf(record);
  const current = phaseAt(timeline, now);
  const running = enteredAt(timeline, 'Running', now);
  const finished = finishedAt(timeline, now);
  const terminalField = finished === undefined ? undefined : TERMINAL_TIME_FIELD[current.status];
  const { request } = record;
  return {
    ...request,
    JobId: record.jobId,
    DisplayName: request.DisplayName,
    JobType: request.JobType,
    Status: current.status,
    ...(current.reasonCode === undefined ? {} : { ReasonCode: current.reasonCode }),
    ...(current.reasonMessage === undefined ? {} : { ReasonMessage: current.reasonMessage }),
    ...(record.workspaceName === undefined ? {} : { WorkspaceName: record.workspaceName }),
    UserId: record.userId,
    Username: record.username ?? usernameForUserId(record.userId),
    Priority: request.Priority ?? 1,
    ResourceType: 'ECS',
    UserCommand: request.UserCommand,
    GmtCreateTime: isoSeconds(record.createdAt),
    GmtSubmittedTime: isoSeconds(record.createdAt),
    ...(running === undefined ? {} : { GmtRunningTime: isoSeconds(running) }),
    ...(finished === undefined ? {} : { GmtFinishTime: isoSeconds(finished) }),
    ...(terminalField === undefined || finished === undefined ? {} : { [terminalField]: isoSeconds(finished) }),
    // Wall time since submission, as the DLC console shows it.
    Duration: Math.max(0, Math.floor(((finished ?? now) - record.createdAt) / 1000)),
    StatusHistory: renderHistory(timeline, now),
    Pods: renderPods(record, timeline, now),
    JobSpecs: request.JobSpecs,
    Settings: request.Settings ?? {},
  };
}
