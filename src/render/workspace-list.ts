// `/pai ws`: the workspaces this bot is configured for, joined with what PAI says about them.

import type { KnownBlock } from '@slack/web-api';
import type { WorkspaceConfig } from '../config/file-schema.js';
import type { Workspace } from '../pai/workspace-types.js';
import type { SlackMessage } from '../slack-out/slack-output.js';
import { codeWithin, escapeWithin } from './mrkdwn.js';
import { messageText, packWithin, section } from './sections.js';

const MAX_SECTIONS = 40; // of Slack's 50 blocks per message

export function renderWorkspaceList(
  configured: readonly WorkspaceConfig[],
  fromPai: readonly Workspace[],
  channelId: string,
): SlackMessage {
  const byId = new Map(fromPai.map((w) => [w.WorkspaceId, w]));
  const rows = configured.map((ws) => {
    const pai = byId.get(ws.id);
    const paiText = pai
      ? `PAI: ${escapeWithin(pai.WorkspaceName, 200)} (${escapeWithin(pai.Status ?? 'unknown', 50)})`
      : 'PAI: not found or not visible to the bot';
    const isDefault = ws.channels.includes(channelId) ? ' · default here' : '';
    const gate = ws.env === 'prod' ? ` · ${ws.approvals_required} approval(s) per change` : '';
    return `• ${codeWithin(ws.name, 100)} → ${codeWithin(ws.id, 100)} · *${escapeWithin(ws.env, 10)}*${gate}${isDefault} · ${paiText}`;
  });
  // The heading rides on the first row, so the count of rows left out is exact.
  const heading = '*Workspaces* (use `-w &lt;name&gt;`)';
  const lines = rows.length ? [`${heading}\n${rows[0]!}`, ...rows.slice(1)] : [heading];
  const blocks: KnownBlock[] = packWithin(lines, MAX_SECTIONS, (n) => `…and ${n} more workspace(s) not shown.`).map(
    section,
  );
  return {
    text: messageText(
      `Workspaces: ${configured.map((w) => escapeWithin(w.name, 100)).join(', ') || 'none configured'}`,
    ),
    blocks,
  };
}
