// What the outbox does once it has posted (or given up on) a card that worker actions queued: remember where the
// card is, so the watchers can edit it in place and the approval votes can find it.

import type { Clock } from '../time/clock.js';
import { renderServiceCard } from '../render/service-card.js';
import { serviceBurn } from './costs/service-burn.js';
import type { Continuation, Outbox } from '../slack-out/outbox.js';
import type { ApprovalDeps } from './approvals/approval-deps.js';
import { approvalCardPosted, approvalCardUnpostable } from './approvals/request-approval.js';
import type { TrackedJobStore } from './watchers/tracked-jobs.js';
import type { TrackedServiceStore } from './watchers/tracked-services.js';

export interface PostedCardDeps {
  approvals: ApprovalDeps;
  trackedJobs: TrackedJobStore;
  trackedServices: TrackedServiceStore;
  outbox: Outbox;
  clock: Clock;
}

/** The outbox drainer's `onSettled`: `ts` is the posted card's, or undefined when it could not be posted. */
export function recordPostedCard(d: PostedCardDeps) {
  return async (then: Continuation, channel: string, ts: string | undefined): Promise<void> => {
    switch (then.kind) {
      case 'approval-card':
        if (ts) await approvalCardPosted(d.approvals, then.requestId, channel, ts);
        else await approvalCardUnpostable(d.approvals, then.requestId);
        return;
      case 'job-card':
        return d.trackedJobs.setCard(then.jobId, ts ?? '');
      case 'service-card': {
        const saved = await d.trackedServices.update(then.service, (t) => {
          // the service moved on to another channel's card
          if (!t || t.channelId !== channel || t.cardTs) return undefined;
          const { cardQueuedAt: _queued, ...rest } = t;
          return ts ? { ...rest, cardTs: ts } : rest;
        });
        // The card shows the state it was queued with; show what the watcher saw since. Versioned by the record's
        // rev, so it cannot land after an edit the watcher queued from a newer state.
        if (saved?.cardTs) {
          const burn = serviceBurn(d.approvals.config.pricing, saved.last);
          await d.outbox.update(
            channel,
            saved.cardTs,
            renderServiceCard(saved, d.clock.now(), burn, d.approvals.config.region),
            saved.rev,
          );
        }
        return;
      }
    }
  };
}
