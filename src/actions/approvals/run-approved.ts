// Runs an approved change exactly once. Before anything is sent: the request is still approved, the queued
// action hashes to the approved one, enough approvers still qualify, and the target resolves to the very
// job or service that was approved. Then the run is claimed for this queued job (approved → executing), and
// the request is marked executed the moment PAI accepts the write; what follows (cards, replies) can fail
// and be retried without reaching PAI again.

import { BotError } from '../../errors/catalogue.js';
import { isRetryableError } from '../../errors/to-user-text.js';
import type { ActionContext } from '../action-context.js';
import type { MutatingJob } from '../action-jobs.js';
import type { ChangeHandler } from '../change-context.js';
import { refreshMessage, type ApprovalDeps } from './approval-deps.js';
import { changeContext, targetOnce } from './change-context.js';
import type { ApprovalRequest } from './request-store.js';
import { hashAction } from './request-store.js';
import { approvedTargetOf, resolveTarget, targetMismatch } from './resolve-target.js';

export async function runApproved(ctx: ActionContext<MutatingJob>, handler: ChangeHandler<MutatingJob>, deps: ApprovalDeps, owner: string): Promise<void> {
  const id = ctx.job.approval!.requestId;
  const r = await deps.store.get(id);
  if (!r) throw new BotError('INTERNAL', `Approval request ${id} is gone; nothing was run.`);
  const mine = r.owner === owner;
  if (r.status !== 'approved' && !((r.status === 'executing' || r.status === 'executed') && mine)) {
    ctx.log.warn({ requestId: id, status: r.status }, 'request is not approved, or its run belongs to another job; not running');
    return;
  }
  if (r.status === 'approved') await checkBeforeRun(ctx, deps, r);
  const target = await targetOnce(ctx, async () => {
    const found = await resolveTarget(ctx.job, ctx).catch(async (err: unknown) => {
      // Fail closed: a target that no longer resolves is not run, and the request says why.
      if (err instanceof BotError) await refuse(deps, r, err.userText);
      throw err;
    });
    const mismatch = r.target ? targetMismatch(r.target, approvedTargetOf(found)) : undefined;
    if (mismatch) {
      await refuse(deps, r, mismatch);
      throw new BotError('TARGET_CHANGED', `Request ${id} was not run: ${mismatch}.`);
    }
    return found;
  });

  const claim = await deps.store.claimExecution(id, owner);
  if (claim !== 'claimed' && claim !== 'resumed') {
    ctx.log.warn({ requestId: id, status: claim }, 'request changed before it ran; not running');
    return;
  }
  if (claim === 'claimed') await refreshMessage(deps, id);
  const onApplied = async () => {
    const now = deps.clock.now();
    if ((await deps.store.finish(id, 'executed', `ran at ${new Date(now).toISOString()}`, owner)) !== 'executed') return;
    await deps.audit.append({ event: 'executed', requestId: id, action: r.title, at: now });
    await refreshMessage(deps, id);
  };
  try {
    await handler(changeContext(ctx, target, { approved: true, onApplied }));
  } catch (err) {
    // Once PAI made the change the approval is spent: later failures (Slack) are retried or reported, never re-approved.
    if (!ctx.progress.applied && (!isRetryableError(err) || ctx.lastAttempt)) await settleFailed(deps, r, owner, err);
    throw err;
  }
}

/** The checks of an approved request that come before its run is claimed; failing one fails the request. */
async function checkBeforeRun(ctx: ActionContext<MutatingJob>, deps: ApprovalDeps, r: ApprovalRequest): Promise<void> {
  if (hashAction(ctx.job) !== r.actionHash) await refuseAndThrow(deps, r, 'the queued action differs from the one approved');
  const ws = deps.config.workspaces.find((w) => w.id === r.workspace.id);
  const qualified: string[] = [];
  for (const v of r.votes) if (ws && v.user !== r.requester && (await deps.directory.includes(ws.approvers, v.user))) qualified.push(v.user);
  if (qualified.length < r.required) await refuseAndThrow(deps, r, `its approvers no longer qualify (${qualified.length} of ${r.required} still do)`);
}

async function refuse(deps: ApprovalDeps, r: ApprovalRequest, why: string): Promise<void> {
  if ((await deps.store.refuse(r.id, why.slice(0, 500))) !== 'failed') return;
  await deps.audit.append({ event: 'failed', requestId: r.id, action: r.title, detail: why.slice(0, 500), at: deps.clock.now() });
  await refreshMessage(deps, r.id);
}

async function refuseAndThrow(deps: ApprovalDeps, r: ApprovalRequest, why: string): Promise<never> {
  await refuse(deps, r, why);
  throw new BotError('PROD_NEEDS_APPROVAL', `Request ${r.id} was not run: ${why}.`);
}

/** A claimed run that ends without PAI having made the change. */
export async function settleFailed(deps: ApprovalDeps, r: Pick<ApprovalRequest, 'id' | 'title'>, owner: string, err: unknown): Promise<void> {
  const why = (err instanceof BotError ? err.userText : err instanceof Error ? err.message : String(err)).slice(0, 500);
  if ((await deps.store.finish(r.id, 'failed', why, owner)) !== 'failed') return;
  await deps.audit.append({ event: 'failed', requestId: r.id, action: r.title, detail: why, at: deps.clock.now() });
  await refreshMessage(deps, r.id);
}
