// The forms' instance menus (external_selects, src/render/submit-form.ts): Slack asks for their options with a
// block_suggestion as the user types, and waits 3 s for them. The submit form's come from DLC's ListEcsSpecs, the
// deploy form's from EAS's DescribeMachineSpec, each list as the worker cached it (src/actions/training/
// instance-specs.ts, within SPECS_BUDGET_MS); without it, from pricing.per_hour, in a group that says so. The web role
// never calls PAI itself: a missing or old list is a queued job for the worker.

import { randomUUID } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import type { BackgroundJob } from '../../actions/action-jobs.js';
import { DEFAULT_EAS_INSTANCE } from '../../actions/inference/build-service-config.js';
import { DEFAULT_ECS_SPEC } from '../../actions/training/build-create-job.js';
import type { EcsSpecCache, SpecProduct } from '../../actions/instance-menus/ecs-spec-cache.js';
import { instanceSpecs } from '../../actions/instance-menus/instance-specs.js';
import type { FileConfig } from '../../config/file-schema.js';
import { idempotencyKey, type Enqueuer } from '../../queue/enqueue-action.js';
import { renderInstanceOptions } from '../../render/instance-options.js';
import { EAS_INSTANCE_MENU_ACTION_ID, INSTANCE_MENU_ACTION_ID } from '../../render/submit-form.js';
import type { Clock } from '../../time/clock.js';
import { channelOfMetadata } from './form-answer.js';

export interface InstanceOptionsDeps {
  config: FileConfig;
  enqueuer: Pick<Enqueuer, 'enqueue'>;
  /** Each product's list (src/actions/instance-menus/ecs-spec-cache.ts). */
  caches: (product: SpecProduct) => EcsSpecCache;
  clock: Clock;
  log: Logger;
  /** How long a menu may wait for a list it does not have (SPECS_BUDGET_MS); tests shorten it. */
  specsBudgetMs?: number;
}

/** One menu: its action_id, the job that refreshes its list, the PAI call behind it, and its default type. */
interface InstanceMenu {
  product: SpecProduct;
  actionId: string;
  job: BackgroundJob['type'];
  action: string;
  defaultInstance: string;
}

const MENUS: readonly InstanceMenu[] = [
  {
    product: 'dlc',
    actionId: INSTANCE_MENU_ACTION_ID,
    job: 'dlc.specs',
    action: 'ListEcsSpecs',
    defaultInstance: DEFAULT_ECS_SPEC,
  },
  {
    product: 'eas',
    actionId: EAS_INSTANCE_MENU_ACTION_ID,
    job: 'eas.specs',
    action: 'DescribeMachineSpec',
    defaultInstance: DEFAULT_EAS_INSTANCE,
  },
];

export function registerInstanceOptions(app: App, deps: InstanceOptionsDeps): void {
  for (const menu of MENUS) registerMenu(app, deps, menu, deps.caches(menu.product));
}

function registerMenu(app: App, deps: InstanceOptionsDeps, menu: InstanceMenu, cache: EcsSpecCache): void {
  app.options<'block_suggestion'>({ action_id: menu.actionId }, async ({ ack, body }) => {
    const started = Date.now();
    const user = body.user.id;
    const channelId = channelOfMetadata(body.view?.private_metadata ?? '') ?? '';
    const requestRefresh = async () => {
      // A key of its own each time: the single flight is the cache's refresh claim, not the queue's id.
      await deps.enqueuer.enqueue(
        { type: menu.job, requester: { userId: user, channelId } },
        idempotencyKey(menu.job, randomUUID()),
      );
    };
    const found = await instanceSpecs({
      cache,
      clock: deps.clock,
      requestRefresh,
      ...(deps.specsBudgetMs !== undefined ? { budgetMs: deps.specsBudgetMs } : {}),
    });
    const answer = renderInstanceOptions({
      specs: found.source === 'pai' ? found.specs : undefined,
      perHour: deps.config.pricing?.per_hour ?? {},
      currency: deps.config.pricing?.currency ?? 'CNY',
      query: body.value ?? '',
      defaultInstance: menu.defaultInstance,
    });
    await ack(answer);
    const count = 'options' in answer ? 0 : answer.option_groups.reduce((n, g) => n + g.options.length, 0);
    const from = found.source === 'pai' ? menu.action : `pricing (${found.why})`;
    deps.log.info({ user, menu: menu.actionId, from, count, ms: Date.now() - started }, 'instance menu options');
  });
}
