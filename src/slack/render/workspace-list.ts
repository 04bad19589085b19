// `/pai ws`: the workspaces this bot is configured for, joined with what PAI says about them.

import type { WorkspaceConfig } from '../../config/file-schema.js';
import type { Workspace } from '../../pai/workspace-types.js';
import type { SlackMessage } from '../../notify/slack-output.js';
import { code, escapeMrkdwn } from './mrkdwn.js';

export function renderWorkspaceList(configured: readonly WorkspaceConfig[], fromPai: readonly Workspace[], channelId: string): SlackMessage {
  const byId = new Map(fromPai.map((w) => [w.WorkspaceId, w]));
  const rows = configured.map((ws) => {
    const pai = byId.get(ws.id);
    const paiText = pai ? `PAI: ${escapeMrkdwn(pai.WorkspaceName)} (${escapeMrkdwn(pai.Status ?? 'unknown')})` : 'PAI: not found or not visible to the bot';
    const isDefault = ws.channels.includes(channelId) ? ' · default here' : '';
    const gate = ws.env === 'prod' ? ` · ${ws.approvals_required} approval(s) per change` : '';
    return `• ${code(ws.name)} → ${code(ws.id)} · *${ws.env}*${gate}${isDefault} · ${paiText}`;
  });
  return {
    text: `Workspaces: ${configured.map((w) => w.name).join(', ')}`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*Workspaces* (use \`-w <name>\`)\n${rows.join('\n')}` } }],
  };
}
