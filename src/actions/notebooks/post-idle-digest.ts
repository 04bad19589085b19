// The idle-notebook digest: per workspace, the running notebooks idle longer than `notebooks.idle_after` (or with no
// idle-stop policy), posted in the workspace's channel when first found, then at most once per
// `notebooks.digest_every` — per workspace, not per cycle or replica, and across restarts: the claim is a Redis key
// taken by one script (the bot's clock decides when it is due), and the post goes through the outbox with a dedup
// key named after the claim.

import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { FileConfig } from '../../config/file-schema.js';
import { type DswClient, listAllDswInstances } from '../../pai/dsw-client.js';
import { runScript } from '../../redis/commands.js';
import type { KeySpace } from '../../redis/redis.js';
import { renderNotebookDigest } from '../../render/notebook-digest.js';
import type { Outbox } from '../../slack-out/outbox.js';
import type { Clock } from '../../time/clock.js';
import type { PriceBook } from '../costs/price-book.js';
import type { PollHealth } from '../watchers/poll-health.js';
import { idleNotebooks } from './idle-notebooks.js';

/**
 * A claim this young whose digest may not have reached the outbox (the process stopped between the two) is posted
 * again under the same dedup key, which the outbox keeps for a day: posted once either way.
 */
export const DIGEST_RECOVERY_MS = 10 * 60_000;

export interface IdleDigestDeps {
  dsw: DswClient;
  redis: Redis;
  keys: KeySpace;
  outbox: Pick<Outbox, 'post'>;
  config: FileConfig;
  prices: PriceBook;
  clock: Clock;
  log: Logger;
  /** Where a ListInstances that keeps failing is reported (poller dsw-idle). */
  health?: PollHealth;
}

export interface IdleDigestReport {
  /** ListInstances calls made (a workspace whose digest is not due costs none). */
  listCalls: number;
  /** Digests claimed this cycle (each posted once through the outbox). */
  digests: number;
}

export async function postIdleDigests(d: IdleDigestDeps): Promise<IdleDigestReport> {
  const report: IdleDigestReport = { listCalls: 0, digests: 0 };
  const { idle_after: idleAfterMs, digest_every: digestEveryMs } = d.config.notebooks;
  const outcomes = new Map<string, unknown>();
  for (const ws of d.config.workspaces) {
    const channel = ws.channels[0];
    if (!channel) continue; // no channel to post in: `/pai dsw list --idle` still shows them
    const key = d.keys.key('dsw-digest', ws.id);
    try {
      const now = d.clock.now();
      const last = await d.redis.get(key);
      // "<claimed at>", or "<claimed at>|posted" once the digest is in the outbox.
      const claimedBefore = last === null ? undefined : Number(last.split('|')[0]);
      const posted = last?.endsWith('|posted') === true;
      const due = claimedBefore === undefined || now - claimedBefore >= digestEveryMs;
      if (!due && (posted || !(now - claimedBefore < DIGEST_RECOVERY_MS))) {
        outcomes.set(ws.id, undefined);
        continue; // a digest went out less than digest_every ago
      }
      report.listCalls++;
      const running = await listAllDswInstances(d.dsw, { WorkspaceId: ws.id, Status: 'Running' });
      outcomes.set(ws.id, undefined);
      const idle = idleNotebooks(running, idleAfterMs, d.prices);
      if (idle.length === 0) continue;
      let claimedAt = claimedBefore;
      if (due) {
        const won = await runScript(d.redis, 'claimNotebookDigest', [key], [String(now), String(digestEveryMs)]);
        if (won !== 1) continue; // another replica claimed this period and posts it
        claimedAt = now;
        report.digests++;
        d.log.info({ workspace: ws.name, notebooks: idle.length }, 'idle notebook digest');
      }
      const message = renderNotebookDigest({ workspace: ws.name, notebooks: idle, idleAfterMs, digestEveryMs });
      await d.outbox.post(channel, message, { once: `dsw-digest:${ws.id}:${claimedAt}` });
      // Known to be stored: later cycles in the recovery window need not look again.
      await d.redis.set(key, `${claimedAt}|posted`, 'KEEPTTL');
    } catch (err) {
      outcomes.set(ws.id, err);
      if (!d.health) d.log.warn({ err, workspace: ws.name }, 'idle notebook digest failed');
    }
  }
  await d.health?.report('dsw-idle', outcomes);
  return report;
}
