// The typed result of parsing a `/pai …` line. The parser is pure: it knows nothing of the config,
// so the workspace is the alias as typed (`-w dev`); resolving it against the config happens later.

import type { JobType } from '../../pai/dlc-types.js';

export type HelpTopic = 'dlc' | 'eas' | 'oss' | 'approvals';

export interface DataMount {
  /** oss://bucket/path as typed (without the :/mount suffix). */
  uri: string;
  bucket: string;
  path: string; // may be '' for the bucket root
  /** Mount path inside the container, when given as oss://b/p:/mnt/data. */
  mountPath?: string;
}

export interface DlcSubmit {
  kind: 'dlc.submit';
  name: string;
  image: string;
  command: string;
  jobType: JobType; // default PyTorchJob
  workers: number; // default 1, 1..100
  instance?: string; // ECS spec, e.g. ecs.gn6i-c4g1.xlarge
  data: DataMount[];
  env: Record<string, string>;
  priority?: number; // 1..9
  spot: boolean;
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

export type Command = Help | WorkspaceList | DlcSubmit | DlcStatus | DlcList | DlcStop | DlcLogs;
export type CommandKind = Command['kind'];

export interface ParseError {
  /** One sentence naming what is wrong, e.g. "--workers must be a whole number from 1 to 100 (got 0)". */
  message: string;
  /** The usage block of the verb concerned, or the top-level usage. */
  usage: string;
}

export type ParseResult = { ok: true; command: Command } | { ok: false; error: ParseError };

export const MUTATING_KINDS: readonly CommandKind[] = ['dlc.submit', 'dlc.stop'];
