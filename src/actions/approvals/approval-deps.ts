// What the approval flow is built with: the same in the web role (votes, /pai approvals, /pai cancel) and the
// worker role (requests, approved runs, the sweep). Created once, in the composition root.

import type { Logger } from 'pino';
import type { Clock } from '../../time/clock.js';
import type { FileConfig } from '../../config/file-schema.js';
import type { Outbox } from '../../slack-out/outbox.js';
import type { SlackOutput } from '../../slack-out/slack-output.js';
import type { Enqueuer } from '../../queue/enqueue-action.js';
import type { AuditLog } from './audit-log.js';
import type { Directory } from './approver-directory.js';
import type { RequestStore } from './request-store.js';

export interface ApprovalDeps {
  store: RequestStore;
  audit: AuditLog;
  directory: Directory;
  slack: SlackOutput;
  /**
   * Request messages are updated through the outbox, by every role: one ordered path per channel, where an older
   * render never overtakes a newer one (the request's version), and no worker slot waits for Slack's pace.
   */
  outbox: Outbox;
  enqueuer: Enqueuer;
  config: FileConfig;
  clock: Clock;
  log: Logger;
}
