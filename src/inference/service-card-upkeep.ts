// Every deployed or changed service has one card in the channel where it was last acted on, and
// a tracked record the watcher follows. This keeps both in step after a worker action.

import type { Logger } from 'pino';
import type { ActionContext } from '../queue/action-context.js';
import type { ActionJob } from '../queue/action-jobs.js';
import { slackErrorCode } from '../notify/slack-errors.js';
import { renderServiceCard } from '../slack/render/service-card.js';
import type { Episode, ServiceSnapshot, TrackedService } from '../watchers/tracked-services.js';

export interface CardUpkeep {
  service: string;
  workspace: { name: string; id: string };
  image?: string;
  snapshot: ServiceSnapshot;
  /** A not-ready stretch this action starts (deploy, start, restart, scale-up); null ends any (stop, delete). */
  episode?: Episode | null;
  /** A card this job already posted (checkpoint), to reuse after a retry. */
  knownCardTs?: string;
  onPosted?: (cardTs: string) => Promise<void>;
  /** Only refresh an existing record (a delete must not bring back one the watcher already removed). */
  onlyIfTracked?: boolean;
}

/** What keeping a card needs of a worker's context (a change handler's included). */
export type CardContext = Pick<ActionContext<ActionJob>, 'slack' | 'trackedServices' | 'job' | 'clock' | 'log'>;

export async function ensureServiceCard(ctx: CardContext, u: CardUpkeep): Promise<TrackedService | undefined> {
  const { slack, trackedServices, job, clock, log } = ctx;
  const channelId = job.requester.channelId;
  const current = await trackedServices.get(u.service);
  if (u.onlyIfTracked && !current) return undefined;
  let cardTs = current?.channelId === channelId ? current.cardTs : undefined;
  cardTs ??= u.knownCardTs;

  const episode = u.episode === null ? undefined : (u.episode ?? current?.episode);
  const draft = (base: TrackedService | undefined, ts: string | undefined): TrackedService => ({
    service: u.service,
    workspace: u.workspace,
    channelId,
    ...(ts ? { cardTs: ts } : {}),
    requester: job.requester.userId,
    ...(u.image ?? base?.image ? { image: (u.image ?? base?.image)! } : {}),
    last: u.snapshot,
    ...(episode ? { episode } : {}),
    readyTimes: base?.readyTimes ?? [],
    rev: base?.rev ?? 0,
  });

  let postedNow = false;
  if (!cardTs) {
    try {
      const posted = await slack.post(channelId, renderServiceCard(draft(current, undefined), clock.now()));
      cardTs = posted.ts;
      postedNow = true;
      await u.onPosted?.(cardTs);
    } catch (err) {
      await cannotPost(ctx, err, u.service, log);
    }
  }
  const saved = await trackedServices.update(u.service, (base: TrackedService | undefined) => (base || !u.onlyIfTracked ? draft(base, cardTs) : undefined));
  if (saved?.cardTs && !postedNow) {
    await slack.update(channelId, saved.cardTs, renderServiceCard(saved, clock.now())).catch((err: unknown) => log.warn({ err }, 'could not refresh the service card'));
  }
  return saved;
}

async function cannotPost(ctx: CardContext, err: unknown, service: string, log: Logger): Promise<void> {
  const code = slackErrorCode(err);
  if (code !== 'not_in_channel' && code !== 'channel_not_found' && code !== 'is_archived') throw err;
  log.warn({ code, channel: ctx.job.requester.channelId }, 'cannot post the service card in this channel');
  await ctx.slack.tell(ctx.job.requester, { text: `I cannot post the status card of ${service} here (${code}). Invite me with /invite @pai-bot; /pai eas status ${service} works meanwhile.` });
}
