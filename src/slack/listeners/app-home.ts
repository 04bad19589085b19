// The App Home: on every `app_home_opened` (tab home) the user's view is built from Redis (build-home.ts: no PAI
// call) and published with views.publish, which needs no scope beyond the bot token. The buttons on it are the
// approval and alert buttons, answered by their own listeners (approval-buttons.ts, alert-controls.ts).

import type { App } from '@slack/bolt';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AlertEpisodes } from '../../actions/alerts/episodes.js';
import type { ApprovalDeps } from '../../actions/approvals/approval-deps.js';
import { buildHome } from '../../actions/home/build-home.js';
import { createTrackedJobStore } from '../../actions/watchers/tracked-jobs.js';
import { createTrackedServiceStore } from '../../actions/watchers/tracked-services.js';
import type { FileConfig } from '../../config/file-schema.js';
import type { KeySpace } from '../../redis/redis.js';
import { renderAppHome } from '../../render/app-home.js';
import type { Clock } from '../../time/clock.js';

export interface AppHomeDeps {
  config: FileConfig;
  approvals: Pick<ApprovalDeps, 'store' | 'directory'>;
  episodes: Pick<AlertEpisodes, 'list'>;
  redis: Redis;
  keys: KeySpace;
  clock: Clock;
  log: Logger;
}

export function registerAppHome(app: App, d: AppHomeDeps): void {
  const deps = {
    trackedJobs: createTrackedJobStore(d.redis, d.keys),
    trackedServices: createTrackedServiceStore(d.redis, d.keys),
    requests: d.approvals.store,
    directory: d.approvals.directory,
    episodes: { list: () => d.episodes.list() },
    config: d.config,
    now: () => d.clock.now(),
  };
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    try {
      const view = renderAppHome(await buildHome(deps, event.user));
      await client.views.publish({ user_id: event.user, view });
    } catch (err) {
      d.log.warn({ err, user: event.user }, 'could not publish the App Home');
    }
  });
}
