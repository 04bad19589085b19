// The Approve and Reject buttons on an approval request: the same rules as reactions. A vote that
// does not count is explained privately to whoever pressed. The same buttons are on the approvers' App Home
// (src/render/app-home.ts): a click there is the same vote, and since it has no message to answer in (no
// response_url), the presser's Home is republished with a notice of what the vote did (answer-vote-on-home.ts).
//
// One listener for both buttons (and one for both reactions, one for both confirmation buttons): Bolt
// runs every registered listener's middleware on every request, slash commands included, so each listener
// costs every ack some CPU and about 3 KB of garbage (measured by `npm run bench`).

import type { App, BlockButtonAction } from '@slack/bolt';
import type { ApprovalDeps } from '../../actions/approvals/approval-deps.js';
import { castVote } from '../../actions/approvals/decide.js';
import { answerVoteOnHome } from '../../actions/home/answer-vote-on-home.js';
import type { HomePublishing } from '../../actions/home/publish-home.js';
import { APPROVE_ACTION_ID, REJECT_ACTION_ID } from '../../render/approval-request.js';

const BUTTONS = new RegExp(`^(?:${APPROVE_ACTION_ID}|${REJECT_ACTION_ID})$`);

export function registerApprovalButtons(app: App, deps: ApprovalDeps, home?: HomePublishing): void {
  app.action<BlockButtonAction>(BUTTONS, async ({ ack, body, action, respond }) => {
    await ack();
    const intent = action.action_id === APPROVE_ACTION_ID ? 'approve' : 'reject';
    const requestId = action.value ?? '';
    const outcome = await castVote(deps, requestId, body.user.id, intent, 'button');
    if (body.container?.type === 'view') {
      if (home) await answerVoteOnHome(home, { user: body.user.id, requestId, intent, outcome });
    } else if (outcome.ignored && body.response_url)
      await respond({ response_type: 'ephemeral', replace_original: false, text: outcome.ignored });
  });
}
