// One poll cycle of a watcher, whatever it follows (DLC jobs, EAS services): the tracked items grouped by
// workspace, one listing per workspace (never one lookup per item), each item followed with what the listing
// showed of it, and the Slack output of the whole cycle settled at its end. The watchers pass their specifics.

import type { Logger } from 'pino';
import type { PollHealth } from './poll-health.js';

/** Hands Slack output to the paced path without waiting for it (see runCycle). */
export type Send = (p: Promise<unknown>) => void;

export interface Cycle<T, C> {
  /** The tracked items to follow this cycle. */
  items: readonly T[];
  workspaceOf(item: T): string;
  keyOf(item: T): string;
  /** Workspaces listed even with nothing tracked there (`watch: all`), after those with tracked items. */
  alsoList?: readonly string[];
  /** What the workspace's listing shows, by item key; a throw skips the workspace this cycle. */
  list(workspaceId: string, items: T[]): Promise<ReadonlyMap<string, C>>;
  /** `current` is undefined when the listing did not show the item. */
  follow(item: T, current: C | undefined, send: Send): Promise<void>;
  /** Given: an item that could not be followed is logged through it and the cycle goes on. Not given: the cycle ends with the error. */
  followFailed?(err: unknown, item: T): void;
  /** After the workspace's items were followed, with what its listing showed (adopting untracked items); a throw counts as the workspace's poll failing. */
  afterWorkspace?(workspaceId: string, listed: ReadonlyMap<string, C>, items: T[], send: Send): Promise<void>;
  /** The listing's API, for the log line when it fails. */
  listName: string;
  /** The poller's name in poll health (poll-health.ts), e.g. dlc-jobs. */
  poller: string;
  /** Where each workspace's outcome goes, so a listing that keeps failing is seen (one warn per episode, a metric, /healthz). Without it, every failure is a warn. */
  health?: PollHealth;
  log: Logger;
}

export async function runCycle<T, C>(cycle: Cycle<T, C>): Promise<void> {
  const byWorkspace = new Map<string, T[]>();
  for (const item of cycle.items) {
    const id = cycle.workspaceOf(item);
    const list = byWorkspace.get(id);
    if (list) list.push(item);
    else byWorkspace.set(id, [item]);
  }
  for (const id of cycle.alsoList ?? []) if (!byWorkspace.has(id)) byWorkspace.set(id, []);

  // Slack output is handed to the paced path without waiting for each call: a transition costs its place in
  // its channel's lane, not a second of the whole cycle. The cycle ends when all of it is sent (or failed).
  const sends: Promise<unknown>[] = [];
  const send: Send = (p) => void sends.push(p);

  // Each workspace's outcome: undefined when its poll went through, else the error.
  const outcomes = new Map<string, unknown>();
  const failed = (workspaceId: string, err: unknown, what: string) => {
    outcomes.set(workspaceId, err);
    if (!cycle.health) cycle.log.warn({ err, workspaceId }, `${what} failed; the next poll tries again`);
  };
  for (const [workspaceId, items] of byWorkspace) {
    let listed: ReadonlyMap<string, C>;
    try {
      listed = await cycle.list(workspaceId, items);
    } catch (err) {
      failed(workspaceId, err, cycle.listName);
      continue;
    }
    outcomes.set(workspaceId, undefined);
    for (const item of items) {
      try {
        await cycle.follow(item, listed.get(cycle.keyOf(item)), send);
      } catch (err) {
        if (!cycle.followFailed) throw err;
        cycle.followFailed(err, item);
      }
    }
    if (cycle.afterWorkspace) {
      try {
        await cycle.afterWorkspace(workspaceId, listed, items, send);
      } catch (err) {
        failed(workspaceId, err, `the work after ${cycle.listName}`);
      }
    }
  }
  await cycle.health?.report(cycle.poller, outcomes);
  await Promise.allSettled(sends);
}
