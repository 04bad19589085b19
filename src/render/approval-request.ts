// The approval request posted in the channel, re-rendered in place as votes and decisions come in.
// Approvers must see what they approve: the key fields come first and in full, then the full request
// body; what does not fit the card goes to the card's thread, and the card says so.

import type { KnownBlock } from '@slack/web-api';
import { formatDuration } from '../config/duration.js';
import type { SlackMessage } from '../slack-out/slack-output.js';
import type { ApprovalRequest } from '../actions/approvals/request-store.js';
import { bodyPieces, cutOf, fence, keyFieldSections, SECTION_MAX, type BodyCut } from './approval-body.js';
import { codeWithin, escapedLength, escapeWithin, groupMention, mention } from './mrkdwn.js';
import { contextBlock, fieldsSection, MAX_BLOCKS, messageText, packWithin, section } from './sections.js';
import { consoleLinkBlock, JOB_LIST_LINK_TEXT } from './console-links.js';
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

const FIELD_MAX = 2_000;
/**
 * Status, fields, actions, context, the console link and the cut note: counted whatever the status, so a card cuts the
 * same way all its life.
 */
const FIXED_BLOCKS = 6;
/** Key fields always fit (a command is at most 4,000 characters); this only bounds stored data gone wrong. */
const MAX_KEY_SECTIONS = 40;
/** How much of the body a card shows before pointing at the thread: two blocks keep it readable. */
const BODY_SECTIONS_IN_CARD = 2;
const BODY_HEADING = '*What will be sent to PAI*';
/** Room for body text in a section that also holds the heading (every body section is cut to it alike). */
const BODY_PIECE = SECTION_MAX - BODY_HEADING.length - 1 - 6;
/** Sections per thread message: under Slack's limits with room to spare, and short enough to read. */
const THREAD_SECTIONS = 5;
// Requests stored before key fields existed: today's card (the last lines, each capped).
const LEGACY_BUDGET = 2_600;
const LEGACY_LINE = 300;

/** What the card shows of a request, decided once for the card and for its thread. */
interface CardContent {
  keySections: string[];
  bodySections: string[];
  /** Set when the card does not show the whole body; the sentence that says so. */
  cutNote?: string;
}

function cardContent(r: ApprovalRequest): CardContent {
  return r.keyFields ? keyedContent(r, r.keyFields) : legacyContent(r);
}

function keyedContent(r: ApprovalRequest, keyFields: NonNullable<ApprovalRequest['keyFields']>): CardContent {
  const allKeys = keyFieldSections(keyFields);
  const keySections = allKeys.slice(0, MAX_KEY_SECTIONS);
  const pieces = bodyPieces(r.details, BODY_PIECE);
  const room = Math.min(BODY_SECTIONS_IN_CARD, MAX_BLOCKS - FIXED_BLOCKS - keySections.length);
  const shown = pieces.slice(0, room);
  const bodySections = bodySectionsOf(shown, BODY_HEADING);
  const keysCut = allKeys.length > keySections.length;
  if (shown.length === pieces.length && !keysCut) return { keySections, bodySections };
  const what = [
    keysCut ? 'the key fields are cut' : '',
    shown.length < pieces.length ? describeCut(cutOf(r.details, shown.join(''))) : '',
  ]
    .filter(Boolean)
    .join('; ');
  return {
    keySections,
    bodySections,
    cutNote: `:scissors: *Cut to fit:* ${what}. *The full request is in this message's thread.*`,
  };
}

function describeCut(c: BodyCut): string {
  const part = c.partial ? ` and part of line ${c.fullLines + 1}` : '';
  return `the request body is ${c.totalLines} line(s); this card shows the first ${c.fullLines}${part}`;
}

function legacyContent(r: ApprovalRequest): CardContent {
  const kept = lastLinesFitting(r.details, LEGACY_BUDGET, { maxLine: LEGACY_LINE, measure: escapedLength });
  const shortened = kept.lines.filter((line, i) => line !== r.details[kept.omitted + i]!.replace(/\r/g, '')).length;
  const bodySections = [`${BODY_HEADING}\n${fence(kept.lines.join('\n'))}`];
  if (kept.omitted === 0 && shortened === 0) return { keySections: [], bodySections };
  const what = [
    kept.omitted > 0 ? `this card shows the last ${kept.lines.length} of ${r.details.length} lines of the request` : '',
    shortened > 0 ? `${shortened} line(s) shortened to ${LEGACY_LINE} characters` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return { keySections: [], bodySections, cutNote: `:scissors: *Cut to fit:* ${what}.` };
}

/** Body pieces as section texts, the first under the heading. */
function bodySectionsOf(pieces: readonly string[], heading: string): string[] {
  if (pieces.length === 0) return [`${heading}\n${fence('')}`];
  return pieces.map((p, i) => (i === 0 ? `${heading}\n${fence(p)}` : fence(p)));
}

/** Joins items with commas while they fit in max, then says how many more there are. */
function listWithin(items: readonly string[], max: number): string {
  const all = items.join(', ');
  if (all.length <= max) return all;
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const next = out === '' ? items[i]! : `${out}, ${items[i]!}`;
    if (next.length + ` and ${items.length - i - 1} more`.length > max)
      return out ? `${out} and ${items.length - i} more` : `${items.length} (too long to list)`;
    out = next;
  }
  return out;
}

/** Who may approve, as mentions (users and user groups), shortened to a count past max. */
const approverMentions = (approvers: readonly string[], max: number) => listWithin(approvers.map(groupMention), max);

/** Approve and Reject for a request: on its card, and the same action ids and value on the App Home (app-home.ts). */
export function approvalButtons(r: Pick<ApprovalRequest, 'id'>, blockId: string): KnownBlock {
  return {
    type: 'actions',
    block_id: blockId.slice(0, 255),
    elements: [
      {
        type: 'button',
        action_id: APPROVE_ACTION_ID,
        style: 'primary',
        text: { type: 'plain_text', text: 'Approve' },
        value: r.id,
      },
      {
        type: 'button',
        action_id: REJECT_ACTION_ID,
        style: 'danger',
        text: { type: 'plain_text', text: 'Reject' },
        value: r.id,
      },
    ],
  };
}

export function renderApprovalRequest(
  r: ApprovalRequest,
  opts: {
    approveEmoji: string;
    rejectEmoji: string;
    now: number;
    /** The change's page in the PAI console, or the workspace's job list for a job not created yet. */
    consoleLink?: { url: string; list: boolean };
  },
): SlackMessage {
  const approvers = approverMentions(r.approvers, FIELD_MAX - 30) || 'nobody (configure approvers)';
  const votes = r.votes.length
    ? listWithin(
        r.votes.map((v) => mention(v.user)),
        FIELD_MAX - 40,
      )
    : 'nobody yet';
  const expiresSec = Math.floor(r.expiresAt / 1000);
  const fields = [
    `*Requested by*\n${mention(r.requester)}`,
    `*Workspace*\n${codeWithin(r.workspace.name, 200)} (prod)`,
    `*Approvals*\n${r.votes.length} of ${r.required}: ${votes}`,
    `*Who may approve*\n${approvers}`,
    `*Expires*\n<!date^${expiresSec}^{date_short_pretty} {time}|in ${formatDuration(Math.max(0, r.expiresAt - opts.now))}>`,
    `*Request id*\n${codeWithin(r.id, 100)}`,
    ...(r.estimate ? [`*Estimated cost*\n${escapeWithin(r.estimate, 1_000)}`] : []),
  ];
  let status = STATUS_LINE[r.status];
  if (r.status === 'rejected' && r.decidedBy) status += ` by ${mention(r.decidedBy)}`;
  if (r.outcome && (r.status === 'executed' || r.status === 'failed')) status += `: ${escapeWithin(r.outcome, 500)}`;
  const content = cardContent(r);
  const blocks: KnownBlock[] = [
    section(`:lock: *Approval needed* for ${codeWithin(r.title, 500)}\n${status}`),
    fieldsSection(fields),
    ...content.keySections.map(section),
    ...content.bodySections.map(section),
    ...(content.cutNote ? [section(content.cutNote)] : []),
  ];
  const link =
    opts.consoleLink && consoleLinkBlock(opts.consoleLink.url, opts.consoleLink.list ? JOB_LIST_LINK_TEXT : undefined);
  if (link) blocks.push(link);
  if (r.status === 'pending') {
    blocks.push(approvalButtons(r, `approval_${r.id}_${r.version}`));
    blocks.push(
      contextBlock(
        `React with :${opts.approveEmoji}: to approve or :${opts.rejectEmoji}: to reject. The requester's own approval does not count. \`/pai cancel ${r.id}\` withdraws it.`,
      ),
    );
  }
  // Slack notifies from the text, not the blocks: a pending request pings the approvers it names.
  const who = r.status === 'pending' && r.approvers.length ? `${approverMentions(r.approvers, 1_000)} ` : '';
  return {
    text: messageText(
      `${who}Approval ${r.status === 'pending' ? 'needed' : r.status} for ${escapeWithin(r.title, 200)} (${r.id}): ${r.votes.length} of ${r.required} approvals`,
    ),
    blocks,
  };
}

/**
 * The full request body as messages for the card's thread, when the card cannot show all of it (the
 * card then says it is here); empty when the card shows it all. Post them in order, right after the card.
 */
export function renderApprovalThreadParts(r: ApprovalRequest): SlackMessage[] {
  if (!cardContent(r).cutNote) return [];
  const pieces = bodyPieces(r.details, BODY_PIECE);
  const groups: string[][] = [];
  for (let i = 0; i < pieces.length; i += THREAD_SECTIONS) groups.push(pieces.slice(i, i + THREAD_SECTIONS));
  if (groups.length === 0) groups.push([]);
  return groups.map((group, i) => {
    const part = groups.length > 1 ? `, part ${i + 1} of ${groups.length}` : '';
    const heading = `*Full request ${codeWithin(r.id, 100)} for ${codeWithin(r.title, 500)}${part}*`;
    return {
      text: `Full request for ${escapeWithin(r.title, 200)} (${r.id})${part}`,
      blocks: [section(heading), ...(group.length ? group.map((p) => section(fence(p))) : [section(fence(''))])],
    };
  });
}

/** One key field in a line of the pending list: the label without its note, the value shortened. */
function shortField(f: { label: string; value: string }): string {
  return `${escapeWithin(f.label.replace(/\s*\(.*\)$/, ''), 60)} ${codeWithin(f.value, 80)}`;
}

function pendingRow(r: ApprovalRequest, now: number): string {
  const head = `• ${codeWithin(r.id, 100)} ${codeWithin(r.title, 300)} in ${codeWithin(r.workspace.name, 100)} by ${mention(r.requester)}: ${r.votes.length} of ${r.required}, expires in ${formatDuration(Math.max(0, r.expiresAt - now))}`;
  const approvers = `      approvers: ${approverMentions(r.approvers, 400) || 'nobody (configure approvers)'}`;
  // The workspace is on the line already.
  const keys = (r.keyFields ?? [])
    .filter((f) => f.label !== 'Workspace')
    .slice(0, 12)
    .map(shortField);
  return [head, approvers, ...(keys.length ? [`      ${keys.join(' · ')}`] : [])].join('\n');
}

/**
 * `/pai approvals` for one viewer: visible are the requests they may see (the caller decides), hidden
 * is only a count, so a request made in a channel the viewer is not in gives nothing away. Rows go
 * into as many sections as Slack allows; any that do not fit are counted, never dropped silently.
 */
export function renderPendingList(visible: readonly ApprovalRequest[], hidden: number, now: number): SlackMessage {
  const elsewhere = hidden > 0 ? `${hidden} more pending request(s) in channels you may not see.` : '';
  if (visible.length === 0)
    return {
      text:
        hidden > 0 ? `No approval requests you may see are pending; ${elsewhere}` : 'No approval requests are pending.',
    };
  const rows = visible.map((r) => pendingRow(r, now));
  // The heading rides on the first row, so the count of rows left out is exact.
  const lines = [`*Pending approval requests*\n${rows[0]!}`, ...rows.slice(1)];
  const room = MAX_BLOCKS - (elsewhere ? 1 : 0);
  const blocks: KnownBlock[] = packWithin(lines, room, (n) => `…and ${n} more you may see.`).map(section);
  if (elsewhere) blocks.push(contextBlock(elsewhere));
  return { text: `${visible.length} approval request(s) pending${hidden > 0 ? `; ${elsewhere}` : ''}`, blocks };
}
