// `/pai dsw list`: a compact table of a workspace's DSW notebooks, answered to the requester. Unknown statuses are
// shown as PAI gives them.

import { formatDuration } from '../config/duration.js';
import type { DswInstance } from '../pai/dsw-types.js';
import type { SlackMessage } from '../slack-out/slack-output.js';
import { codeWithin, escapeWithin } from './mrkdwn.js';
import { instanceTypeText, notebookDuration, notebookEmoji } from './notebook-status.js';
import { MAX_BLOCKS, packWithin, section } from './sections.js';

export interface NotebookListView {
  workspace: string;
  status?: string;
  /** Only the idle Running ones were kept (--idle). */
  idle: boolean;
  /** notebooks.idle_after, for the title of an idle listing. */
  idleAfterMs: number;
  notebooks: readonly DswInstance[];
}

const MAX_ROWS = 30;

function idleText(i: DswInstance): string {
  const c = i.IdleInstanceCuller;
  const max = c?.MaxIdleTimeInMinutes;
  if (!c || max === undefined || !(max > 0)) return 'no idle-stop';
  const idle = c.IdleTimeInMinutes !== undefined && i.Status === 'Running';
  const limit = `stops after ${formatDuration(max * 60_000)} idle`;
  return idle ? `idle ${formatDuration(c.IdleTimeInMinutes! * 60_000)}, ${limit}` : limit;
}

function row(i: DswInstance): string {
  const ran =
    i.AccumulatedRunningTimeInMs !== undefined ? ` · ran ${notebookDuration(i.AccumulatedRunningTimeInMs)}` : '';
  const name = i.InstanceName ? ` *${escapeWithin(i.InstanceName, 200)}*` : '';
  const type = escapeWithin(instanceTypeText(i), 150);
  return `${notebookEmoji(i.Status)} ${codeWithin(i.InstanceId, 80)}${name} ${escapeWithin(i.Status || 'unknown', 50)} · ${type}${ran} · ${idleText(i)}`;
}

export function renderNotebookList(v: NotebookListView): SlackMessage {
  const ws = escapeWithin(v.workspace, 100);
  const title = v.idle
    ? `Idle DSW notebooks in ${ws} (Running, idle ${formatDuration(v.idleAfterMs)} or more, or with no idle-stop policy)`
    : `DSW notebooks in ${ws}${v.status ? ` (status ${escapeWithin(v.status, 100)})` : ''}`;
  if (v.notebooks.length === 0) {
    const none = v.idle
      ? `None: every running notebook has an idle-stop policy and has been idle less than ${formatDuration(v.idleAfterMs)}.`
      : 'No notebooks.';
    return { text: `${title}: none.`, blocks: [section(`*${title}*\n${none}`)] };
  }
  const rows = v.notebooks.slice(0, MAX_ROWS).map(row);
  const more = v.idle ? '/pai dsw status &lt;instance-id&gt; shows one' : 'narrow it with --status or --idle';
  const head = v.idle
    ? `*${title}*\nStop one with \`/pai dsw stop &lt;instance-id&gt;\`, or let it stop itself: \`/pai dsw idle-stop\`.`
    : `*${title}*`;
  const sections = packWithin([head, ...rows], MAX_BLOCKS, (n) => `…${n} more; ${more}.`, {
    hidden: v.notebooks.length - rows.length,
  }).map(section);
  return { text: `${title}: ${v.notebooks.length} notebook(s)`, blocks: sections };
}
