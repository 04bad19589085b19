// An Approve or Reject pressed on the App Home: the vote has gone through the request's own path (castVote, the same
// as on the request card); this answers it on the Home itself, republished at once with a notice saying whether the
// vote counted and where the request stands now (src/render/home-notice.ts), or why it did not count.

import { voteNotice } from '../../render/home-notice.js';
import type { VoteOutcome } from '../approvals/decide.js';
import { type HomePublishing, publishHome } from './publish-home.js';

export async function answerVoteOnHome(
  d: HomePublishing,
  vote: { user: string; requestId: string; intent: 'approve' | 'reject'; outcome: VoteOutcome },
): Promise<boolean> {
  const request = vote.requestId ? await d.requests.get(vote.requestId).catch(() => undefined) : undefined;
  const notice = voteNotice({
    intent: vote.intent,
    user: vote.user,
    ...(vote.outcome.ignored ? { ignored: vote.outcome.ignored } : {}),
    ...(request ? { request } : {}),
  });
  return publishHome(d, vote.user, notice);
}
