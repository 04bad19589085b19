// Links to a job's or service's page in the PAI console: on the alerts and on every job and service card (and a
// notebook's own page on the idle digest).
// The EAS form is the one the PAI Python SDK builds; the DLC job page's form is the one public material uses and no
// SDK confirms (docs/pai-wire-notes.md), so it may land on the workspace's DLC job list instead of the job.

import type { KnownBlock } from '@slack/web-api';

const CONSOLE = 'https://pai.console.aliyun.com/';
/** A link longer than this (only from ids far longer than PAI's) is left out rather than cut in two. */
const MAX_LINK = 1_500;

export function easConsoleUrl(region: string, workspaceId: string, service: string): string {
  return `${CONSOLE}?regionId=${encodeURIComponent(region)}&workspaceId=${encodeURIComponent(workspaceId)}#/eas/serviceDetail/${encodeURIComponent(service)}/detail`;
}

export function dlcConsoleUrl(region: string, workspaceId: string, jobId: string): string {
  return `${CONSOLE}?regionId=${encodeURIComponent(region)}&workspaceId=${encodeURIComponent(workspaceId)}#/dlc/jobs/${encodeURIComponent(jobId)}/overview`;
}

/** The workspace's DLC job list: where to look when there is no job yet (a submit refused before CreateJob). */
export function dlcJobListConsoleUrl(region: string, workspaceId: string): string {
  return `${CONSOLE}?regionId=${encodeURIComponent(region)}&workspaceId=${encodeURIComponent(workspaceId)}#/dlc/jobs`;
}

/**
 * A DSW notebook's own page as PAI gives it (ListInstances' `InstanceUrl`; no source gives the console page's form),
 * when it is a plain https link to an Alibaba Cloud host: anything else PAI might send is not linked.
 */
export function notebookUrl(raw: string | undefined): string | undefined {
  if (!raw || raw.length > MAX_NOTEBOOK_LINK) return undefined;
  const ok = /^https:\/\/(?:[a-z0-9-]+\.)+(?:aliyun\.com|aliyuncs\.com)(?:\/[^\s<>|`]*)?$/i.test(raw);
  return ok ? raw : undefined;
}
const MAX_NOTEBOOK_LINK = 500;

/** The words of a link to the workspace's DLC job list (dlcJobListConsoleUrl), where there is no job yet. */
export const JOB_LIST_LINK_TEXT = "The workspace's DLC jobs in the PAI console";

/** The link as a context line of a card, or undefined when the url is too long to show whole. */
export function consoleLinkBlock(url: string, text = 'Open in the PAI console'): KnownBlock | undefined {
  if (url.length > MAX_LINK) return undefined;
  return { type: 'context', elements: [{ type: 'mrkdwn', text: `<${url}|${text}>` }] };
}
