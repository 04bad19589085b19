// The submit form's instance menu (an external_select, src/render/submit-form.ts): Slack asks for its options with a
// block_suggestion as the user types, and waits 3 s for them. They come from DLC's ListEcsSpecs as the worker cached
// it (src/actions/training/instance-specs.ts, within SPECS_BUDGET_MS); without that list, from pricing.per_hour, in a
// group that says so. The web role never calls PAI itself: a missing or old list is a queued job for the worker.

import { randomUUID } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import { DEFAULT_ECS_SPEC } from '../../actions/training/build-create-job.js';
import type { EcsSpecCache } from '../../actions/training/ecs-spec-cache.js';
import { instanceSpecs } from '../../actions/training/instance-specs.js';
import type { FileConfig } from '../../config/file-schema.js';
import { idempotencyKey, type Enqueuer } from '../../queue/enqueue-action.js';
import { renderInstanceOptions } from '../../render/instance-options.js';
import { INSTANCE_MENU_ACTION_ID } from '../../render/submit-form.js';
import type { Clock } from '../../time/clock.js';
import { channelOfMetadata } from './form-answer.js';

export interface InstanceOptionsDeps {
  config: FileConfig;
  enqueuer: Pick<Enqueuer, 'enqueue'>;
  cache: EcsSpecCache;
  clock: Clock;
  log: Logger;
  /** How long a menu may wait for a list it does not have (SPECS_BUDGET_MS); tests shorten it. */
  specsBudgetMs?: number;
}

export function registerInstanceOptions(app: App, deps: InstanceOptionsDeps): void {
  app.options<'block_suggestion'>({ action_id: INSTANCE_MENU_ACTION_ID }, async ({ ack, body }) => {
    const started = Date.now();
    const user = body.user.id;
    const channelId = channelOfMetadata(body.view?.private_metadata ?? '') ?? '';
    const requestRefresh = async () => {
      // A key of its own each time: the single flight is the cache's refresh claim, not the queue's id.
      await deps.enqueuer.enqueue(
        { type: 'dlc.specs', requester: { userId: user, channelId } },
        idempotencyKey('dlc.specs', randomUUID()),
      );
    };
    const found = await instanceSpecs({
      cache: deps.cache,
      clock: deps.clock,
      requestRefresh,
      ...(deps.specsBudgetMs !== undefined ? { budgetMs: deps.specsBudgetMs } : {}),
    });
    const answer = renderInstanceOptions({
      specs: found.source === 'pai' ? found.specs : undefined,
      perHour: deps.config.pricing?.per_hour ?? {},
      currency: deps.config.pricing?.currency ?? 'CNY',
      query: body.value ?? '',
      defaultInstance: DEFAULT_ECS_SPEC,
    });
    await ack(answer);
    const count = 'options' in answer ? 0 : answer.option_groups.reduce((n, g) => n + g.options.length, 0);
    const from = found.source === 'pai' ? 'ListEcsSpecs' : `pricing (${found.why})`;
    deps.log.info({ user, from, count, ms: Date.now() - started }, 'instance menu options');
  });
}
