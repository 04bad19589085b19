// `/pai cost [-w <workspace>] [--since <duration>]`: what runs now costs per hour, and what the jobs that ended in the
// window cost, at estimated prices. A lookup: it changes nothing and needs no approval.

import { fail, ok, show, type Check } from '../messages.js';
import { verb, withDefault, workspaceFlag, workspaceSubject } from '../verb-spec.js';

const HOUR_MS = 3_600_000;
const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: HOUR_MS, d: 24 * HOUR_MS };
/** The window `--since` may ask for: long enough to hold a job, short enough for ListJobs to page through. */
export const SINCE_BOUNDS = { min: HOUR_MS, max: 30 * 24 * HOUR_MS } as const;
export const DEFAULT_SINCE_MS = 24 * HOUR_MS;

/** `--since 24h`: a whole number of minutes, hours or days, from 1h to 30d. */
export function checkSince(raw: string): Check<number> {
  const match = /^([0-9]{1,5})(m|h|d)$/.exec(raw.trim().toLowerCase());
  const ms = match ? Number(match[1]) * (UNIT_MS[match[2] as string] as number) : Number.NaN;
  if (ms >= SINCE_BOUNDS.min && ms <= SINCE_BOUNDS.max) return ok(ms);
  const why = match ? 'from 1h to 30d' : 'of minutes, hours or days (m, h, d) from 1h to 30d';
  return fail(`--since must be a duration ${why}, like 24h, 90m or 7d (got ${show(raw)})`);
}

export const COST_VERB = verb({
  names: ['cost'],
  section: 'Costs',
  summary: 'estimated costs: what runs now, per hour, and the jobs that ended in the last `--since` (default 24h)',
  args: {},
  flags: { workspace: workspaceFlag(), since: withDefault('--since', '<duration>', checkSince, DEFAULT_SINCE_MS) },
  queues: { type: 'cost.report', subject: workspaceSubject },
  extraHint: () => '; it reports one workspace, chosen with -w <workspace>',
});
