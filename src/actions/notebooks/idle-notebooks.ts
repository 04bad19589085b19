// When a notebook counts as idle for `/pai dsw list --idle` (and for anything else that looks for idle notebooks):
// Running, and either without an idle-stop policy (nothing will ever stop it) or idle at least `notebooks.idle_after`
// as its policy counts idle time. PAI reports idle time only under a policy (IdleInstanceCuller.IdleTimeInMinutes).

import type { DswIdleInstanceCuller, DswInstance } from '../../pai/dsw-types.js';

/** A policy that can stop the notebook: one with a positive MaxIdleTimeInMinutes. */
export function hasIdleStopPolicy(culler: DswIdleInstanceCuller | undefined): culler is DswIdleInstanceCuller {
  return (culler?.MaxIdleTimeInMinutes ?? 0) > 0;
}

export function isIdleNotebook(i: Pick<DswInstance, 'Status' | 'IdleInstanceCuller'>, idleAfterMs: number): boolean {
  if (i.Status !== 'Running') return false;
  if (!hasIdleStopPolicy(i.IdleInstanceCuller)) return true;
  return (i.IdleInstanceCuller.IdleTimeInMinutes ?? 0) * 60_000 >= idleAfterMs;
}
