// Payloads of the jobs the listeners queue and the workers carry out. Everything a worker needs
// travels in the payload: a worker never reads Slack request state from anywhere else.

import type { GalleryDeployPayload } from './gallery/payload.js';
import type { EasDeployPayload } from './inference/payload.js';
import type { DswChange } from './notebooks/payload.js';
import type { DlcSubmitPayload } from './training/payload.js';

export const ACTION_QUEUE = 'pai-actions';

/** Who asked, and where to answer them. */
export interface Requester {
  userId: string;
  channelId: string;
  teamId?: string;
  /** Slack's response_url: ephemeral answers for up to 30 minutes, even where the bot is not a member. */
  responseUrl?: string;
}

export interface WorkspaceRef {
  name: string;
  id: string;
}

/** Set on a change that runs because a prod approval request was approved. */
export interface ApprovalRef {
  requestId: string;
}

export interface DlcSubmitJob {
  approval?: ApprovalRef;
  type: 'dlc.submit';
  requester: Requester;
  workspace: WorkspaceRef;
  command: DlcSubmitPayload;
  /** Travels to PAI as a job tag, so a retry can find a job an earlier attempt already created. */
  requestKey: string;
}

export interface DlcStopJob {
  approval?: ApprovalRef;
  type: 'dlc.stop';
  requester: Requester;
  jobId: string;
}

export interface DlcStatusJob {
  type: 'dlc.status';
  requester: Requester;
  jobId: string;
}

export interface DlcListJob {
  type: 'dlc.list';
  requester: Requester;
  workspace: WorkspaceRef;
  status?: string;
  mine: boolean;
}

export interface DlcLogsJob {
  type: 'dlc.logs';
  requester: Requester;
  jobId: string;
  pod?: string;
  tail: number;
}

/**
 * DLC's instance types, listed into Redis for the submit form's menu (src/actions/training/refresh-ecs-specs.ts). The
 * bot queues it itself when its list is missing or old, no verb does; `requester` is whoever opened the menu (only
 * logged: the job answers nobody).
 */
export interface DlcSpecsJob {
  type: 'dlc.specs';
  requester: Requester;
}

/** EAS's instance types, for the deploy form's menu (src/actions/inference/refresh-eas-specs.ts); as DlcSpecsJob. */
export interface EasSpecsJob {
  type: 'eas.specs';
  requester: Requester;
}

/** Jobs the bot queues for itself, which no verb of the grammar queues. */
export type BackgroundJob = DlcSpecsJob | EasSpecsJob;

export interface WorkspaceListJob {
  type: 'ws.list';
  requester: Requester;
}

export interface EasDeployJob {
  approval?: ApprovalRef;
  type: 'eas.deploy';
  requester: Requester;
  workspace: WorkspaceRef;
  command: EasDeployPayload;
  requestKey: string;
}

/** Reads of one service. */
export interface EasReadJob {
  type: 'eas.status' | 'eas.events';
  requester: Requester;
  service: string;
}

export interface EasListJob {
  type: 'eas.list';
  requester: Requester;
  workspace: WorkspaceRef;
}

/** Changes to an existing service; the worker finds its workspace from PAI and applies the change policy. */
export type EasChange =
  | { verb: 'scale'; replicas: number }
  | { verb: 'autoscale'; min: number; max: number; qps?: number; cpu?: number }
  | { verb: 'stop' | 'start' | 'restart' | 'delete' }
  | { verb: 'traffic'; weight: number };

export interface EasChangeJob {
  approval?: ApprovalRef;
  type: 'eas.change';
  requester: Requester;
  service: string;
  change: EasChange;
}

export interface OssCheckJob {
  type: 'oss.check';
  requester: Requester;
  workspace: WorkspaceRef;
  bucket: string;
  prefix: string;
}

/** `/pai gallery deploy`: the model's latest spec, created as an EAS service through the eas deploy path. */
export interface GalleryDeployJob {
  approval?: ApprovalRef;
  type: 'gallery.deploy';
  requester: Requester;
  workspace: WorkspaceRef;
  command: GalleryDeployPayload;
  requestKey: string;
}

/** `/pai gallery list`: the QuickStart catalogue, optionally by task or free text. */
export interface GalleryListJob {
  type: 'gallery.list';
  requester: Requester;
  task?: string;
  search?: string;
}

/** `/pai cost`: the workspace's running services and notebooks, and the jobs that ended in the last `sinceMs`. */
export interface CostReportJob {
  type: 'cost.report';
  requester: Requester;
  workspace: WorkspaceRef;
  sinceMs: number;
}

/** `/pai dsw list`: the workspace's notebooks, of one status or all; `idle`: the Running ones that look idle. */
export interface DswListJob {
  type: 'dsw.list';
  requester: Requester;
  workspace: WorkspaceRef;
  status?: string;
  idle: boolean;
}

/** `/pai dsw status`: one notebook, which must be in the command's workspace. */
export interface DswStatusJob {
  type: 'dsw.status';
  requester: Requester;
  workspace: WorkspaceRef;
  instanceId: string;
}

/** `/pai dsw stop|start|idle-stop`: a change to one notebook of the command's workspace. */
export interface DswChangeJob {
  approval?: ApprovalRef;
  type: 'dsw.change';
  requester: Requester;
  workspace: WorkspaceRef;
  instanceId: string;
  change: DswChange;
}

/**
 * What a worker has done so far for one queued job, so a retry or a resumed run skips finished steps. Kept in
 * the queued job's progress field, apart from its data: the data is what was asked (and approved), and stays so.
 */
export interface ActionProgress {
  /** The target the gate resolved (a ChangeTarget), so a retry acts on the very same one without looking it up again. */
  target?: unknown;
  /** The change's one write to PAI was sent and its outcome is not known yet. */
  applying?: boolean;
  /** The write succeeded; its (JSON) result. */
  applied?: { result: unknown };
  /** The OSS preflight ran (its notes were told once). */
  preflighted?: boolean;
  /** The status card (or approval request) this action posted: its ts, or only that it is queued in the outbox. */
  cardTs?: string;
  cardQueued?: boolean;
}

export type MutatingJob = DlcSubmitJob | DlcStopJob | EasDeployJob | EasChangeJob | GalleryDeployJob | DswChangeJob;

// A Record, so a change type added to MutatingJob without being listed here fails to compile.
const MUTATING_TYPES: Readonly<Record<MutatingJob['type'], true>> = {
  'dlc.submit': true,
  'dlc.stop': true,
  'eas.deploy': true,
  'eas.change': true,
  'gallery.deploy': true,
  'dsw.change': true,
};

export function isMutatingJob(job: ActionJob): job is MutatingJob {
  return Object.hasOwn(MUTATING_TYPES, job.type);
}

export type ActionJob =
  | DlcSubmitJob
  | DlcStopJob
  | DlcStatusJob
  | DlcListJob
  | DlcLogsJob
  | DlcSpecsJob
  | EasSpecsJob
  | WorkspaceListJob
  | EasDeployJob
  | EasReadJob
  | EasListJob
  | EasChangeJob
  | OssCheckJob
  | GalleryDeployJob
  | GalleryListJob
  | CostReportJob
  | DswListJob
  | DswStatusJob
  | DswChangeJob;
export type ActionType = ActionJob['type'];

/** The job of one type: EasReadJob for 'eas.status', since one job may carry several types. */
export type JobOf<K extends ActionType> = ActionJob extends infer J
  ? J extends ActionJob
    ? K extends J['type']
      ? J
      : never
    : never
  : never;
