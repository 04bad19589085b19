// Pure: one user's App Home (views.publish, type home): their running jobs and services with links to their cards
// and to the PAI console, the approval requests they may decide with the very Approve/Reject buttons the request
// card has (same action ids and value, so a click here is the same vote, approval-buttons.ts), the open alerts for
// on-call with the alerts' own controls (alert-controls.ts), and the workspaces with their channels.
// Within Slack's limits for a Home view: at most 100 blocks; every list is capped and says how many it left out.
// Nothing in it moves with the clock but the "Updated" line (times are Slack dates, which clients render), so a view
// rendered again from unchanged state differs only there: the refresh (src/actions/home/refresh-homes.ts) leaves that
// line and the notice out when it compares views.

import type { KnownBlock } from '@slack/web-api';
import type { HomeData } from '../actions/home/build-home.js';
import { alertControlsBlock, slackDate } from './alert-controls.js';
import { approvalButtons } from './approval-request.js';
import { dlcConsoleUrl, easConsoleUrl } from './console-links.js';
import { codeWithin, escapeWithin, mention } from './mrkdwn.js';
import { contextBlock, headerBlock, packWithin, section } from './sections.js';

/** Slack's limit for a Home tab view. */
export const MAX_HOME_BLOCKS = 100;
/** Approval requests and alerts shown with their buttons (2 blocks each); the rest are counted. */
export const HOME_DECIDABLE_ROWS = 15;
export const HOME_ALERT_ROWS = 15;
/** Sections for the job, service and workspace lists (rows packed into them). */
const LIST_SECTIONS = 3;
/** The blocks that say when and why this view was published rather than what it shows. */
export const HOME_NOTICE_BLOCK_ID = 'home_notice';
export const HOME_UPDATED_BLOCK_ID = 'home_updated';

export interface HomeView {
  type: 'home';
  blocks: KnownBlock[];
}

export interface HomeOptions {
  /** A line at the top saying what the user's last click on the Home did (mrkdwn, already escaped). */
  notice?: string;
}

const isChannel = (id: string) => /^[CG][A-Z0-9]+$/.test(id);

/**
 * A link to a message: Slack's permalink form (https://<team>.slack.com/archives/<C>/p<ts without the dot>, as
 * chat.getPermalink answers) without the team's domain, which Slack resolves for a signed-in user.
 */
export function messageLink(channel: string, ts: string): string | undefined {
  if (!isChannel(channel) || !/^\d+\.\d+$/.test(ts)) return undefined;
  return `https://slack.com/archives/${channel}/p${ts.replace('.', '')}`;
}

function cardRef(channel: string, ts: string | undefined): string {
  const where = isChannel(channel) ? ` in <#${channel}>` : '';
  const link = ts ? messageLink(channel, ts) : undefined;
  return link ? `${where} · <${link}|card>` : where;
}

function jobRow(j: HomeData['jobs'][number], region: string): string {
  const consoleUrl = dlcConsoleUrl(region, j.workspace.id, j.jobId);
  return (
    `• *${escapeWithin(j.name, 120)}* ${codeWithin(j.jobId, 80)} · ${escapeWithin(j.status, 40)} · ` +
    `workspace ${codeWithin(j.workspace.name, 60)}${cardRef(j.channelId, j.cardTs)} · <${consoleUrl}|console>`
  );
}

function serviceRow(s: HomeData['services'][number], region: string): string {
  const consoleUrl = easConsoleUrl(region, s.workspace.id, s.service);
  const replicas = `${s.last.running}/${s.last.total} ready`;
  return (
    `• *${escapeWithin(s.service, 120)}* · ${escapeWithin(s.last.status, 40)} (${replicas}) · ` +
    `workspace ${codeWithin(s.workspace.name, 60)}${cardRef(s.channelId, s.cardTs)} · <${consoleUrl}|console>`
  );
}

function listBlocks(title: string, rows: string[], empty: string): KnownBlock[] {
  if (rows.length === 0) return [section(`*${title}*\n_${empty}_`)];
  const [first, ...rest] = packWithin(
    rows,
    LIST_SECTIONS,
    (n) => `…and ${n} more (\`/pai dlc list\`, \`/pai eas list\`).`,
  );
  return [section(`*${title}*\n${first ?? ''}`), ...rest.map(section)];
}

function decidableBlocks(d: HomeData): KnownBlock[] {
  const shown = d.decidable.slice(0, HOME_DECIDABLE_ROWS);
  const blocks: KnownBlock[] = [section('*Approval requests you may decide*')];
  if (shown.length === 0) blocks.push(contextBlock('Nothing waits for you.'));
  for (const r of shown) {
    // A date, not "expires in 3h 59m": a countdown would change the view every minute.
    blocks.push(
      section(
        `${codeWithin(r.title, 300)} in ${codeWithin(r.workspace.name, 60)} by ${mention(r.requester)} · ` +
          `${r.votes.length} of ${r.required} · expires ${slackDate(r.expiresAt)} · ${codeWithin(r.id, 40)}` +
          cardRef(r.channelId, r.messageTs),
      ),
      approvalButtons(r, `home_approval_${r.id}_${r.version}`),
    );
  }
  const more = d.decidable.length - shown.length;
  if (more > 0) blocks.push(contextBlock(`…and ${more} more: \`/pai approvals\` lists them all.`));
  return blocks;
}

function alertBlocks(d: HomeData): KnownBlock[] {
  const shown = d.alerts.slice(0, HOME_ALERT_ROWS);
  const blocks: KnownBlock[] = [section('*Open alerts*')];
  if (shown.length === 0) blocks.push(contextBlock('No open alerts for you.'));
  for (const e of shown) {
    const acked = e.ackedBy ? ` · acknowledged by ${mention(e.ackedBy)}` : '';
    const muted = e.mutedUntil && e.mutedUntil > d.now ? ` · muted until ${slackDate(e.mutedUntil)}` : '';
    blocks.push(
      section(
        `*${escapeWithin(e.title || e.resource, 300)}*\n${codeWithin(e.resource, 160)} · since ` +
          `${slackDate(e.openedAt)}${acked}${muted}${cardRef(e.channel, e.ts).replace('card>', 'alert>')}`,
      ),
      alertControlsBlock(e.id, { acknowledged: e.ackedBy !== undefined }),
    );
  }
  const more = d.alerts.length - shown.length;
  if (more > 0) blocks.push(contextBlock(`…and ${more} more: \`/pai alerts\` lists them all.`));
  return blocks;
}

function workspaceBlocks(d: HomeData): KnownBlock[] {
  const rows = d.workspaces.map((w) => {
    const channels = w.channels.filter(isChannel).map((c) => `<#${c}>`);
    const where = channels.length ? `: ${channels.slice(0, 20).join(' ')}` : '';
    return `• ${codeWithin(w.name, 60)} (${w.env}, id ${codeWithin(w.id, 64)})${where}`;
  });
  const packed = packWithin(rows, 2, (n) => `…and ${n} more (\`/pai ws\`).`);
  return [section(`*Workspaces*\n${packed[0] ?? '_none configured_'}`), ...packed.slice(1).map(section)];
}

export function renderAppHome(d: HomeData, opts: HomeOptions = {}): HomeView {
  const blocks: KnownBlock[] = [
    headerBlock('PAI'),
    ...(opts.notice ? [{ ...section(opts.notice), block_id: HOME_NOTICE_BLOCK_ID }] : []),
    ...listBlocks(
      'Your running jobs',
      d.jobs.map((j) => jobRow(j, d.region)),
      'No jobs of yours are running.',
    ),
    ...listBlocks(
      'Your services',
      d.services.map((s) => serviceRow(s, d.region)),
      'No services of yours are followed.',
    ),
    { type: 'divider' },
    ...decidableBlocks(d),
    { type: 'divider' },
    ...alertBlocks(d),
    { type: 'divider' },
    ...workspaceBlocks(d),
    contextBlock(`Updated ${slackDate(d.now)}. Type \`/pai help\` for every command.`, HOME_UPDATED_BLOCK_ID),
  ];
  // Bounded by construction (a notice, 3+3+17+17+2 sections and their buttons); the slice only guards against future
  // edits.
  return { type: 'home', blocks: blocks.slice(0, MAX_HOME_BLOCKS) };
}
