// What a DSW change did, posted in the channel (and told to the requester): `/pai dsw stop|start|idle-stop`.

import { formatDuration } from '../config/duration.js';
import type { SlackMessage } from '../slack-out/slack-output.js';
import { codeWithin, escapeWithin, mention } from './mrkdwn.js';
import { section } from './sections.js';

export interface IdlePolicyView {
  maxIdleMinutes: number;
  cpuPercent?: number;
  gpuPercent?: number;
}

export type NotebookChangeDone =
  | { verb: 'stop'; from: string; saveImage: boolean }
  | { verb: 'start'; from: string }
  | { verb: 'idle-stop'; policy: IdlePolicyView; previous?: IdlePolicyView };

export interface NotebookChangeView {
  requester: string;
  instanceId: string;
  name?: string;
  workspace: string;
  change: NotebookChangeDone;
}

function policyText(p: IdlePolicyView): string {
  const limits = [
    p.cpuPercent !== undefined ? `CPU under ${p.cpuPercent} %` : '',
    p.gpuPercent !== undefined ? `GPU under ${p.gpuPercent} % on a GPU instance` : '',
  ].filter(Boolean);
  return `${formatDuration(p.maxIdleMinutes * 60_000)}${limits.length ? ` (${limits.join(', ')})` : ''}`;
}

function what(v: NotebookChangeView): { emoji: string; sentence: string } {
  const c = v.change;
  switch (c.verb) {
    case 'stop':
      return {
        emoji: ':black_square_for_stop:',
        sentence: `is stopping (it was ${escapeWithin(c.from || 'unknown', 50)})${c.saveImage ? '; its environment is saved as an image first' : ''}`,
      };
    case 'start':
      return { emoji: ':arrow_forward:', sentence: `is starting (it was ${escapeWithin(c.from || 'unknown', 50)})` };
    case 'idle-stop':
      return {
        emoji: ':alarm_clock:',
        sentence: `now stops itself once idle for ${policyText(c.policy)}${c.previous ? `; this replaces the policy of ${policyText(c.previous)}` : ''}`,
      };
  }
}

export function renderNotebookChange(v: NotebookChangeView): SlackMessage {
  const { emoji, sentence } = what(v);
  const name = v.name ? `*${escapeWithin(v.name, 200)}* ` : '';
  const text = `${emoji} DSW notebook ${name}${codeWithin(v.instanceId, 80)} in ${codeWithin(v.workspace, 100)} ${sentence}, by ${mention(v.requester)}.`;
  return { text, blocks: [section(text)] };
}
