// `/pai approvals` and `/pai cancel <id>`: answered by the listener from Redis, no PAI involved.

import type { SlackMessage } from '../../slack-out/slack-output.js';
import { renderPendingList } from '../../render/approval-request.js';
import type { ApprovalDeps } from './approval-deps.js';
import { refreshMessage } from './decide.js';
import type { ApprovalRequest } from './request-store.js';

/** Who asks for the list, and where: what they may see of other people's requests depends on both. */
export interface Viewer {
  userId: string;
  channelId: string;
}

/**
 * A viewer sees a pending request made in the channel they ask from, their own, and those they may
 * approve; the rest are only counted, so the title of a request made in a private channel stays there.
 */
export async function listPending(deps: ApprovalDeps, viewer: Viewer): Promise<SlackMessage> {
  const requests = (await Promise.all((await deps.store.pendingIds()).map((id) => deps.store.get(id)))).filter(
    (r): r is ApprovalRequest => r?.status === 'pending',
  );
  const seen = await Promise.all(requests.map((r) => mayView(deps, r, viewer)));
  const visible = requests.filter((_, i) => seen[i]);
  return renderPendingList(visible, requests.length - visible.length, deps.clock.now());
}

async function mayView(deps: ApprovalDeps, r: ApprovalRequest, viewer: Viewer): Promise<boolean> {
  if (r.channelId === viewer.channelId || r.requester === viewer.userId) return true;
  return deps.directory.includes(r.approvers, viewer.userId);
}

export async function cancelRequest(deps: ApprovalDeps, id: string, user: string): Promise<string> {
  const r = await deps.store.get(id);
  if (!r) return `There is no approval request ${id}. /pai approvals lists the pending ones.`;
  if (r.requester !== user)
    return `Only the requester (<@${r.requester}>) can withdraw ${id}; approvers can reject it instead.`;
  const now = deps.clock.now();
  const result = await deps.store.vote(id, 'cancel', user, now);
  if (!result.changed) return `Request ${id} is already ${result.status}; nothing to withdraw.`;
  await deps.audit.append({
    event: result.status === 'expired' ? 'expired' : 'cancelled',
    requestId: id,
    user,
    action: r.title,
    at: now,
  });
  await refreshMessage(deps, id);
  return result.status === 'cancelled'
    ? `Withdrawn: request ${id} (\`${r.title}\`) will not run.`
    : `Request ${id} had already ${result.status}; nothing was run.`;
}
