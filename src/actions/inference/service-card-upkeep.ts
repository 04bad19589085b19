// Every deployed or changed service has one card in the channel where it was last acted on, and
// a tracked record the watcher follows. This keeps both in step after a worker action.

import type { ActionContext } from '../action-context.js';
import type { ActionJob } from '../action-jobs.js';
import { renderServiceCard } from '../../render/service-card.js';
import { serviceBurn } from '../costs/service-burn.js';
import type { Episode, ServiceSnapshot, TrackedService } from '../watchers/tracked-services.js';

export interface CardUpkeep {
  service: string;
  workspace: { name: string; id: string };
  image?: string;
  snapshot: ServiceSnapshot;
  /** A not-ready stretch this action starts (deploy, start, restart, scale-up); null ends any (stop, delete). */
  episode?: Episode | null;
  /** Only refresh an existing record (a delete must not bring back one the watcher already removed). */
  onlyIfTracked?: boolean;
}

/** A queued card not posted after this long (the outbox dropped it) no longer stops a new one from being queued. */
const CARD_QUEUED_FOR_MS = 10 * 60_000;

/** What keeping a card needs of a worker's context (a change handler's included). */
export type CardContext = Pick<ActionContext<ActionJob>, 'outbox' | 'trackedServices' | 'job' | 'clock' | 'config'>;

/**
 * Saves the tracked record and queues the card: an update of the card in the requester's channel, or a new card
 * there (its ts reaches the record through the outbox's continuation). Never waits for Slack.
 */
export async function ensureServiceCard(ctx: CardContext, u: CardUpkeep): Promise<TrackedService | undefined> {
  const { outbox, trackedServices, job, clock } = ctx;
  const channelId = job.requester.channelId;
  const now = clock.now();
  const saved = await trackedServices.update(u.service, (base: TrackedService | undefined) => {
    if (!base && u.onlyIfTracked) return undefined;
    const here = base?.channelId === channelId;
    const episode = u.episode === null ? undefined : (u.episode ?? base?.episode);
    const cardTs = here ? base?.cardTs : undefined;
    const queued =
      here && !cardTs && base?.cardQueuedAt !== undefined && now - base.cardQueuedAt < CARD_QUEUED_FOR_MS
        ? base.cardQueuedAt
        : undefined;
    return {
      service: u.service,
      workspace: u.workspace,
      channelId,
      ...(cardTs ? { cardTs } : {}),
      ...(queued !== undefined ? { cardQueuedAt: queued } : cardTs ? {} : { cardQueuedAt: now }),
      requester: job.requester.userId,
      ...((u.image ?? base?.image) ? { image: (u.image ?? base?.image)! } : {}),
      last: u.snapshot,
      ...(episode ? { episode } : {}),
      readyTimes: base?.readyTimes ?? [],
      rev: base?.rev ?? 0,
    };
  });
  if (!saved) return undefined;
  const card = renderServiceCard(saved, now, serviceBurn(ctx.config.pricing, saved.last), ctx.config.region);
  if (saved.cardTs) await outbox.update(channelId, saved.cardTs, card, saved.rev);
  else if (saved.cardQueuedAt === now)
    await outbox.post(channelId, card, {
      then: { kind: 'service-card', service: u.service },
      tell: job.requester,
      once: `service:${u.service}:${channelId}:${now}`,
    });
  return saved;
}
