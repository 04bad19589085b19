// Renders a stored job as GetJob (renderJob) and ListJobs (renderJobItem) show it at a given instant, with only the
// fields the SDK's GetJobResponseBody / JobItem define (e.g. Username is a JobItem field, not a GetJob one). Pure.

import { enteredAt, finishedAt, historyAt, jobTimeline, phaseAt, type Phase } from './job-lifecycle.js';
import { podsOf, type JobRecord } from './job-record.js';
import { podUidFor, usernameForUserId } from './ids.js';
import { isoSeconds } from './time-format.js';
import {
  GET_JOB_FIELDS,
  JOB_ITEM_FIELDS,
  type DlcJob,
  type DlcJobStatus,
  type DlcPod,
  type DlcStatusTransition,
} from './wire/dlc.js';

/** A job as GetJob shows it. */
export type JobView = DlcJob;

/** A job as a ListJobs item shows it. */
export type JobItemView = DlcJob & { Username: string };

function podStatus(job: DlcJobStatus, ranBefore: boolean): string {
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

function renderPods(record: JobRecord, timeline: Phase[], now: number): DlcPod[] {
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

function renderHistory(timeline: Phase[], now: number): DlcStatusTransition[] {
  return historyAt(timeline, now).map((p) => ({
    Status: p.status,
    StartTime: isoSeconds(p.start),
    ...(p.end === undefined ? {} : { EndTime: isoSeconds(p.end) }),
    ...(p.reasonCode === undefined ? {} : { ReasonCode: p.reasonCode }),
    ...(p.reasonMessage === undefined ? {} : { ReasonMessage: p.reasonMessage }),
  }));
}

const TERMINAL_TIME_FIELD: Partial<Record<DlcJobStatus, 'GmtSuccessedTime' | 'GmtFailedTime' | 'GmtStoppedTime'>> = {
  Succeeded: 'GmtSuccessedTime',
  Failed: 'GmtFailedTime',
  Stopped: 'GmtStoppedTime',
};

export function timelineOf(record: JobRecord): Phase[] {
  return jobTimeline(record.createdAt, record.plan, record.stopRequestedAt);
}

/** Only the fields a model defines: the request is echoed back, but not its keys the response model lacks. */
function pick<T extends object>(view: T, fields: readonly string[]): T {
  return Object.fromEntries(Object.entries(view).filter(([k]) => fields.includes(k))) as T;
}

/** GetJob's body. */
export function renderJob(record: JobRecord, now: number): JobView {
  return pick(fullView(record, now), GET_JOB_FIELDS);
}

/** A ListJobs item: JobItem has the creator's Username (GetJob has only UserId). */
export function renderJobItem(record: JobRecord, now: number): JobItemView {
  return pick(
    { ...fullView(record, now), Username: record.username ?? usernameForUserId(record.userId) },
    JOB_ITEM_FIELDS,
  );
}

function fullView(record: JobRecord, now: number): DlcJob & Record<string, unknown> {
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
