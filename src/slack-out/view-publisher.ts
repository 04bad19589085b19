// views.publish: a user's App Home. Not a channel message, so not paced per channel (paced-output.ts); Slack limits
// it per workspace (Tier 4, about 100 a minute), which the Home refresh budgets itself (src/actions/home/home-store.ts).
// On the bot's output client a 429 fails at once (rejectRateLimitedCalls): the refresh then stops and tries the rest
// next step instead of stalling the watchers.

import type { WebClient } from '@slack/web-api';
import type { HomeView } from '../render/app-home.js';
import { RATE_LIMITED_CODE } from './channel-lane.js';

export interface ViewPublisher {
  /** Publishes `view` as `user`'s Home tab; throws when Slack refuses it. */
  publishHome(user: string, view: HomeView): Promise<void>;
}

export interface ViewPublisherOptions {
  scrub?: (text: string) => string;
  /** Called after every call with its method and `ok`, `rate_limited` or the error code (as slack-output.ts does). */
  observe?: (method: string, result: string) => void;
}

export function createViewPublisher(client: WebClient, opts: ViewPublisherOptions = {}): ViewPublisher {
  return {
    async publishHome(user, view) {
      const clean = opts.scrub ? (JSON.parse(opts.scrub(JSON.stringify(view))) as HomeView) : view;
      try {
        await client.views.publish({ user_id: user, view: clean });
        opts.observe?.('views.publish', 'ok');
      } catch (err) {
        const e = err as { code?: string; data?: { error?: string } };
        opts.observe?.(
          'views.publish',
          e.code === RATE_LIMITED_CODE ? 'rate_limited' : (e.data?.error ?? e.code ?? 'error'),
        );
        throw err;
      }
    },
  };
}

/** True when a publish failed on a 429: the refresh stops for this step. */
export const isRateLimited = (err: unknown): boolean => (err as { code?: unknown } | null)?.code === RATE_LIMITED_CODE;
