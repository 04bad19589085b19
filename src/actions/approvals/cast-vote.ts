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

/** A reaction on an approval request that is neither an approve nor a reject emoji: recorded, changes nothing. */
export async function ignoredReaction(deps: ApprovalDeps, requestId: string, user: string, emoji: string, added: boolean): Promise<void> {
  await deps.audit.append({ event: 'ignored-vote', requestId, user, detail: `:${emoji}: ${added ? 'added' : 'removed'}: not an approve or reject reaction`, at: deps.clock.now() });
}

export async function castVote(deps: ApprovalDeps, requestId: string, user: string, intent: VoteIntent, via: 'reaction' | 'button'): Promise<VoteOutcome> {
  const r = await deps.store.get(requestId);
  if (!r) return { ignored: 'There is no such approval request.' };
  const now = deps.clock.now();
  if (r.status !== 'pending') {
    if (intent !== 'withdraw') await deps.audit.append({ event: 'ignored-vote', requestId, user, detail: `${intent}: the request is already ${r.status}`, at: now });
    return { ignored: `Request ${r.id} is already ${r.status}.`, status: r.status };
  }
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
  // An expiry is the clock's doing, not that of the late vote that happened to notice it.
  if (result.status === 'expired') await deps.audit.append({ event: 'expired', requestId, action: r.title, at: now });
  else await deps.audit.append({ event: intent === 'approve' ? 'approved-by' : intent === 'withdraw' ? 'withdrawn-by' : 'rejected', requestId, user, action: r.title, at: now });
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
