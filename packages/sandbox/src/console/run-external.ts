// Runs the console lines that act at PAI behind the bot's back (external-grammar.ts): they call the simulator directly,
// never the bot, and say what they did so the transcript shows what the bot should notice on its own.

import { formatDuration } from '../../../../src/config/duration.js';
import { CONSOLE_USER, type JobPlan } from '@pai-bot/pai-sim/index.js';
import { JOB_FAILURE_SCENARIOS } from '@pai-bot/pai-sim/failure-scenarios.js';
import type {
  AutoscaleCommand,
  ExternalJobCommand,
  ExternalJobFailure,
  ExternalServiceCommand,
} from './external-grammar.js';
import type { LineContext, LineResult } from './line-context.js';
import { sandboxWorkspaceFor, sandboxWorkspaces, type SandboxWorkspace } from './sandbox-config.js';

/** The simulator plan of a console failure (`:external-job --fail`, `:fail-next-job`). */
export function jobFailurePlan(failure: ExternalJobFailure): Partial<JobPlan> {
  if ('scenario' in failure) return JOB_FAILURE_SCENARIOS[failure.scenario];
  return { outcome: 'Failed', reasonCode: failure.reasonCode, reasonMessage: failure.reasonMessage };
}

function describeFailure(failure: ExternalJobFailure): string {
  if ('scenario' in failure)
    return `the ${failure.scenario} scenario (${JOB_FAILURE_SCENARIOS[failure.scenario].reasonCode ?? 'JobFailed'})`;
  return failure.reasonCode;
}

/** -w, else the current channel's workspace; the console's channel can be one no workspace defaults to. */
export function workspaceOf(alias: string | undefined, ctx: LineContext): SandboxWorkspace | { error: string } {
  const ws = sandboxWorkspaceFor(alias, ctx.state.channel);
  if (ws) return ws;
  const aliases = sandboxWorkspaces()
    .map((w) => w.alias)
    .join(', ');
  return { error: `#${ctx.state.channel} is no workspace's default channel; name one with -w (${aliases})` };
}

const where = (ws: SandboxWorkspace) => `in workspace ${ws.alias} (${ws.id}) directly at PAI, not through the bot`;

export function runExternalJob(cmd: ExternalJobCommand, ctx: LineContext): LineResult {
  const ws = workspaceOf(cmd.workspace, ctx);
  if ('error' in ws) return { ok: false, reason: ws.error };
  let jobId: string;
  try {
    jobId = ctx.world.sim.addJob({
      displayName: cmd.name,
      workspaceId: ws.id,
      ...(cmd.fail ? { plan: jobFailurePlan(cmd.fail) } : {}),
    });
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  const outcome = cmd.fail ? `; it will fail with ${describeFailure(cmd.fail)}` : '';
  ctx.say(`[sandbox] ${CONSOLE_USER.username} created DLC job ${cmd.name} (${jobId}) ${where(ws)}${outcome}`);
  return { ok: true };
}

export function runExternalService(cmd: ExternalServiceCommand, ctx: LineContext): LineResult {
  const ws = workspaceOf(cmd.workspace, ctx);
  if ('error' in ws) return { ok: false, reason: ws.error };
  if (!ctx.world.sim.addService({ name: cmd.name, workspaceId: ws.id, instances: cmd.replicas })) {
    return { ok: false, reason: `an EAS service named ${cmd.name} already exists; :services lists them` };
  }
  ctx.say(
    `[sandbox] ${CONSOLE_USER.username} deployed EAS service ${cmd.name} (${cmd.replicas} instance(s)) ${where(ws)}`,
  );
  return { ok: true };
}

export function runAutoscale(cmd: AutoscaleCommand, ctx: LineContext): LineResult {
  const { sim } = ctx.world;
  const before = sim.services().find((s) => s.ServiceName === cmd.service);
  if (!before) return { ok: false, reason: `there is no EAS service ${cmd.service}; :services lists them` };
  const from = Number(
    (before.config.metadata as { instance?: unknown } | undefined)?.instance ?? before.TotalInstance ?? 0,
  );
  const applied = sim.autoscale(
    cmd.service,
    cmd.replicas,
    cmd.coldStartMs === undefined ? {} : { coldStartMs: cmd.coldStartMs },
  );
  if (!applied)
    return {
      ok: false,
      reason: `${cmd.service} is ${before.Status}: an autoscaler leaves a stopping, stopped or deleted service alone`,
    };
  // While Creating the new count is only what the first cold start starts with.
  const coldStartMs = cmd.coldStartMs ?? before.heldColdStartMs ?? before.plan.coldStartMs;
  const pending =
    cmd.replicas > from && before.Status !== 'Creating'
      ? `; the new instances stay Pending for ${formatDuration(coldStartMs)} of simulated time`
      : '';
  ctx.say(
    `[sandbox] the EAS autoscaler scaled ${cmd.service} from ${from} to ${cmd.replicas} instance(s) on its own, without any API request${pending}`,
  );
  return { ok: true };
}
