// Deciding an approval request. A reaction or a button press is a vote: only approvers count, never the requester,
// and the decision itself is one Redis script (the request store's vote), so Slack retries and racing replicas
// change nothing. What follows a decision is here too: the request's card is re-rendered from the stored state,
// and the vote that approves (or the sweep, for an approval whose queueing was lost) queues the approved run,
// which the worker then takes through the gate (with-approval-gate.ts).

import { requestConsoleLink } from './request-console-link.js';
import { renderApprovalRequest } from '../../render/approval-request.js';
import type { SlackMessage } from '../../slack-out/slack-output.js';
import type { ApprovalDeps } from './approval-deps.js';
import type { ApprovalRequest } from './request-store.js';

export type VoteIntent = 'approve' | 'withdraw' | 'reject';

export interface VoteOutcome {
  /** Why the vote did not count, for a private answer to a button press. */
  ignored?: string;
  status?: string;
}

export async function castVote(
  deps: ApprovalDeps,
  requestId: string,
  user: string,
  intent: VoteIntent,
  via: 'reaction' | 'button',
): Promise<VoteOutcome> {
  const r = await deps.store.get(requestId);
  if (!r) return { ignored: 'There is no such approval request.' };
  const now = deps.clock.now();
  const ignore = (detail: string) => deps.audit.append({ event: 'ignored-vote', requestId, user, detail, at: now });
  if (r.status !== 'pending') {
    if (intent !== 'withdraw') await ignore(`${intent}: the request is already ${r.status}`);
    return { ignored: `Request ${r.id} is already ${r.status}.`, status: r.status };
  }
  if (user === r.requester) {
    if (intent !== 'withdraw') await ignore(`${intent}: requesters cannot decide their own request`);
    return {
      ignored:
        'You asked for this change, so your approval does not count; another approver must approve it. ' +
        '(/pai cancel withdraws it.)',
    };
  }
  if (!(await deps.directory.includes(r.approvers, user))) {
    await ignore(`${intent}: not an approver`);
    return { ignored: `You are not among the approvers of workspace ${r.workspace.name}.` };
  }

  const result = await deps.store.vote(requestId, intent, user, now, via);
  if (!result.changed) return { status: result.status };
  // An expiry is the clock's doing, not that of the late vote that happened to notice it.
  if (result.status === 'expired') await deps.audit.append({ event: 'expired', requestId, action: r.title, at: now });
  else {
    const event = intent === 'approve' ? 'approved-by' : intent === 'withdraw' ? 'withdrawn-by' : 'rejected';
    await deps.audit.append({ event, requestId, user, action: r.title, at: now });
  }
  const fresh = await refreshMessage(deps, requestId);
  if (result.status === 'approved' && fresh) {
    const voters = fresh.votes.map((v) => v.user).join(',');
    await deps.audit.append({ event: 'approved', requestId, action: r.title, detail: voters, at: now });
    await queueApproved(deps, fresh);
    deps.log.info({ requestId }, 'request approved; action queued');
  }
  if (result.status === 'rejected' || result.status === 'expired') {
    const by = result.status === 'rejected' ? ` by <@${user}>` : '';
    const text = `<@${r.requester}> request ${r.id} (\`${r.title}\`) was ${result.status}${by}; nothing was run.`;
    await deps.slack.post(r.channelId, { text }, r.messageTs).catch(() => undefined);
  }
  return { status: result.status };
}

/** A reaction on an approval request that is neither an approve nor a reject emoji: recorded, changes nothing. */
export async function ignoredReaction(
  deps: ApprovalDeps,
  requestId: string,
  user: string,
  emoji: string,
  added: boolean,
): Promise<void> {
  const detail = `:${emoji}: ${added ? 'added' : 'removed'}: not an approve or reject reaction`;
  await deps.audit.append({ event: 'ignored-vote', requestId, user, detail, at: deps.clock.now() });
}

/** The queued job that runs an approved request: its id derives from the request, so it is queued once. */
export async function queueApproved(deps: ApprovalDeps, r: ApprovalRequest): Promise<void> {
  await deps.enqueuer.enqueue({ ...r.action, approval: { requestId: r.id } }, `run-${r.id}`);
  await deps.store.markQueued(r.id, deps.clock.now());
}

/** Re-renders the request message from the stored state (best effort: the state in Redis is what counts). */
export async function refreshMessage(deps: ApprovalDeps, id: string): Promise<ApprovalRequest | undefined> {
  const r = await deps.store.get(id);
  if (!r?.messageTs) return r;
  const warn = (err: unknown) =>
    deps.log.warn({ err, requestId: id }, 'could not queue the update of the approval message');
  await deps.outbox.update(r.channelId, r.messageTs, renderRequest(deps, r), r.version).catch(warn);
  return r;
}

/** The request's card, with the configured approve and reject emoji. */
export function renderRequest(deps: ApprovalDeps, r: ApprovalRequest): SlackMessage {
  const { approve_reactions: approve, reject_reactions: reject } = deps.config.approvals;
  const link = requestConsoleLink(deps.config.region, r);
  return renderApprovalRequest(r, {
    approveEmoji: approve[0]!,
    rejectEmoji: reject[0]!,
    now: deps.clock.now(),
    ...(link ? { consoleLink: link } : {}),
  });
}
