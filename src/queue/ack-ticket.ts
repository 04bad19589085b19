// Whether a change queued from Slack may still run. The web role must answer Slack within 3 s; when Redis is
// too slow for the enqueue to be confirmed in time, the add may still land later, after the user was told
// something. So every queued change has a ticket, decided once in Redis by whoever comes first: the worker
// taking the job ("run") or the web role giving up on it ("void"). The user is told "nothing was run" only
// when the web role's void won, and a job whose ticket is void is dropped by the worker unrun.

import type { Redis } from 'ioredis';
import { runScript } from '../redis/commands.js';
import type { KeySpace } from '../redis/redis.js';

export type TicketState = 'run' | 'void';

/** Longer than a queued change can wait for its first run (retries back off for minutes, not days). */
const TICKET_SECONDS = 7 * 86_400;

function ticketKey(keys: KeySpace, queueJobId: string): string {
  return keys.key('ticket', queueJobId);
}

/** Decides the ticket of queued job `queueJobId` as `wanted` unless already decided; resolves to the decision. */
export async function settleTicket(
  redis: Redis,
  keys: KeySpace,
  queueJobId: string,
  wanted: TicketState,
): Promise<TicketState> {
  // The first writer decides (settleTicket-1.lua); every later caller reads that decision.
  const state = await runScript(redis, 'settleTicket', [ticketKey(keys, queueJobId)], [wanted, String(TICKET_SECONDS)]);
  return state === 'void' ? 'void' : 'run';
}
