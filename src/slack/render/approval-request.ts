// The approval request posted in the channel, re-rendered in place as votes and decisions come in.

import type { KnownBlock } from '@slack/web-api';
import { formatDuration } from '../../config/duration.js';
import type { SlackMessage } from '../../notify/slack-output.js';
import type { ApprovalRequest } from '../../approvals/request-store.js';
import { code, codeBlock, escapeWithin, groupMention, mention } from './mrkdwn.js';
import { lastLinesFitting } from './truncate.js';

export const APPROVE_ACTION_ID = 'approval_approve';
export const REJECT_ACTION_ID = 'approval_reject';

const STATUS_LINE: Record<ApprovalRequest['status'], string> = {
  pending: ':hourglass: *Waiting for approval*',
  approved: ':white_check_mark: *Approved*: queued to run',
  executing: ':arrow_forward: *Approved*: running',
  executed: ':white_check_mark: *Approved and done*',
  failed: ':x: *Approved, but it failed*',
  rejected: ':no_entry: *Rejected*: nothing was run',
  expired: ':alarm_clock: *Expired*: nothing was run',
  cancelled: ':leftwards_arrow_with_hook: *Withdrawn by the requester*: nothing was run',
};

export function renderApprovalRequest(r: ApprovalRequest, opts: { approveEmoji: string; rejectEmoji: string; now: number }): SlackMessage {
  const approvers = r.approvers.map(groupMention).join(', ');
  const votes = r.votes.length ? r.votes.map((v) => mention(v.user)).join(', ') : 'nobody yet';
  const expiresSec = Math.floor(r.expiresAt / 1000);
  const fields = [
    `*Requested by*\n${mention(r.requester)}`,
    `*Workspace*\n${code(r.workspace.name)} (prod)`,
    `*Approvals*\n${r.votes.length} of ${r.required}: ${votes}`,
    `*Who may approve*\n${approvers || 'nobody (configure approvers)'}`,
    `*Expires*\n<!date^${expiresSec}^{date_short_pretty} {time}|in ${formatDuration(Math.max(0, r.expiresAt - opts.now))}>`,
    `*Request id*\n${code(r.id)}`,
  ];
  const details = lastLinesFitting(r.details, 2_600, { maxLine: 300 });
  let status = STATUS_LINE[r.status];
  if (r.status === 'rejected' && r.decidedBy) status += ` by ${mention(r.decidedBy)}`;
  if (r.outcome && (r.status === 'executed' || r.status === 'failed')) status += `: ${escapeWithin(r.outcome, 500)}`;
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `:lock: *Approval needed* for ${code(r.title)}\n${status}` } },
    { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text })) },
    { type: 'section', text: { type: 'mrkdwn', text: `*What will be sent to PAI*\n${codeBlock(details.lines.join('\n'))}` } },
  ];
  if (r.status === 'pending') {
    blocks.push({
      type: 'actions',
      block_id: `approval_${r.id}_${r.version}`,
      elements: [
        { type: 'button', action_id: APPROVE_ACTION_ID, style: 'primary', text: { type: 'plain_text', text: 'Approve' }, value: r.id },
        { type: 'button', action_id: REJECT_ACTION_ID, style: 'danger', text: { type: 'plain_text', text: 'Reject' }, value: r.id },
      ],
    });
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `React with :${opts.approveEmoji}: to approve or :${opts.rejectEmoji}: to reject. The requester's own approval does not count. \`/pai cancel ${r.id}\` withdraws it.` }] });
  }
  return { text: `Approval ${r.status === 'pending' ? 'needed' : r.status} for ${escapeWithin(r.title, 200)} (${r.id}): ${r.votes.length} of ${r.required} approvals`, blocks };
}

export function renderPendingList(requests: readonly ApprovalRequest[], now: number): SlackMessage {
  if (requests.length === 0) return { text: 'No approval requests are pending.' };
  const rows = requests.slice(0, 30).map((r) => `• ${code(r.id)} ${code(r.title)} in ${code(r.workspace.name)} by ${mention(r.requester)}: ${r.votes.length} of ${r.required}, expires in ${formatDuration(Math.max(0, r.expiresAt - now))}`);
  return { text: `${requests.length} approval request(s) pending`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*Pending approval requests*\n${rows.join('\n')}`.slice(0, 3000) } }] };
}
