// The prod gate: every change passes here, and only here does a handler get the means to write to PAI.
// The target is resolved once (failing closed), the operator rule applies everywhere, a prod change becomes
// an approval request, an approved one runs once, and a dev deploy cannot take a name a prod deploy awaits.

import { BotError } from '../../errors/catalogue.js';
import type { ActionContext } from '../action-context.js';
import type { MutatingJob } from '../action-jobs.js';
import type { ChangeHandler, Gate } from '../change-context.js';
import type { ApprovalDeps } from './approval-deps.js';
import { operatorRefusal } from './change-policy.js';
import { changeContext, targetOnce } from './change-context.js';
import { requestApproval } from './request-approval.js';
import { resolveTarget } from './resolve-target.js';
import { runApproved, settleFailed } from './run-approved.js';

export function createGate(deps: ApprovalDeps): Gate {
  return {
    async run(ctx: ActionContext<MutatingJob>, handler: ChangeHandler<MutatingJob>) {
      const queueJobId = ctx.queueJobId;
      if (ctx.job.approval) return runApproved(ctx, handler, deps, queueJobId);
      const target = await targetOnce(ctx, () => resolveTarget(ctx.job, ctx));
      const refusal = await operatorRefusal(target.workspace, ctx.job.requester.userId, deps.directory);
      if (refusal) throw new BotError('NOT_AN_OPERATOR', `${nothingDone(ctx.job)} ${refusal}`);
      if (target.workspace.env === 'prod') return requestApproval(ctx, deps, queueJobId, target);
      if (target.kind === 'new-service' && !ctx.progress.applied) {
        const holder = await deps.store.nameHolder(target.service);
        if (holder) throw new BotError('NAME_RESERVED', `The service name ${target.service} is reserved by a prod deploy that awaits approval or is running (request ${holder}). Nothing was deployed; pick another name.`);
      }
      await handler(changeContext(ctx, target, { approved: false, onApplied: async () => undefined }));
    },
    async abandoned(ctx, why) {
      const queueJobId = ctx.queueJobId;
      const id = ctx.job.approval?.requestId;
      if (!id || ctx.progress.applied) return;
      const r = await deps.store.get(id);
      if (r && r.status === 'executing' && r.owner === queueJobId) await settleFailed(deps, r, queueJobId, new Error(why));
    },
  };
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
  }
}
