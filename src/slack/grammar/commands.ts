// The typed result of parsing a `/pai …` line. The parser is pure: it knows nothing of the config,
// so the workspace is the alias as typed (`-w dev`); resolving it against the config happens later.
// What a change stores in its queued job is the use case's type (src/actions/*/payload.ts), not the
// parser's: the commands that queue one extend it, so the grammar follows the persisted format.

import type { GalleryDeployPayload } from '../../actions/gallery/payload.js';
import type { EasDeployPayload, OssLocation } from '../../actions/inference/payload.js';
import type { DswChange } from '../../actions/notebooks/payload.js';
import type { DlcSubmitPayload } from '../../actions/training/payload.js';

export type HelpTopic = 'dlc' | 'eas' | 'dsw' | 'oss' | 'approvals' | 'gallery';

/** The payload of the queued job (a persisted format, the use case's), plus the workspace alias as typed. */
export interface DlcSubmit extends DlcSubmitPayload {
  workspace?: string;
}

export interface DlcStatus {
  kind: 'dlc.status';
  jobId: string;
}

export interface DlcList {
  kind: 'dlc.list';
  status?: string; // one of JOB_STATUSES
  mine: boolean;
  workspace?: string;
}

export interface DlcStop {
  kind: 'dlc.stop';
  jobId: string;
}

export interface DlcLogs {
  kind: 'dlc.logs';
  jobId: string;
  pod?: string;
  tail: number; // default 50, 1..500
}

export interface Help {
  kind: 'help';
  topic?: HelpTopic;
}

export interface WorkspaceList {
  kind: 'ws';
}

/** The payload of the queued job (a persisted format, the use case's), plus the workspace alias as typed. */
export interface EasDeploy extends EasDeployPayload {
  workspace?: string;
}

export interface EasStatus {
  kind: 'eas.status';
  service: string;
}

export interface EasList {
  kind: 'eas.list';
  workspace?: string;
}

export interface EasScale {
  kind: 'eas.scale';
  service: string;
  replicas: number; // 0..100 (0 = scale to zero)
}

export interface EasAutoscale {
  kind: 'eas.autoscale';
  service: string;
  min: number; // 0..100
  max: number; // > min, <= 100
  qps?: number; // per-instance QPS target, > 0
  cpu?: number; // per-instance CPU use target, percent 1..100 (the default metric when neither is given)
}

/** stop, start, restart, delete. `yes` (the --yes flag) skips the confirmation of stop and delete. */
export interface EasLifecycle {
  kind: 'eas.stop' | 'eas.start' | 'eas.restart' | 'eas.delete';
  service: string;
  yes: boolean;
}

export interface EasTraffic {
  kind: 'eas.traffic';
  service: string;
  weight: number; // 0..1000, relative to the other services of its group (ReleaseService Weight)
}

export interface EasEvents {
  kind: 'eas.events';
  service: string;
}

export type EasCommand =
  | EasDeploy
  | EasStatus
  | EasList
  | EasScale
  | EasAutoscale
  | EasLifecycle
  | EasTraffic
  | EasEvents;

/** The DSW verbs. A notebook is addressed by its instance id, in the command's workspace (-w, else the channel's). */
export interface DswList {
  kind: 'dsw.list';
  status?: string; // one of DSW_INSTANCE_STATUSES
  idle: boolean;
  workspace?: string;
}

export interface DswStatus {
  kind: 'dsw.status';
  instanceId: string;
  workspace?: string;
}

/** `yes` (the --yes flag) skips the confirmation, as for eas stop. */
export interface DswStop extends Omit<Extract<DswChange, { verb: 'stop' }>, 'verb'> {
  kind: 'dsw.stop';
  instanceId: string;
  yes: boolean;
  workspace?: string;
}

export interface DswStart {
  kind: 'dsw.start';
  instanceId: string;
  workspace?: string;
}

/** --after in minutes (MaxIdleTimeInMinutes), --cpu and --gpu in percent, their defaults filled in. */
export interface DswIdleStop extends Omit<Extract<DswChange, { verb: 'idle-stop' }>, 'verb'> {
  kind: 'dsw.idle-stop';
  instanceId: string;
  workspace?: string;
}

export type DswCommand = DswList | DswStatus | DswStop | DswStart | DswIdleStop;

export interface OssCheck {
  kind: 'oss.check';
  location: OssLocation;
  workspace?: string;
}

export interface ApprovalsList {
  kind: 'approvals';
}

/** Approval request ids look like `ar-7k2m9xq1` (see REQUEST_ID_PATTERN). */
export const REQUEST_ID_PATTERN = /^ar-[a-z0-9]{8}$/;

export interface CancelRequest {
  kind: 'cancel';
  requestId: string;
}

/** `/pai alerts [-w <workspace>]`: the open on-call episodes, of one workspace or (without -w) of all. */
export interface AlertsList {
  kind: 'alerts';
  workspace?: string;
}

/** `/pai gallery list [--task <task>] [--search <text>]`: the QuickStart catalogue. */
export interface GalleryList {
  kind: 'gallery.list';
  task?: string;
  search?: string;
}

/** The payload of the queued job (a persisted format, the use case's), plus the workspace alias as typed. */
export interface GalleryDeploy extends GalleryDeployPayload {
  workspace?: string;
}

/** `/pai cost [-w <workspace>] [--since <duration>]`: estimated costs of one workspace; `since` in ms (1h to 30d). */
export interface CostReport {
  kind: 'cost';
  workspace?: string;
  since: number;
}

export type Command =
  | Help
  | WorkspaceList
  | DlcSubmit
  | DlcStatus
  | DlcList
  | DlcStop
  | DlcLogs
  | EasCommand
  | DswCommand
  | OssCheck
  | ApprovalsList
  | CancelRequest
  | GalleryList
  | GalleryDeploy
  | CostReport
  | AlertsList;
export type CommandKind = Command['kind'];

export interface ParseError {
  /** One sentence naming what is wrong, e.g. "--workers must be a whole number from 1 to 100 (got 0)". */
  message: string;
  /** The usage block of the verb concerned, or the top-level usage. */
  usage: string;
}

export type ParseResult = { ok: true; command: Command } | { ok: false; error: ParseError };

export const MUTATING_KINDS: readonly CommandKind[] = [
  'dlc.submit',
  'dlc.stop',
  'eas.deploy',
  'eas.scale',
  'eas.autoscale',
  'eas.stop',
  'eas.start',
  'eas.restart',
  'eas.delete',
  'eas.traffic',
  'gallery.deploy',
  'dsw.stop',
  'dsw.start',
  'dsw.idle-stop',
];
