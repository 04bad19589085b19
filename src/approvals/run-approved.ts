// Runs an approved change exactly once: re-checks that the request is still approved and
// unchanged and that its approvers still qualify, then marks it executing, runs it, and records
// the outcome on the request message.

import { BotError } from '../errors/catalogue.js';
import type { ActionContext, ActionHandler } from '../queue/action-context.js';
import type { MutatingJob } from '../queue/action-jobs.js';
import { isRetryableError } from '../errors/to-user-text.js';
import { refreshMessage, type ApprovalDeps } from './approval-deps.js';
import { hashAction } from './request-store.js';

export async function runApproved(ctx: ActionContext<MutatingJob>, handler: ActionHandler<MutatingJob>, deps: ApprovalDeps): Promise<void> {
  const id = ctx.job.approval!.requestId;
  const r = await deps.store.get(id);
  if (!r) throw new BotError('INTERNAL', `Approval request ${id} is gone; nothing was run.`);
  if (r.status === 'executed' || r.status === 'failed') {
    ctx.log.warn({ requestId: id, status: r.status }, 'approved action already ran; not running it again');
    return;
  }
  if (r.status !== 'approved' && r.status !== 'executing') {
    ctx.log.warn({ requestId: id, status: r.status }, 'request is not approved; not running');
    return;
  }
  const now = deps.clock.now();
  const fail = async (why: string) => {
    await deps.store.startExecution(id);
    await deps.store.finish(id, 'failed', why);
    await deps.audit.append({ event: 'failed', requestId: id, action: r.title, detail: why, at: now });
    await refreshMessage(deps, id);
    throw new BotError('PROD_NEEDS_APPROVAL', `Request ${id} was not run: ${why}.`);
  };
  if (hashAction(ctx.job) !== r.actionHash) await fail('the queued action differs from the one approved');
  const ws = deps.config.workspaces.find((w) => w.id === r.workspace.id);
  const qualified: string[] = [];
  for (const v of r.votes) if (ws && v.user !== r.requester && (await deps.directory.includes(ws.approvers, v.user))) qualified.push(v.user);
  if (qualified.length < r.required) await fail(`its approvers no longer qualify (${qualified.length} of ${r.required} still do)`);

  const started = await deps.store.startExecution(id);
  if (started !== 'executing') {
    ctx.log.warn({ requestId: id, status: started }, 'request changed before it ran; not running');
    return;
  }
  await refreshMessage(deps, id);
  try {
    await handler(ctx);
  } catch (err) {
    if (!isRetryableError(err) || ctx.lastAttempt) {
      const why = err instanceof BotError ? err.userText : err instanceof Error ? err.message : String(err);
      await deps.store.finish(id, 'failed', why.slice(0, 500));
      await deps.audit.append({ event: 'failed', requestId: id, action: r.title, detail: why.slice(0, 500), at: deps.clock.now() });
      await refreshMessage(deps, id);
    }
    throw err;
  }
  await deps.store.finish(id, 'executed', `ran at ${new Date(deps.clock.now()).toISOString()}`);
  await deps.audit.append({ event: 'executed', requestId: id, action: r.title, at: deps.clock.now() });
  await refreshMessage(deps, id);
}
