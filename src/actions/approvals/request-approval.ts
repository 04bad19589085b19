// A change in a prod workspace is not run but turned into an approval request posted in the channel.
// Retrying this step finds the request it already made; the fair-use limits and the reservation of a
// deploy's service name are checked in the same Redis script that creates it.

import { createHash } from 'node:crypto';
import { BotError } from '../../errors/catalogue.js';
import type { ActionContext } from '../action-context.js';
import type { MutatingJob } from '../action-jobs.js';
import type { ChangeTarget } from '../change-context.js';
import type { ApprovalDeps } from './approval-deps.js';
import { renderRequest } from './decide.js';
import { describeChange } from './describe-change.js';
import { renderApprovalThreadParts } from '../../render/approval-request.js';
import { hashAction } from './request-store.js';
import { approvedTargetOf } from './resolve-target.js';

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** The request id follows from the queued job's id, so a retried gate step reuses it. */
export function requestIdFor(queueJobId: string): string {
  const digest = createHash('sha256').update(queueJobId).digest();
  let id = 'ar-';
  for (let i = 0; i < 8; i++) id += ID_ALPHABET[digest[i]! % ID_ALPHABET.length];
  return id;
}

/** The outbox posted the request's card: where it is, then what did not fit on it, in its thread. */
export async function approvalCardPosted(
  deps: ApprovalDeps,
  requestId: string,
  channel: string,
  ts: string,
): Promise<void> {
  await deps.store.attachMessage(requestId, channel, ts);
  const request = await deps.store.get(requestId);
  if (!request) return;
  for (const part of renderApprovalThreadParts(request)) await deps.outbox.post(channel, part, { threadTs: ts });
  // Votes may have come in (by button) while the card waited: show the current state.
  await deps.outbox.update(channel, ts, renderRequest(deps, request), request.version);
}

/**
 * The outbox gave up on the request's card (the bot is not in the channel, or it is archived): nobody can see or
 * approve it, so it is withdrawn at once rather than left to expire, and no longer counts against the requester's
 * limit. The requester is told by the outbox what to do (/invite @pai-bot).
 */
export async function approvalCardUnpostable(deps: ApprovalDeps, requestId: string): Promise<void> {
  const now = deps.clock.now();
  const result = await deps.store.vote(requestId, 'cancel', 'bot', now);
  if (!result.changed) return;
  const request = await deps.store.get(requestId);
  await deps.audit.append({
    event: 'cancelled',
    requestId,
    user: 'bot',
    ...(request ? { action: request.title } : {}),
    at: now,
  });
}

export async function requestApproval(
  ctx: ActionContext<MutatingJob>,
  deps: ApprovalDeps,
  queueJobId: string,
  target: ChangeTarget,
): Promise<void> {
  const ws = target.workspace;
  const id = requestIdFor(queueJobId);
  let request = await deps.store.get(id);
  if (!request) {
    const change = await describeChange(ctx.job, ctx, target);
    const now = deps.clock.now();
    const { responseUrl: _url, ...requester } = ctx.job.requester;
    const limits = deps.config.approvals;
    const created = await deps.store.create(
      {
        id,
        action: { ...ctx.job, requester },
        actionHash: hashAction(ctx.job),
        title: change.title,
        details: change.details,
        keyFields: change.keyFields,
        ...(change.estimate ? { estimate: change.estimate } : {}),
        requester: ctx.job.requester.userId,
        workspace: { name: ws.name, id: ws.id },
        approvers: [...ws.approvers],
        channelId: ctx.job.requester.channelId,
        createdAt: now,
        target: approvedTargetOf(target),
      },
      {
        required: ws.approvals_required,
        expiresAt: now + limits.expire_after,
        now,
        maxPendingPerUser: limits.max_pending_per_user,
        maxPendingPerWorkspace: limits.max_pending_per_workspace,
        ...(target.kind === 'new-service' ? { reserveName: target.service } : {}),
      },
    );
    if (!created.created && created.why !== 'exists') {
      await deps.audit.append({
        event: 'refused',
        requestId: id,
        user: ctx.job.requester.userId,
        action: change.title,
        detail: created.why,
        at: now,
      });
      throw refusal(created, ws.name, limits);
    }
    if (created.created)
      await deps.audit.append({
        event: 'requested',
        requestId: id,
        user: ctx.job.requester.userId,
        action: change.title,
        at: now,
      });
    request = (await deps.store.get(id))!;
  }
  // The card waits for the channel's turn in the outbox, not in this worker slot; its ts reaches the request
  // through approvalCardPosted (and with it the thread parts and the first refresh).
  if (!request.messageTs && !ctx.progress.cardQueued) {
    await ctx.outbox.post(request.channelId, renderRequest(deps, request), {
      then: { kind: 'approval-card', requestId: id },
      tell: ctx.job.requester,
      once: `${id}:card`,
    });
    await ctx.checkpoint({ ...ctx.progress, cardQueued: true });
  }
  ctx.log.info({ requestId: id, workspace: ws.name }, 'approval requested');
  // The request stands whether or not this private receipt arrives (the requester may have left the channel).
  await deps.slack
    .tell(ctx.job.requester, {
      text: `Approval request ${id} for \`${request.title}\` is posted in this channel: it needs ${request.required} approval(s) from ${ws.approvers.join(', ')} and expires in ${Math.round(deps.config.approvals.expire_after / 60_000)} min. Nothing runs until then. /pai cancel ${id} withdraws it.`,
    })
    .catch((err: unknown) => ctx.log.warn({ err, requestId: id }, 'could not send the requester the approval receipt'));
}

function refusal(
  r: { why: 'user' | 'workspace'; count: number } | { why: 'name'; heldBy: string },
  workspace: string,
  limits: { max_pending_per_user: number; max_pending_per_workspace: number },
): BotError {
  switch (r.why) {
    case 'user':
      return new BotError(
        'TOO_MANY_PENDING',
        `You already have ${r.count} approval request(s) waiting (at most ${limits.max_pending_per_user}, approvals.max_pending_per_user). Nothing was requested: wait for a decision or withdraw one with /pai cancel <id> (/pai approvals lists them).`,
      );
    case 'workspace':
      return new BotError(
        'TOO_MANY_PENDING',
        `Workspace ${workspace} already has ${r.count} approval requests waiting (at most ${limits.max_pending_per_workspace}, approvals.max_pending_per_workspace). Nothing was requested; try again once approvers have decided some.`,
      );
    case 'name':
      return new BotError(
        'NAME_RESERVED',
        `A deploy of this service name is already awaiting approval or running (request ${r.heldBy}). Nothing was requested; pick another name, or wait for that request to be decided.`,
      );
  }
}
