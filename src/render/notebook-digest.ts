// The idle-notebook digest posted in a workspace's channel: each notebook with its running time, idle time and what
// it cost so far (when a price is known), and two buttons: Stop, and Add idle-stop (60 min).

import type { KnownBlock } from '@slack/web-api';
import type { IdleNotebook } from '../actions/notebooks/idle-notebooks.js';
import type { SlackMessage } from '../slack-out/slack-output.js';
import { notebookUrl } from './console-links.js';
import { costText, noPriceText } from './cost-text.js';
import { codeWithin, escapeWithin } from './mrkdwn.js';
import { contextBlock, section } from './sections.js';

export const DIGEST_STOP_ACTION_ID = 'dsw_digest_stop';
export const DIGEST_IDLE_STOP_ACTION_ID = 'dsw_digest_idle_stop';
/** The idle-stop the digest's button adds, in minutes. */
export const DIGEST_IDLE_STOP_MINUTES = 60;
/** Three blocks a notebook, a header and a footer stay within Slack's 50 blocks. */
export const DIGEST_MAX_NOTEBOOKS = 15;
const MAX_ID_IN_BUTTON = 200;

export interface DigestView {
  workspace: string;
  notebooks: readonly IdleNotebook[];
  idleAfterMs: number;
  /** notebooks.digest_every: said in the footer, so nobody waits for the next one sooner. */
  digestEveryMs: number;
}

export interface DigestButtonValue {
  /** The workspace alias, as `-w` takes it. */
  w: string;
  /** The instance id. */
  i: string;
}

export function parseDigestButtonValue(raw: string | undefined): DigestButtonValue | undefined {
  try {
    const v = JSON.parse(raw ?? '') as Partial<DigestButtonValue>;
    return typeof v.w === 'string' && typeof v.i === 'string' && v.w && v.i ? { w: v.w, i: v.i } : undefined;
  } catch {
    return undefined;
  }
}

export function hours(ms: number): string {
  const h = ms / 3_600_000;
  return h >= 48 ? `${Math.round(h / 24)} d` : h >= 1 ? `${h.toFixed(1)} h` : `${Math.round(ms / 60_000)} min`;
}

function line(n: IdleNotebook): string {
  const link = notebookUrl(n.url);
  const idle = n.reason === 'no-policy' ? 'no idle-stop policy' : `idle ${hours((n.idleMinutes ?? 0) * 60_000)}`;
  const cost = n.costSoFar ? costText(n.costSoFar) : n.ecsSpec ? noPriceText(n.ecsSpec) : 'no instance type';
  return (
    `*${escapeWithin(n.name, 100)}* ${codeWithin(n.instanceId, 80)} ${n.ecsSpec ? codeWithin(n.ecsSpec, 80) : ''}\n` +
    `running ${hours(n.runningMs)} · ${idle} · so far ${escapeWithin(cost, 400)}` +
    (link ? ` · <${link}|open the notebook>` : '')
  );
}

function buttons(workspace: string, n: IdleNotebook): KnownBlock {
  const value = JSON.stringify({ w: workspace, i: n.instanceId } satisfies DigestButtonValue);
  return {
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: DIGEST_STOP_ACTION_ID,
        text: { type: 'plain_text', text: 'Stop' },
        style: 'danger',
        value,
        confirm: {
          title: { type: 'plain_text', text: 'Stop this notebook?' },
          text: { type: 'plain_text', text: `${n.name.slice(0, 200)} stops; unsaved work in memory is lost.` },
          confirm: { type: 'plain_text', text: 'Stop' },
          deny: { type: 'plain_text', text: 'Keep it' },
        },
      },
      {
        type: 'button',
        action_id: DIGEST_IDLE_STOP_ACTION_ID,
        text: { type: 'plain_text', text: `Add idle-stop (${DIGEST_IDLE_STOP_MINUTES} min)` },
        value,
      },
    ],
  };
}

export function renderNotebookDigest(v: DigestView): SlackMessage {
  const shown = v.notebooks.slice(0, DIGEST_MAX_NOTEBOOKS);
  const title = `Idle notebooks in ${escapeWithin(v.workspace, 100)}`;
  const blocks: KnownBlock[] = [
    section(
      `:zzz: *${title}*: ${v.notebooks.length} running notebook(s) idle at least ${hours(v.idleAfterMs)} ` +
        'or with no idle-stop policy.',
    ),
  ];
  for (const n of shown) {
    blocks.push(section(line(n)));
    // A PAI instance id is short; one that is not could not ride in a button's value (2,000 characters at most).
    if (n.instanceId.length <= MAX_ID_IN_BUTTON) blocks.push(buttons(v.workspace, n));
  }
  const more = v.notebooks.length - shown.length;
  blocks.push(
    contextBlock(
      `${more > 0 ? `…and ${more} more: \`/pai dsw list --idle -w ${escapeWithin(v.workspace, 100)}\`. ` : ''}` +
        `Costs are estimates. The next digest comes ${hours(v.digestEveryMs)} after this one at the earliest.`,
    ),
  );
  return { text: `${title}: ${v.notebooks.length}`, blocks };
}
