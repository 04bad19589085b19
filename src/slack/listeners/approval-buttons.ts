// The Approve and Reject buttons on an approval request: the same rules as reactions. A vote that
// does not count is explained privately to whoever pressed.

import type { App, BlockButtonAction } from '@slack/bolt';
import type { ApprovalDeps } from '../../approvals/approval-deps.js';
import { castVote } from '../../approvals/cast-vote.js';
import { APPROVE_ACTION_ID, REJECT_ACTION_ID } from '../render/approval-request.js';

export function registerApprovalButtons(app: App, deps: ApprovalDeps): void {
  for (const [actionId, intent] of [[APPROVE_ACTION_ID, 'approve'], [REJECT_ACTION_ID, 'reject']] as const) {
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const outcome = await castVote(deps, action.value ?? '', body.user.id, intent, 'button');
      if (outcome.ignored) await respond({ response_type: 'ephemeral', replace_original: false, text: outcome.ignored });
    });
  }
}
