// Runs with the watcher: expires pending requests whose time is up, and queues approved requests
// whose action was never queued (the approving process died between the two steps).

import type { ApprovalDeps } from './approval-deps.js';
import { queueApproved, refreshMessage } from './decide.js';

export interface SweepReport {
  expired: number;
  requeued: number;
}

export async function sweepRequests(deps: ApprovalDeps): Promise<SweepReport> {
  const now = deps.clock.now();
  const report: SweepReport = { expired: 0, requeued: 0 };
  for (const id of await deps.store.dueForExpiry(now)) {
    const result = await deps.store.vote(id, 'expire', 'bot', now);
    if (result.status !== 'expired' || !result.changed) continue;
    report.expired++;
    const r = await refreshMessage(deps, id);
    await deps.audit.append({ event: 'expired', requestId: id, ...(r ? { action: r.title } : {}), at: now });
    if (r)
      await deps.slack
        .post(
          r.channelId,
          {
            text: `<@${r.requester}> request ${r.id} (\`${r.title}\`) expired without enough approvals; nothing was run.`,
          },
          r.messageTs,
        )
        .catch(() => undefined);
  }
  for (const id of await deps.store.approvedUnqueued(await deps.store.recent())) {
    const r = await deps.store.get(id);
    if (!r) continue;
    deps.log.warn({ requestId: id }, 'approved request was never queued; queueing it now');
    await queueApproved(deps, r);
    report.requeued++;
  }
  return report;
}
