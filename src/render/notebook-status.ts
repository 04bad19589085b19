// `/pai dsw status <instance-id>`: one DSW notebook in full, answered to the requester: status, instance type, running
// time, the idle-stop policy and how long it has been idle, and why it failed. A status PAI adds later is shown as it
// is.

import type { KnownBlock } from '@slack/web-api';
import { formatDuration } from '../config/duration.js';
import type { DswIdleInstanceCuller, DswInstance } from '../pai/dsw-types.js';
import type { SlackMessage } from '../slack-out/slack-output.js';
import { codeWithin, escapeWithin } from './mrkdwn.js';
import { fieldsSection, section } from './sections.js';

const EMOJI: Record<string, string> = {
  Creating: ':hourglass_flowing_sand:',
  ResourceAllocating: ':hourglass:',
  Queuing: ':hourglass:',
  EnvPreparing: ':package:',
  Starting: ':hourglass_flowing_sand:',
  Recovering: ':repeat:',
  Updating: ':repeat:',
  Running: ':arrow_forward:',
  Stopping: ':double_vertical_bar:',
  Saving: ':floppy_disk:',
  Saved: ':black_square_for_stop:',
  Stopped: ':black_square_for_stop:',
  Deleting: ':wastebasket:',
  Failed: ':x:',
  SaveFailed: ':x:',
};

export function notebookEmoji(status: string): string {
  return Object.hasOwn(EMOJI, status) ? (EMOJI[status] as string) : ':grey_question:';
}

/** 3h 12m; under a minute, seconds. Running times are long: seconds past the first minute are noise. */
export function notebookDuration(ms: number): string {
  return formatDuration(ms >= 60_000 ? Math.round(ms / 60_000) * 60_000 : ms);
}

/** "after 1h idle (CPU under 20 %, GPU under 10 %)", or what says there is none. */
function idlePolicyText(culler: DswIdleInstanceCuller | undefined): string {
  const max = culler?.MaxIdleTimeInMinutes;
  if (!culler || max === undefined || !(max > 0)) return 'none: it runs until someone stops it';
  const limits = [
    culler.CpuPercentThreshold !== undefined ? `CPU under ${culler.CpuPercentThreshold} %` : '',
    culler.GpuPercentThreshold !== undefined ? `GPU under ${culler.GpuPercentThreshold} %` : '',
  ].filter(Boolean);
  return `after ${formatDuration(max * 60_000)} idle${limits.length ? ` (${limits.join(', ')})` : ''}`;
}

/** What the notebook runs on: its ECS type, or what a subscription notebook requested from its resource group. */
export function instanceTypeText(i: Pick<DswInstance, 'EcsSpec' | 'RequestedResource'>): string {
  if (i.EcsSpec) return i.EcsSpec;
  const r = i.RequestedResource;
  if (!r) return 'unknown';
  const gpu = r.GPU && r.GPU !== '0' ? `, ${r.GPU} × ${r.GPUType ?? 'GPU'}` : '';
  return `${r.CPU ?? '?'} CPU, ${r.Memory ?? '?'} memory${gpu} (resource group)`;
}

export function renderNotebookStatus(i: DswInstance, workspace: string): SlackMessage {
  const culler = i.IdleInstanceCuller;
  const fields = [
    `*Status*\n${notebookEmoji(i.Status)} ${escapeWithin(i.Status || 'unknown', 100)}`,
    `*Workspace*\n${codeWithin(workspace, 100)}`,
    `*Instance type*\n${escapeWithin(instanceTypeText(i), 200)}`,
    `*Running time*\n${i.AccumulatedRunningTimeInMs !== undefined ? `${notebookDuration(i.AccumulatedRunningTimeInMs)} in all` : 'unknown'}`,
    `*Idle-stop*\n${escapeWithin(idlePolicyText(culler), 300)}`,
  ];
  if (culler?.IdleTimeInMinutes !== undefined && i.Status === 'Running')
    fields.push(`*Idle for*\n${formatDuration(culler.IdleTimeInMinutes * 60_000)}`);
  if (i.UserName || i.UserId) fields.push(`*Owner*\n${escapeWithin(i.UserName ?? i.UserId ?? '', 100)}`);
  if (i.GmtCreateTime) fields.push(`*Created*\n${escapeWithin(i.GmtCreateTime, 100)}`);
  const blocks: KnownBlock[] = [
    section(`*${escapeWithin(i.InstanceName ?? i.InstanceId, 1000)}* ${codeWithin(i.InstanceId, 100)}`),
    fieldsSection(fields),
  ];
  const why = [i.ReasonCode, i.ReasonMessage].filter(Boolean).join(': ');
  if (why) blocks.push(section(`*Reason*\n${escapeWithin(why, 2_000)}`));
  const name = i.InstanceName ? `${escapeWithin(i.InstanceName, 300)} (${escapeWithin(i.InstanceId, 100)})` : '';
  return {
    text: `Notebook ${name || escapeWithin(i.InstanceId, 100)}: ${escapeWithin(i.Status || 'unknown', 100)}`,
    blocks,
  };
}
