// Pure: the line at the top of a user's App Home after they pressed Approve or Reject on it (a click from the Home
// has no message to answer in, src/actions/home/publish-home.ts): whether their vote counted and where the request
// stands, or why it did not count. The same press delivered twice reads the same, since the vote counted once.

import type { ApprovalRequest } from '../actions/approvals/request-store.js';
import { codeWithin, escapeWithin } from './mrkdwn.js';

export interface VoteNoticeInput {
  intent: 'approve' | 'reject';
  user: string;
  /** Why the vote did not count, as castVote (src/actions/approvals/decide.ts) says it. */
  ignored?: string;
  /** The request as it stands after the vote; undefined when there is no such request. */
  request?: Pick<ApprovalRequest, 'id' | 'title' | 'status' | 'required' | 'votes' | 'decidedBy'>;
}

const APPROVED_ON = new Set(['approved', 'executing', 'executed', 'failed']);

export function voteNotice({ intent, user, ignored, request: r }: VoteNoticeInput): string {
  if (!r) return `:warning: ${escapeWithin(ignored ?? 'There is no such approval request.', 1_000)}`;
  const title = codeWithin(r.title, 300);
  const id = codeWithin(r.id, 40);
  if (intent === 'approve' && r.votes.some((v) => v.user === user)) {
    const count = `${r.votes.length} of ${r.required}`;
    if (r.status === 'pending') return `:white_check_mark: Your approval of ${title} counted: ${count}.`;
    if (r.status === 'approved')
      return `:white_check_mark: Your approval of ${title} counted: ${count}, so it is approved and queued to run.`;
    if (APPROVED_ON.has(r.status))
      return `:white_check_mark: Your approval of ${title} counted: ${count}; the request is now ${r.status}.`;
  }
  if (intent === 'reject' && r.status === 'rejected' && r.decidedBy === user)
    return `:x: You rejected ${title}; nothing will run.`;
  if (r.status === 'expired')
    return `:hourglass: Request ${id} (${title}) had expired, so your vote did not count; nothing was run.`;
  const what = intent === 'approve' ? 'approval' : 'rejection';
  if (ignored) return `:warning: Your ${what} of ${title} did not count. ${escapeWithin(ignored, 1_000)}`;
  return `Request ${id} (${title}) is ${r.status}.`;
}
