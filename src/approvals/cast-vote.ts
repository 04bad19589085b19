// A reaction or a button press on an approval request. Only approvers count, never the requester;
// the decision itself is atomic in Redis, and only the vote that approves queues the action.

import type { ApprovalDeps } from './approval-deps.js';
import { queueApproved, refreshMessage } from './approval-deps.js';

export type VoteIntent = 'approve' | 'withdraw' | 'reject';

export interface VoteOutcome {
  /** Why the vote did not count, for a private answer to a button press. */
  ignored?: string;
  status?: string;
}

export async function castVote(deps: ApprovalDeps, requestId: string, user: string, intent: VoteIntent, via: 'reaction' | 'button'): Promise<VoteOutcome> {
  const r = await deps.store.get(requestId);
  if (!r) return { ignored: 'There is no such approval request.' };
  if (r.status !== 'pending') return { ignored: `Request ${r.id} is already ${r.status}.`, status: r.status };
  const now = deps.clock.now();
  if (user === r.requester) {
    if (intent !== 'withdraw') await deps.audit.append({ event: 'ignored-vote', requestId, user, detail: `${intent}: requesters cannot decide their own request`, at: now });
    return { ignored: 'You asked for this change, so your approval does not count; another approver must approve it. (/pai cancel withdraws it.)' };
  }
  if (!(await deps.directory.includes(r.approvers, user))) {
    await deps.audit.append({ event: 'ignored-vote', requestId, user, detail: `${intent}: not an approver`, at: now });
    return { ignored: `You are not among the approvers of workspace ${r.workspace.name}.` };
  }

  const result = await deps.store.vote(requestId, intent, user, now, via);
  if (!result.changed) return { status: result.status };
  const event = result.status === 'expired' ? 'expired' : intent === 'approve' ? 'approved-by' : intent === 'withdraw' ? 'withdrawn-by' : 'rejected';
  await deps.audit.append({ event, requestId, user, action: r.title, at: now });
  const fresh = await refreshMessage(deps, requestId);
  if (result.status === 'approved' && fresh) {
    await deps.audit.append({ event: 'approved', requestId, action: r.title, detail: fresh.votes.map((v) => v.user).join(','), at: now });
    await queueApproved(deps, fresh);
    deps.log.info({ requestId }, 'request approved; action queued');
  }
  if (result.status === 'rejected' || result.status === 'expired') {
    await deps.slack.post(r.channelId, { text: `<@${r.requester}> request ${r.id} (\`${r.title}\`) was ${result.status}${result.status === 'rejected' ? ` by <@${user}>` : ''}; nothing was run.` }, r.messageTs).catch(() => undefined);
  }
  return { status: result.status };
}
