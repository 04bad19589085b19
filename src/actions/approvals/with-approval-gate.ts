// The prod gate, as the worker runs it: in the composition root every change is registered wrapped, e.g.
// `withApprovalGate(deps, submitJob)` is the handler of `dlc.submit`. The worker runs handlers, retries and reports
// failures; whether a change runs now, becomes an approval request (prod), or runs once approved is decided here,
// and only here does a handler get the means to write to PAI. In the order a change meets them:
//   1. the gate: the target is resolved once (failing closed), the operator rule applies everywhere, a prod change
//      becomes an approval request, and a dev deploy cannot take a name a prod deploy awaits;
//   2. an approved run: checked against what was approved, claimed once, marked executed when PAI accepts it;
//   3. what the handler is handed: read-only PAI clients, the target, and apply(), its one write, made at most once;
//   4. the bound writes: the only place outside the PAI clients where a mutating PAI call is written.

import { putBackIdleCuller } from '../notebooks/put-back-idle-culler.js';
import { BotError } from '../../errors/catalogue.js';
import { isRetryableError } from '../../errors/to-user-text.js';
import type { DlcClient } from '../../pai/dlc-client.js';
import type { DswClient } from '../../pai/dsw-client.js';
import type { EasClient } from '../../pai/eas-client.js';
import { PaiError, type PaiErrorKind } from '../../pai/errors.js';
import type { ActionContext, GatedHandler } from '../action-context.js';
import type { MutatingJob } from '../action-jobs.js';
import type { ChangeContext, ChangeHandler, ChangeTarget } from '../change-context.js';
import type { JobWrites, NewJobWrites, NewServiceWrites, NotebookWrites, ServiceWrites } from '../change-context.js';
import type { ApprovalDeps } from './approval-deps.js';
import { operatorRefusal } from './change-policy.js';
import { refreshMessage } from './decide.js';
import { requestApproval } from './request-approval.js';
import { hashAction, hashServiceRequest, type ApprovalRequest } from './request-store.js';
import { approvedTargetOf, resolveTarget, targetMismatch } from './resolve-target.js';

// ---- 1. The gate ----------------------------------------------------------------------------------------------

/** A change as the worker takes it: it cannot be registered otherwise (GatedHandler). */
export function withApprovalGate<T extends MutatingJob>(
  deps: ApprovalDeps,
  handler: ChangeHandler<T>,
): GatedHandler<T> {
  const change = handler as unknown as ChangeHandler<MutatingJob>;
  const run = (ctx: ActionContext<T>) => gate(ctx as ActionContext<MutatingJob>, change, deps);
  const abandoned = (ctx: ActionContext<T>, why: string) => abandon(ctx as ActionContext<MutatingJob>, deps, why);
  return Object.assign(run, { gated: true as const, abandoned });
}

async function gate(ctx: ActionContext<MutatingJob>, handler: ChangeHandler<MutatingJob>, deps: ApprovalDeps) {
  if (ctx.job.approval) return runApproved(ctx, handler, deps);
  const target = await targetOnce(ctx, () => resolveTarget(ctx.job, ctx));
  const refusal = await operatorRefusal(target.workspace, ctx.job.requester.userId, deps.directory);
  if (refusal) throw new BotError('NOT_AN_OPERATOR', `${nothingDone(ctx.job)} ${refusal}`);
  if (target.workspace.env === 'prod') return requestApproval(ctx, deps, ctx.queueJobId, target);
  if (target.kind === 'new-service' && !ctx.progress.applied) {
    const holder = await deps.store.nameHolder(target.service);
    if (holder) {
      throw new BotError(
        'NAME_RESERVED',
        `The service name ${target.service} is reserved by a prod deploy that awaits approval or is running ` +
          `(request ${holder}). Nothing was deployed; pick another name.`,
      );
    }
  }
  await handler(changeContext(ctx, target, { approved: false, onApplied: async () => undefined }));
}

/** A queued change failed for good (attempts exhausted, interrupted too often): settle its approval, if any. */
async function abandon(ctx: ActionContext<MutatingJob>, deps: ApprovalDeps, why: string): Promise<void> {
  const id = ctx.job.approval?.requestId;
  if (!id || ctx.progress.applied) return;
  const r = await deps.store.get(id);
  if (r && r.status === 'executing' && r.owner === ctx.queueJobId) {
    await settleFailed(deps, r, ctx.queueJobId, new Error(why));
  }
}

function nothingDone(job: MutatingJob): string {
  switch (job.type) {
    case 'dlc.submit':
      return `Job ${job.command.name} was not submitted.`;
    case 'dlc.stop':
      return `Job ${job.jobId} was not stopped.`;
    case 'eas.deploy':
      return `Service ${job.command.service} was not deployed.`;
    case 'eas.change':
      return `Nothing was changed on ${job.service}.`;
    case 'gallery.deploy':
      return `Service ${job.command.service} (model ${job.command.modelId}) was not deployed.`;
    case 'dsw.change':
      return `Nothing was changed on notebook ${job.instanceId}.`;
  }
}

// ---- 2. An approved run, exactly once -------------------------------------------------------------------------
// Before anything is sent: the request is still approved, the queued action hashes to the approved one, enough
// approvers still qualify, and the target resolves to the very job or service that was approved. Then the run is
// claimed for this queued job (approved → executing), and the request is marked executed the moment PAI accepts
// the write; what follows (cards, replies) can fail and be retried without reaching PAI again.

async function runApproved(ctx: ActionContext<MutatingJob>, handler: ChangeHandler<MutatingJob>, deps: ApprovalDeps) {
  const owner = ctx.queueJobId;
  const id = ctx.job.approval!.requestId;
  const r = await deps.store.get(id);
  if (!r) throw new BotError('INTERNAL', `Approval request ${id} is gone; nothing was run.`);
  const mine = r.owner === owner;
  if (r.status !== 'approved' && !((r.status === 'executing' || r.status === 'executed') && mine)) {
    const why = 'request is not approved, or its run belongs to another job; not running';
    ctx.log.warn({ requestId: id, status: r.status }, why);
    return;
  }
  if (r.status === 'approved') await checkBeforeRun(ctx, deps, r);
  const target = await targetOnce(ctx, async () => {
    const found = await resolveTarget(ctx.job, ctx, r.target).catch(async (err: unknown) => {
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
    const finished = await deps.store.finish(id, 'executed', `ran at ${new Date(now).toISOString()}`, owner);
    if (finished !== 'executed') return;
    await deps.audit.append({ event: 'executed', requestId: id, action: r.title, at: now });
    await refreshMessage(deps, id);
  };
  try {
    await handler(changeContext(ctx, target, { approved: true, onApplied }));
  } catch (err) {
    // Once PAI made the change the approval is spent: later failures (Slack) are retried or reported, never
    // re-approved.
    if (!ctx.progress.applied && (!isRetryableError(err) || ctx.lastAttempt)) await settleFailed(deps, r, owner, err);
    throw err;
  }
}

/** The checks of an approved request that come before its run is claimed; failing one fails the request. */
async function checkBeforeRun(ctx: ActionContext<MutatingJob>, deps: ApprovalDeps, r: ApprovalRequest): Promise<void> {
  if (hashAction(ctx.job) !== r.actionHash) {
    await refuseAndThrow(deps, r, 'the queued action differs from the one approved');
  }
  const ws = deps.config.workspaces.find((w) => w.id === r.workspace.id);
  const qualified: string[] = [];
  for (const v of r.votes) {
    if (ws && v.user !== r.requester && (await deps.directory.includes(ws.approvers, v.user))) qualified.push(v.user);
  }
  if (qualified.length < r.required) {
    await refuseAndThrow(deps, r, `its approvers no longer qualify (${qualified.length} of ${r.required} still do)`);
  }
}

async function refuse(deps: ApprovalDeps, r: ApprovalRequest, why: string): Promise<void> {
  const detail = why.slice(0, 500);
  if ((await deps.store.refuse(r.id, detail)) !== 'failed') return;
  await deps.audit.append({ event: 'failed', requestId: r.id, action: r.title, detail, at: deps.clock.now() });
  await refreshMessage(deps, r.id);
}

async function refuseAndThrow(deps: ApprovalDeps, r: ApprovalRequest, why: string): Promise<never> {
  await refuse(deps, r, why);
  throw new BotError('PROD_NEEDS_APPROVAL', `Request ${r.id} was not run: ${why}.`);
}

/** A claimed run that ends without PAI having made the change. */
async function settleFailed(deps: ApprovalDeps, r: Pick<ApprovalRequest, 'id' | 'title'>, owner: string, err: unknown) {
  const why = (err instanceof BotError ? err.userText : err instanceof Error ? err.message : String(err)).slice(0, 500);
  if ((await deps.store.finish(r.id, 'failed', why, owner)) !== 'failed') return;
  await deps.audit.append({ event: 'failed', requestId: r.id, action: r.title, detail: why, at: deps.clock.now() });
  await refreshMessage(deps, r.id);
}

// ---- 3. What a change handler is handed -----------------------------------------------------------------------

interface ApplyOptions {
  /** An approved change: an unknown outcome is never resolved by writing again. */
  approved: boolean;
  /** Called once, right after the write is known to have succeeded (the approval is then spent). */
  onApplied(): Promise<void>;
}

/** The read-only PAI clients, the resolved target, and apply(), the only way to write to PAI. */
export function changeContext(
  ctx: ActionContext<MutatingJob>,
  target: ChangeTarget,
  opts: ApplyOptions,
): ChangeContext<MutatingJob> {
  const { dlc, eas, dsw, ...rest } = ctx;
  const writes = boundWrites(target, { dlc, eas, dsw });
  return {
    ...rest,
    // Plain objects holding only the read calls: a cast back to the full client finds no write to call.
    dlc: {
      getJob: (...a) => dlc.getJob(...a),
      listJobs: (...a) => dlc.listJobs(...a),
      getPodLogs: (...a) => dlc.getPodLogs(...a),
      getJobEvents: (...a) => dlc.getJobEvents(...a),
      listEcsSpecs: (...a) => dlc.listEcsSpecs(...a),
    },
    eas: {
      describeService: (...a) => eas.describeService(...a),
      listServices: (...a) => eas.listServices(...a),
      describeAutoScaler: (...a) => eas.describeAutoScaler(...a),
      describeServiceEvents: (...a) => eas.describeServiceEvents(...a),
      listServiceInstances: (...a) => eas.listServiceInstances(...a),
      describeServiceDiagnosis: (...a) => eas.describeServiceDiagnosis(...a),
    },
    dsw: {
      listInstances: (...a) => dsw.listInstances(...a),
      getInstance: (...a) => dsw.getInstance(...a),
      getIdleCuller: (...a) => dsw.getIdleCuller(...a),
      getInstanceMetrics: (...a) => dsw.getInstanceMetrics(...a),
      listEcsSpecs: (...a) => dsw.listEcsSpecs(...a),
    },
    target: target as never,
    // Progress is read through ctx so checkpoints written by apply() are seen by the handler and vice versa.
    get progress() {
      return ctx.progress;
    },
    checkpoint: (p) => ctx.checkpoint(p),
    apply: (write, recover) => applyOnce(ctx, writes, write as (w: typeof writes) => Promise<never>, recover, opts),
  };
}

/** The target of this queued job: resolved on its first attempt and checkpointed, so every retry acts on that one. */
async function targetOnce(ctx: ActionContext<MutatingJob>, resolve: () => Promise<ChangeTarget>) {
  if (ctx.progress.target) return ctx.progress.target as ChangeTarget;
  const target = await resolve();
  await ctx.checkpoint({ ...ctx.progress, target });
  return target;
}

/** PAI refused the call outright, so it changed nothing and may be sent again. */
function definitelyNotApplied(err: unknown): boolean {
  if (err instanceof BotError) return true; // raised before anything was sent
  const refused: readonly PaiErrorKind[] = ['throttled', 'forbidden', 'not_found', 'invalid', 'auth'];
  return err instanceof PaiError && refused.includes(err.kind);
}

/**
 * The one write of a change, made at most once per queued job. The checkpoint before the call says "sent, outcome
 * unknown"; the one after holds the result. A retry or a resumed run reads them instead of calling PAI again; a
 * write whose outcome is unknown is looked up (recover) or, for an approved change that cannot be looked up, not
 * sent again: an approval is for one run.
 */
async function applyOnce<W, R>(
  ctx: ActionContext<MutatingJob>,
  writes: W,
  write: (pai: W) => Promise<R>,
  recover: (() => Promise<R | undefined>) | undefined,
  opts: ApplyOptions,
): Promise<R> {
  const done = async (result: R): Promise<R> => {
    await ctx.checkpoint({ ...ctx.progress, applying: false, applied: { result: result ?? null } });
    await opts.onApplied();
    return result;
  };
  if (ctx.progress.applied) {
    ctx.log.info('the change reached PAI in an earlier attempt; not sending it again');
    return ctx.progress.applied.result as R;
  }
  if (ctx.progress.applying) {
    const found = recover ? await recover() : undefined;
    if (found !== undefined) {
      ctx.log.info('an earlier attempt made the change; not sending it again');
      return done(found);
    }
    if (!recover && opts.approved) {
      throw new BotError(
        'CHANGE_OUTCOME_UNKNOWN',
        'The approved change was sent to PAI, but its answer was lost (a timeout or a restart), so it may or may not ' +
          'have been made. It is not sent a second time: check the resource with /pai dlc status, /pai eas status ' +
          'or /pai dsw status, ' +
          'and ask again if it did not happen.',
      );
    }
  }
  await ctx.checkpoint({ ...ctx.progress, applying: true });
  let result: R;
  try {
    result = await write(writes);
  } catch (err) {
    if (definitelyNotApplied(err)) await ctx.checkpoint({ ...ctx.progress, applying: false });
    throw err;
  }
  return done(result);
}

// ---- 4. The bound writes --------------------------------------------------------------------------------------
// The writes a change handler may make, bound to the target the gate resolved: the only place outside the PAI
// clients themselves where a mutating PAI call is written (test/unit/gate-construction.test.ts checks it).

type AnyWrites = NewJobWrites | JobWrites | NewServiceWrites | ServiceWrites | NotebookWrites;

function boundWrites(target: ChangeTarget, pai: { dlc: DlcClient; eas: EasClient; dsw: DswClient }): AnyWrites {
  switch (target.kind) {
    case 'new-job':
      // CreateJob: the body's WorkspaceId is the target's, whatever the handler passes.
      return {
        createJob: (req) => pai.dlc.createJob({ ...req, WorkspaceId: target.workspace.id }),
      } satisfies NewJobWrites;
    case 'job': {
      const id = target.job.JobId;
      return { stopJob: () => pai.dlc.stopJob(id) } satisfies JobWrites;
    }
    case 'new-service':
      return {
        createService: (config, labels) => {
          const { name } = config.metadata;
          if (name !== target.service) {
            const why = `The service config names ${name}, not ${target.service} as checked; nothing was created.`;
            throw new BotError('INTERNAL', why);
          }
          const workspaceId = target.workspace.id;
          const metadata = { ...config.metadata, workspace_id: workspaceId };
          const request = { workspaceId, config: { ...config, metadata }, ...(labels ? { labels } : {}) };
          // A gallery deploy sends exactly the request the gate resolved (and an approval bound), or nothing.
          const m = target.model;
          if (m && hashServiceRequest(request) !== hashServiceRequest({ workspaceId, ...m })) {
            const why = `The request differs from the one resolved for ${m.id} version ${m.version}; nothing was created.`;
            throw new BotError('INTERNAL', why);
          }
          return pai.eas.createService(request.config, { workspaceId, ...(labels ? { labels } : {}) });
        },
      } satisfies NewServiceWrites;
    case 'service': {
      const name = target.service.ServiceName;
      return {
        scale: (n) => pai.eas.scaleService(name, n),
        createAutoScaler: (req) => pai.eas.createAutoScaler(name, req),
        updateAutoScaler: (req) => pai.eas.updateAutoScaler(name, req),
        release: (req) => pai.eas.releaseService(name, req),
        stop: () => pai.eas.stopService(name),
        start: () => pai.eas.startService(name),
        restart: () => pai.eas.restartService(name),
        delete: () => pai.eas.deleteService(name),
      } satisfies ServiceWrites;
    }
    case 'notebook': {
      const id = target.instance.InstanceId;
      return {
        // SaveImage is sent only when asked for: PAI's default is not to save (the SDK's example is false).
        stop: ({ saveImage }) => pai.dsw.stopInstance(id, saveImage ? { saveImage: true } : {}),
        start: () => pai.dsw.startInstance(id),
        replaceIdleCuller: async (req, previous) => {
          const deleted = previous
            ? await pai.dsw.deleteIdleCuller(id).then(
                () => true,
                (err: unknown) => {
                  // Gone meanwhile (the console, another request): nothing left to replace, nor to put back.
                  if (err instanceof PaiError && err.kind === 'not_found') return false;
                  throw err;
                },
              )
            : false;
          try {
            return await pai.dsw.createIdleCuller(id, req);
          } catch (err) {
            if (deleted && previous)
              return putBackIdleCuller(() => pai.dsw.createIdleCuller(id, previous), id, previous, err);
            throw err;
          }
        },
      } satisfies NotebookWrites;
    }
  }
}
