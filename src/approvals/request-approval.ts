// The gate in front of every change: in a prod workspace the action is not run but turned into an
// approval request posted in the channel. Retrying this step finds the request it already made.

import { createHash } from 'node:crypto';
import type { WorkspaceConfig } from '../config/file-schema.js';
import { BotError } from '../errors/catalogue.js';
import type { ActionContext } from '../queue/action-context.js';
import type { MutatingJob } from '../queue/action-jobs.js';
import { PaiError } from '../pai/errors.js';
import { refreshMessage, render, type ApprovalDeps } from './approval-deps.js';
import { describeChange } from './describe-change.js';
import { hashAction } from './request-store.js';

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** The request id follows from the queued job's id, so a retried gate step reuses it. */
export function requestIdFor(queueJobId: string): string {
  const digest = createHash('sha256').update(queueJobId).digest();
  let id = 'ar-';
  for (let i = 0; i < 8; i++) id += ID_ALPHABET[digest[i]! % ID_ALPHABET.length];
  return id;
}

/** Which configured workspace the change is in; undefined when PAI does not know the target (the handler explains). */
export async function workspaceOf(ctx: ActionContext<MutatingJob>): Promise<WorkspaceConfig | undefined> {
  const job = ctx.job;
  const byId = (id: string | undefined) => ctx.config.workspaces.find((w) => w.id === id);
  try {
    switch (job.type) {
      case 'dlc.submit':
      case 'eas.deploy':
        return byId(job.workspace.id);
      case 'dlc.stop':
        return byId((await ctx.dlc.getJob(job.jobId)).WorkspaceId);
      case 'eas.change':
        return byId((await ctx.eas.describeService(job.service)).WorkspaceId);
    }
  } catch (err) {
    if (err instanceof PaiError && err.kind === 'not_found') return undefined;
    throw err;
  }
}

/** Returns true when the action may run now; false when an approval request was made instead. */
export async function gateChange(ctx: ActionContext<MutatingJob>, deps: ApprovalDeps, queueJobId: string): Promise<boolean> {
  if (ctx.job.approval) return true;
  const ws = await workspaceOf(ctx);
  if (!ws || ws.env !== 'prod') return true;
  if (ws.operators && !(await deps.directory.includes(ws.operators, ctx.job.requester.userId))) {
    throw new BotError('NOT_AN_OPERATOR', `Only the operators of workspace ${ws.name} may ask for changes there (operators: in the bot's config). Nothing was requested.`);
  }

  const id = requestIdFor(queueJobId);
  let request = await deps.store.get(id);
  if (!request) {
    const change = await describeChange(ctx.job, ctx);
    const now = deps.clock.now();
    const { responseUrl: _url, ...requester } = ctx.job.requester;
    await deps.store.create(
      { id, action: { ...ctx.job, requester }, actionHash: hashAction(ctx.job), title: change.title, details: change.details, requester: ctx.job.requester.userId, workspace: { name: ws.name, id: ws.id }, approvers: [...ws.approvers], channelId: ctx.job.requester.channelId, createdAt: now },
      ws.approvals_required,
      now + deps.config.approvals.expire_after,
    );
    await deps.audit.append({ event: 'requested', requestId: id, user: ctx.job.requester.userId, action: change.title, at: now });
    request = (await deps.store.get(id))!;
  }
  if (!request.messageTs) {
    const { ts } = await deps.slack.post(request.channelId, render(deps, request));
    await deps.store.attachMessage(id, request.channelId, ts);
    await refreshMessage(deps, id);
  }
  await deps.slack.tell(ctx.job.requester, {
    text: `Approval request ${id} for \`${request.title}\` is posted in this channel: it needs ${request.required} approval(s) from ${ws.approvers.join(', ')} and expires in ${Math.round(deps.config.approvals.expire_after / 60_000)} min. Nothing runs until then. /pai cancel ${id} withdraws it.`,
  });
  ctx.log.info({ requestId: id, workspace: ws.name }, 'approval requested');
  return false;
}
