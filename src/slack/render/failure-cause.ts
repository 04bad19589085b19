// How a classified failure reads in a card's thread and in an alert.

import type { KnownBlock } from '@slack/web-api';
import type { SlackMessage } from '../../notify/slack-output.js';
import { classificationText, type Classification } from '../../diagnosis/classify-failure.js';
import type { OssExplanation } from '../../storage/oss-messages.js';
import { code, codeBlock, escapeWithin, groupMention } from './mrkdwn.js';

export function renderCause(c: Classification): string {
  const t = classificationText(c);
  const next = t.lines.find((l) => l.startsWith('Next step: ')) ?? '';
  const evidence = t.lines.filter((l) => l !== next);
  return [`*${escapeWithin(t.summary, 300)}*`, escapeWithin(next, 1_000), evidence.length ? codeBlock(evidence.join('\n').slice(0, 1_500)) : ''].filter(Boolean).join('\n');
}

/** Who started a job the bot did not launch, and where to look at it: a context line under its alert. */
export interface JobOrigin {
  creator?: string;
  consoleUrl: string;
}

function originBlock(o: JobOrigin): KnownBlock {
  const who = o.creator ? `Started outside the bot by ${escapeWithin(o.creator, 100)} (as PAI records it)` : 'Started outside the bot';
  return { type: 'context', elements: [{ type: 'mrkdwn', text: `${who}; followed because the workspace has \`watch: all\`. <${o.consoleUrl}|Open in the PAI console>` }] };
}

/** A job that failed for another reason than OSS permissions: the cause, the evidence and the next step. */
export function renderJobFailedAlert(mention: readonly string[], job: { name: string; jobId: string }, workspace: string, cause: Classification, origin?: JobOrigin): SlackMessage {
  const who = mention.map(groupMention).join(' ');
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `${who} :x: *Failed:* DLC job ${code(job.name)} (${code(job.jobId)}) in ${code(workspace)}` } },
    { type: 'section', text: { type: 'mrkdwn', text: renderCause(cause) } },
  ];
  if (origin) blocks.push(originBlock(origin));
  return { text: `${who} Failed: DLC job ${escapeWithin(job.name, 200)} (${job.jobId}) in ${escapeWithin(workspace, 100)}`, blocks };
}

export function renderOssAlert(mention: readonly string[], resource: string, workspace: string, explanation: OssExplanation, origin?: JobOrigin): SlackMessage {
  const head = `${mention.map(groupMention).join(' ')} :no_entry: *OSS permission denied* for ${code(resource)} in ${code(workspace)}`;
  const body = explanation.lines.map((l) => `• ${escapeWithin(l, 600)}`).join('\n');
  return {
    text: `${mention.map(groupMention).join(' ')} OSS permission denied for ${escapeWithin(resource, 200)} in ${escapeWithin(workspace, 100)}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${head}\n${escapeWithin(explanation.title, 300)}` } },
      { type: 'section', text: { type: 'mrkdwn', text: body.slice(0, 2_900) } },
      ...(origin ? [originBlock(origin)] : []),
    ],
  };
}

export function renderRepeat(resource: string, what: string): SlackMessage {
  return { text: `Again: ${escapeWithin(what, 300)} (${escapeWithin(resource, 200)})` };
}
