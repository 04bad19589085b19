// The App Home: on every `app_home_opened` (tab home) the user's view is built from Redis (build-home.ts: no PAI
// call) and published with views.publish, which needs no scope beyond the bot token; the open is recorded, so the
// watchers keep that Home up to date from then on (src/actions/home/refresh-homes.ts). The buttons on it are the
// approval and alert buttons, answered by their own listeners (approval-buttons.ts, alert-controls.ts), which
// republish the Home with a notice of what the click did.

import type { App } from '@slack/bolt';
import { type HomePublishing, openHome } from '../../actions/home/publish-home.js';

export function registerAppHome(app: App, home: HomePublishing): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    await openHome(home, event.user);
  });
}
