import type { Logger } from 'pino';
import type { Clock } from '../../time/clock.js';
import type { FileConfig } from '../../config/file-schema.js';
import type { Outbox } from '../../slack-out/outbox.js';
import type { SlackOutput } from '../../slack-out/slack-output.js';
import type { Enqueuer } from '../../queue/enqueue-action.js';
import type { AuditLog } from './audit-log.js';
import type { Directory } from './approver-directory.js';
import type { ApprovalRequest, RequestStore } from './request-store.js';
import { renderApprovalRequest } from '../../render/approval-request.js';

/** Everything the approval flow needs, in the web role (votes) and the worker role (requests, runs, sweeps). */
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

export function render(deps: ApprovalDeps, r: ApprovalRequest) {
  return renderApprovalRequest(r, { approveEmoji: deps.config.approvals.approve_reactions[0]!, rejectEmoji: deps.config.approvals.reject_reactions[0]!, now: deps.clock.now() });
}

/** Re-renders the request message from the stored state (best effort: the state in Redis is what counts). */
export async function refreshMessage(deps: ApprovalDeps, id: string): Promise<ApprovalRequest | undefined> {
  const r = await deps.store.get(id);
  if (!r?.messageTs) return r;
  await deps.outbox.update(r.channelId, r.messageTs, render(deps, r), r.version).catch((err: unknown) => deps.log.warn({ err, requestId: id }, 'could not queue the update of the approval message'));
  return r;
}

/** The queued job that runs an approved request: its id derives from the request, so it is queued once. */
export async function queueApproved(deps: ApprovalDeps, r: ApprovalRequest): Promise<void> {
  await deps.enqueuer.enqueue({ ...r.action, approval: { requestId: r.id } }, `run-${r.id}`);
  await deps.store.markQueued(r.id, deps.clock.now());
}
