// How a job gets into the simulator: CreateJob's checks and bookkeeping, shared by the CreateJob route and by
// PaiSimulator.addJob (a job created outside the bot), so both kinds of job are validated and recorded alike.

import type { JobRecord } from './job-record.js';
import type { JobStore } from './job-store.js';
import { validateCreateJob } from './job-validation.js';
import type { JobPlan, SimWorkspace } from './types.js';

export interface DlcContext {
  store: JobStore;
  workspaces: readonly SimWorkspace[];
  log(line: string): void;
}

export interface JobCreator {
  userId: string;
  username?: string;
}

export type Admission = { ok: true; record: JobRecord } | { ok: false; message: string };

/** `via` names the way in for the log line (CreateJob, addJob); `plan` is the job's own plan (see NewJob.plan). */
export function admitJob(
  ctx: DlcContext,
  body: unknown,
  creator: JobCreator,
  now: number,
  opts: { via: string; plan?: Partial<JobPlan> },
): Admission {
  const valid = validateCreateJob(body);
  if (!valid.ok) return { ok: false, message: valid.message };
  const request = valid.value;
  const workspace = ctx.workspaces.find((w) => w.WorkspaceId === request.WorkspaceId);
  // Only checked when the simulator was given workspaces, so a bare simulator accepts any id.
  if (request.WorkspaceId !== undefined && ctx.workspaces.length > 0 && !workspace) {
    return {
      ok: false,
      message: `The parameter WorkspaceId ${request.WorkspaceId} does not exist or you have no access to it.`,
    };
  }
  const record = ctx.store.create(
    {
      request,
      ...creator,
      ...(workspace === undefined ? {} : { workspaceName: workspace.WorkspaceName }),
      ...(opts.plan === undefined ? {} : { plan: opts.plan }),
    },
    now,
  );
  ctx.log(
    `DLC ${opts.via} ${record.jobId} "${request.DisplayName}" -> ${record.plan.outcome} after ${record.plan.runningMs} ms running`,
  );
  return { ok: true, record };
}
