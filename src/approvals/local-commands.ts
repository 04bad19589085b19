// `/pai approvals` and `/pai cancel <id>`: answered by the listener from Redis, no PAI involved.

import type { SlackMessage } from '../notify/slack-output.js';
import { renderPendingList } from '../slack/render/approval-request.js';
import { refreshMessage, type ApprovalDeps } from './approval-deps.js';
import type { ApprovalRequest } from './request-store.js';

export async function listPending(deps: ApprovalDeps): Promise<SlackMessage> {
  const requests = (await Promise.all((await deps.store.pendingIds()).map((id) => deps.store.get(id)))).filter((r): r is ApprovalRequest => r?.status === 'pending');
  return renderPendingList(requests, deps.clock.now());
}

export async function cancelRequest(deps: ApprovalDeps, id: string, user: string): Promise<string> {
  const r = await deps.store.get(id);
  if (!r) return `There is no approval request ${id}. /pai approvals lists the pending ones.`;
  if (r.requester !== user) return `Only the requester (<@${r.requester}>) can withdraw ${id}; approvers can reject it instead.`;
  const now = deps.clock.now();
  const result = await deps.store.vote(id, 'cancel', user, now);
  if (!result.changed) return `Request ${id} is already ${result.status}; nothing to withdraw.`;
  await deps.audit.append({ event: result.status === 'expired' ? 'expired' : 'cancelled', requestId: id, user, action: r.title, at: now });
  await refreshMessage(deps, id);
  return result.status === 'cancelled' ? `Withdrawn: request ${id} (\`${r.title}\`) will not run.` : `Request ${id} had already ${result.status}; nothing was run.`;
}
