// Where an approval request's change lands in the PAI console, for the link on its card: the service's page, the
// job's page, or (a new job has no id yet) the workspace's DLC job list. A notebook change gets none: no public
// source gives the DSW console page's form (docs/pai-wire-notes.md).

import { dlcConsoleUrl, dlcJobListConsoleUrl, easConsoleUrl } from '../../render/console-links.js';
import type { ApprovalRequest } from './request-store.js';

export interface RequestLink {
  url: string;
  /** The link's words: the target's own page, or the list a new job will appear in. */
  list: boolean;
}

export function requestConsoleLink(
  region: string,
  r: Pick<ApprovalRequest, 'action' | 'workspace'>,
): RequestLink | undefined {
  const ws = r.workspace.id;
  const a = r.action;
  switch (a.type) {
    case 'dlc.submit':
      return { url: dlcJobListConsoleUrl(region, ws), list: true };
    case 'dlc.stop':
      return { url: dlcConsoleUrl(region, ws, a.jobId), list: false };
    case 'eas.change':
      return { url: easConsoleUrl(region, ws, a.service), list: false };
    case 'eas.deploy':
    case 'gallery.deploy':
      return { url: easConsoleUrl(region, ws, a.command.service), list: false };
    case 'dsw.change':
      return undefined;
  }
}
