// Registering a change with the worker: `withApprovalGate(deps, submitJob)` is the handler the worker runs for
// `dlc.submit`. The worker runs handlers, retries and reports failures; whether a change runs now, becomes an
// approval request in a prod workspace, or runs once approved is decided here, by the gate (gate.ts).

import type { ActionContext, GatedHandler } from '../action-context.js';
import type { MutatingJob } from '../action-jobs.js';
import type { ChangeHandler, Gate } from '../change-context.js';
import type { ApprovalDeps } from './approval-deps.js';
import { createGate } from './gate.js';

/** One gate per set of approval dependencies, shared by every change registered with them. */
const gates = new WeakMap<ApprovalDeps, Gate>();

export function withApprovalGate<T extends MutatingJob>(deps: ApprovalDeps, handler: ChangeHandler<T>): GatedHandler<T> {
  let gate = gates.get(deps);
  if (!gate) gates.set(deps, (gate = createGate(deps)));
  const g = gate;
  const run = (ctx: ActionContext<T>) => g.run(ctx as ActionContext<MutatingJob>, handler as unknown as ChangeHandler<MutatingJob>);
  return Object.assign(run, { gated: true as const, abandoned: (ctx: ActionContext<T>, why: string) => g.abandoned(ctx as ActionContext<MutatingJob>, why) });
}
