// Runs the DSW console lines (notebook-grammar.ts): they call the simulator directly, never the bot, and say what they
// did, so the transcript shows what the bot should notice on its own (the idle digest, `/pai dsw list --idle`, costs).

import { formatDuration } from '../../../../src/config/duration.js';
import { CONSOLE_USER } from '@pai-bot/pai-sim/index.js';
import { DEFAULT_NOTEBOOK_SPEC } from '@pai-bot/pai-sim/dsw-controls.js';
import { DEFAULT_UTILISATION, type Utilisation } from '@pai-bot/pai-sim/dsw-plan.js';
import { formatNotebooks, policyText, type NotebookRow } from './format-notebooks.js';
import type { LineContext, LineResult } from './line-context.js';
import { findNotebook, type NotebookCommand, type NotebookLoadCommand } from './notebook-grammar.js';
import { workspaceOf } from './run-external.js';

/** An idle notebook: a kernel open, nothing running (under every idle-stop threshold the bot sets by default). */
export const IDLE_UTILISATION: Readonly<Utilisation> = Object.freeze({ cpu: 1, gpu: 0 });
/** A busy one: the simulator's default load (training, say). */
export const BUSY_UTILISATION: Readonly<Utilisation> = DEFAULT_UTILISATION;

const loadText = (u: Utilisation) => `CPU ${u.cpu}%, GPU ${u.gpu}%`;

/** What the load means for the idle-stop policy, in the words `dsw status` would use. */
function underPolicy(row: Pick<NotebookRow, 'culler' | 'utilisation'>, gpu: boolean): string {
  const { culler, utilisation: u } = row;
  if (!culler) return 'no idle-stop policy, so PAI counts no idle time and nothing will stop it';
  const idle = u.cpu < culler.cpuPercentThreshold && (!gpu || u.gpu < culler.gpuPercentThreshold);
  return idle
    ? `idle under its idle-stop policy ${policyText(culler)}: PAI stops it after ${formatDuration(culler.maxIdleTimeInMinutes * 60_000)} idle`
    : `busy under its idle-stop policy ${policyText(culler)}: its idle time stays at 0`;
}

export function runNotebook(cmd: NotebookCommand, ctx: LineContext): LineResult {
  const ws = workspaceOf(cmd.workspace, ctx);
  if ('error' in ws) return { ok: false, reason: ws.error };
  const { sim } = ctx.world;
  if (sim.notebooks().some((n) => n.name === cmd.name))
    return { ok: false, reason: `a notebook named ${cmd.name} already exists; :notebooks lists them` };
  let instanceId: string;
  try {
    instanceId = sim.addNotebook({
      workspaceId: ws.id,
      name: cmd.name,
      ...(cmd.spec ? { ecsSpec: cmd.spec } : {}),
      status: 'Running',
      runningBeforeMs: cmd.runningBeforeMs,
      utilisation: cmd.busy ? BUSY_UTILISATION : IDLE_UTILISATION,
      ...(cmd.idleStopMinutes === undefined ? {} : { culler: { maxIdleTimeInMinutes: cmd.idleStopMinutes } }),
    });
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  const row = sim.notebooks().find((n) => n.instanceId === instanceId)!;
  ctx.say(
    `[sandbox] ${CONSOLE_USER.username} started DSW notebook ${cmd.name} (${instanceId}) on ${cmd.spec ?? DEFAULT_NOTEBOOK_SPEC} in workspace ${ws.alias} (${ws.id}) directly at PAI, not through the bot: Running, ${formatDuration(cmd.runningBeforeMs)} of running time so far, ${cmd.busy ? 'busy' : 'idle'} (${loadText(row.utilisation)}), ${underPolicy(row, row.gpu)}`,
  );
  return { ok: true };
}

export function runNotebookLoad(cmd: NotebookLoadCommand, ctx: LineContext): LineResult {
  const { sim } = ctx.world;
  const found = findNotebook(sim.notebooks(), cmd.ref);
  if ('error' in found) return { ok: false, reason: found.error };
  sim.setNotebookUtilisation(found.instanceId, { cpu: cmd.cpu, gpu: cmd.gpu });
  const row = sim.notebooks().find((n) => n.instanceId === found.instanceId)!;
  const running = row.status === 'Running' ? '' : ` (it is ${row.status}: the load counts once it runs)`;
  ctx.say(
    `[sandbox] notebook ${row.name} (${row.instanceId}) now runs at ${loadText(row.utilisation)}${running}; ${underPolicy(row, row.gpu)}`,
  );
  return { ok: true };
}

export function runNotebooks(ctx: LineContext): LineResult {
  ctx.say(formatNotebooks(ctx.world.sim.notebooks()));
  return { ok: true };
}
