// How a classified failure reads in a card's thread and in an alert.

import { JOB_LIST_LINK_TEXT } from './console-links.js';
import type { KnownBlock } from '@slack/web-api';
import type { SlackMessage } from '../slack-out/slack-output.js';
import { classificationText, type Classification } from '../diagnosis/classify-failure.js';
import type { OssExplanation } from '../oss/oss-messages.js';
import { codeBlock, codeWithin, escapedLength, escapeWithin, groupMention, mention } from './mrkdwn.js';
import { contextBlock, messageText, section, SECTION_TEXT_MAX } from './sections.js';
import { truncateTo } from './truncate.js';

const FENCE = '``````'.length;

/** The cause as one section's text: the summary, the next step, then as much evidence as the section holds. */
export function renderCause(c: Classification): string {
  const t = classificationText(c);
  const next = t.lines.find((l) => l.startsWith('Next step: ')) ?? '';
  const evidence = t.lines.filter((l) => l !== next);
  const head = [`*${escapeWithin(t.summary, 300)}*`, escapeWithin(next, 1_000)].filter(Boolean).join('\n');
  if (evidence.length === 0) return head;
  // Evidence is measured as it will be sent (escaped), so `&` in a log line cannot push the section over.
  const room = SECTION_TEXT_MAX - head.length - 1 - FENCE;
  return `${head}\n${codeBlock(truncateTo(evidence.join('\n'), Math.min(room, 1_500), escapedLength))}`;
}

/** Where to look at the job, and who started it when the bot did not: a context line under its alert. */
export interface JobOrigin {
  creator?: string;
  consoleUrl: string;
  /** Launched through the bot: the line is only the console link. */
  launched?: boolean;
  /** The link is the workspace's job list, not the job's page (there is no job yet). */
  jobList?: boolean;
}

function originBlock(o: JobOrigin): KnownBlock {
  if (o.jobList) return contextBlock(`<${o.consoleUrl}|${JOB_LIST_LINK_TEXT}>`);
  if (o.launched) return contextBlock(`<${o.consoleUrl}|Open in the PAI console>`);
  const who = o.creator
    ? `Started outside the bot by ${escapeWithin(o.creator, 100)} (as PAI records it)`
    : 'Started outside the bot';
  return contextBlock(
    `${who}; followed because the workspace has \`watch: all\`. <${o.consoleUrl}|Open in the PAI console>`,
  );
}

/** On-call's mentions, as the head of an alert and of its notification text. */
const mentionList = (ids: readonly string[]) => ids.map(groupMention).join(' ');

/** A job that failed for another reason than OSS permissions: the cause, the evidence and the next step. */
export function renderJobFailedAlert(
  mention: readonly string[],
  job: { name: string; jobId: string },
  workspace: string,
  cause: Classification,
  origin?: JobOrigin,
): SlackMessage {
  const who = mentionList(mention);
  const blocks: KnownBlock[] = [
    section(
      `${who} :x: *Failed:* DLC job ${codeWithin(job.name, 300)} (${codeWithin(job.jobId, 100)}) in ${codeWithin(workspace, 100)}`,
    ),
    section(renderCause(cause)),
  ];
  if (origin) blocks.push(originBlock(origin));
  return {
    text: messageText(
      `${who} Failed: DLC job ${escapeWithin(job.name, 200)} (${escapeWithin(job.jobId, 100)}) in ${escapeWithin(workspace, 100)}`,
    ),
    blocks,
  };
}

export function renderOssAlert(
  mention: readonly string[],
  resource: string,
  workspace: string,
  explanation: OssExplanation,
  origin?: JobOrigin,
): SlackMessage {
  const who = mentionList(mention);
  const head = `${who} :no_entry: *OSS permission denied* for ${codeWithin(resource, 500)} in ${codeWithin(workspace, 100)}`;
  const title = escapeWithin(explanation.title, 300);
  const body = explanation.lines.map((l) => `• ${escapeWithin(l, 600)}`).join('\n');
  return {
    text: messageText(
      `${who} OSS permission denied for ${escapeWithin(resource, 200)} in ${escapeWithin(workspace, 100)}`,
    ),
    blocks: [
      section(title ? `${head}\n${title}` : head),
      ...(body ? [section(body)] : []),
      ...(origin ? [originBlock(origin)] : []),
    ],
  };
}

/** Under a card: why the service failed, to its requester (a thread reply notifies only whom its text mentions). */
export function renderServiceFailedReply(service: string, requester: string, cause: Classification): SlackMessage {
  const who = mention(requester);
  return {
    text: messageText(
      `${who} ${escapeWithin(service, 100)} failed: ${escapeWithin(classificationText(cause).summary, 300)}`,
    ),
    blocks: [section(`${who} ${renderCause(cause)}`)],
  };
}

export function renderRepeat(resource: string, what: string): SlackMessage {
  return { text: messageText(`Again: ${escapeWithin(what, 300)} (${escapeWithin(resource, 200)})`) };
}
