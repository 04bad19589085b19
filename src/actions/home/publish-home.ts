// One user's App Home published at once, outside the refresh step: when they open the tab (app_home_opened), and
// after a click on it (Approve/Reject, Acknowledge/Mute), with a notice at the top saying what the click did, since a
// click from the Home has no message to answer in. Each records the published view's mark (home-store.ts), so the next
// refresh step does not publish the same view again; the notice is no part of the mark (view-hash.ts), so it stays
// on the Home until something on it changes.

import type { Logger } from 'pino';
import type { FileConfig } from '../../config/file-schema.js';
import type { Redis } from 'ioredis';
import type { KeySpace } from '../../redis/redis.js';
import { renderAppHome } from '../../render/app-home.js';
import type { ViewPublisher } from '../../slack-out/view-publisher.js';
import type { Clock } from '../../time/clock.js';
import type { AlertEpisodes } from '../alerts/episodes.js';
import type { ApprovalDeps } from '../approvals/approval-deps.js';
import { createTrackedJobStore } from '../watchers/tracked-jobs.js';
import { createTrackedServiceStore } from '../watchers/tracked-services.js';
import { buildHome, type HomeDeps } from './build-home.js';
import { createHomeStore, type HomeStore } from './home-store.js';
import { homeViewHash } from './view-hash.js';

export interface HomePublishing extends HomeDeps {
  homes: Pick<HomeStore, 'opened' | 'record'>;
  views: ViewPublisher;
  log: Logger;
}

/** The Home's dependencies as the web role has them (the listeners of src/slack/listeners/). */
export function homePublishing(d: {
  config: FileConfig;
  approvals: Pick<ApprovalDeps, 'store' | 'directory'>;
  episodes: Pick<AlertEpisodes, 'list'>;
  redis: Redis;
  keys: KeySpace;
  clock: Clock;
  views: ViewPublisher;
  log: Logger;
}): HomePublishing {
  return {
    trackedJobs: createTrackedJobStore(d.redis, d.keys),
    trackedServices: createTrackedServiceStore(d.redis, d.keys),
    requests: d.approvals.store,
    directory: d.approvals.directory,
    episodes: { list: () => d.episodes.list() },
    config: d.config,
    now: () => d.clock.now(),
    homes: createHomeStore(d.redis, d.keys, {
      openedWithinMs: d.config.app_home.opened_within,
      publishesPerMinute: d.config.app_home.publishes_per_minute,
    }),
    views: d.views,
    log: d.log,
  };
}

/** Publishes `user`'s Home now (with `notice` at the top when given) and records its mark; never throws. */
export async function publishHome(d: HomePublishing, user: string, notice?: string): Promise<boolean> {
  try {
    const view = renderAppHome(await buildHome(d, user), notice ? { notice } : {});
    await d.views.publishHome(user, view);
    await d.homes.record(user, homeViewHash(view));
    return true;
  } catch (err) {
    // Not recorded: if the user opened their Home lately, the next refresh step publishes it.
    d.log.warn({ err, user }, 'could not publish the App Home');
    return false;
  }
}

/** app_home_opened: the user is looking, so their Home is kept up to date from now on, and published. */
export async function openHome(d: HomePublishing, user: string): Promise<boolean> {
  try {
    await d.homes.opened(user, d.now());
  } catch (err) {
    d.log.warn({ err, user }, 'could not record an App Home open');
  }
  return publishHome(d, user);
}
