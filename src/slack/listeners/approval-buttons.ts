// The Approve and Reject buttons on an approval request: the same rules as reactions. A vote that
// does not count is explained privately to whoever pressed.
//
// One listener for both buttons (and one for both reactions, one for both confirmation buttons): Bolt
// runs every registered listener's middleware on every request, slash commands included, so each listener
// costs every ack some CPU and about 3 KB of garbage (measured by `npm run bench`).

import type { App, BlockButtonAction } from '@slack/bolt';
import type { ApprovalDeps } from '../../actions/approvals/approval-deps.js';
import { castVote } from '../../actions/approvals/decide.js';
import { APPROVE_ACTION_ID, REJECT_ACTION_ID } from '../../render/approval-request.js';

const BUTTONS = new RegExp(`^(?:${APPROVE_ACTION_ID}|${REJECT_ACTION_ID})$`);

export function registerApprovalButtons(app: App, deps: ApprovalDeps): void {
  app.action<BlockButtonAction>(BUTTONS, async ({ ack, body, action, respond }) => {
    await ack();
    const intent = action.action_id === APPROVE_ACTION_ID ? 'approve' : 'reject';
    const outcome = await castVote(deps, action.value ?? '', body.user.id, intent, 'button');
    // A click in the App Home carries no response_url (Bolt then gives no respond): the vote counts all the same.
    if (outcome.ignored && body.response_url)
      await respond({ response_type: 'ephemeral', replace_original: false, text: outcome.ignored });
  });
}
