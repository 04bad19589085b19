// Every Slack listener of the web role, registered on one Bolt app: the /pai command, the approval reactions and
// buttons, the eas confirmation buttons, the idle digest's buttons, the alert controls and the App Home. One place
// to see what the bot answers to.

import type { App } from '@slack/bolt';
import type { Redis } from 'ioredis';
import { homePublishing } from '../actions/home/publish-home.js';
import type { ViewPublisher } from '../slack-out/view-publisher.js';
import { createEcsSpecCache, type SpecProduct } from '../actions/instance-menus/ecs-spec-cache.js';
import type { KeySpace } from '../redis/redis.js';
import type { Clock } from '../time/clock.js';
import { registerAlertControls } from './listeners/alert-controls.js';
import { registerApprovalButtons } from './listeners/approval-buttons.js';
import { registerApprovalReactions } from './listeners/approval-reactions.js';
import { registerAppHome } from './listeners/app-home.js';
import { registerCardButtons } from './listeners/card-buttons.js';
import { registerEasConfirm } from './listeners/eas-confirm-action.js';
import { registerInstanceOptions } from './listeners/instance-options.js';
import { registerNotebookDigestButtons } from './listeners/notebook-digest-buttons.js';
import { type PaiCommandDeps, registerPaiCommand } from './listeners/pai-command.js';
import { registerServiceForms } from './listeners/service-forms.js';
import { registerSubmitForm } from './listeners/submit-form.js';

export interface ListenerDeps extends PaiCommandDeps {
  redis: Redis;
  keys: KeySpace;
  clock: Clock;
  episodes: NonNullable<PaiCommandDeps['episodes']>;
  slack: PaiCommandDeps['slack'] & Parameters<typeof registerAlertControls>[1]['slack'];
  /** views.publish: the App Home, on open and after a click on it. */
  views: ViewPublisher;
}

export function registerListeners(app: App, d: ListenerDeps): void {
  const home = homePublishing({ ...d, log: d.log.child({ component: 'app-home' }) });
  registerPaiCommand(app, { ...d, log: d.log.child({ component: 'command' }) });
  registerEasConfirm(app, { enqueuer: d.enqueuer, log: d.log.child({ component: 'confirm' }) });
  registerApprovalReactions(app, { ...d.approvals, redis: d.redis, keys: d.keys });
  registerApprovalButtons(app, d.approvals, home);
  registerAppHome(app, home);
  registerNotebookDigestButtons(app, { ...d, log: d.log.child({ component: 'digest-buttons' }) });
  registerCardButtons(app, { ...d, log: d.log.child({ component: 'card-buttons' }) });
  registerSubmitForm(app, { ...d, log: d.log.child({ component: 'submit-form' }) });
  const caches = (product: SpecProduct) => createEcsSpecCache(d.redis, d.keys, product);
  registerInstanceOptions(app, { ...d, caches, log: d.log.child({ component: 'instance-menu' }) });
  registerServiceForms(app, { ...d, log: d.log.child({ component: 'service-forms' }) });
  registerAlertControls(app, {
    episodes: d.episodes,
    audit: d.approvals.audit,
    slack: d.slack,
    clock: d.clock,
    log: d.log.child({ component: 'alert-controls' }),
    home,
  });
}
