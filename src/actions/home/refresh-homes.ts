// The App Home kept up to date: one step of the watchers' cycle (src/actions/watchers/watchers.ts) rebuilds the Home
// of everyone who opened theirs lately (home-store.ts: within app_home.opened_within, the 500 most recent) and
// publishes it only where it changed since the view last published to them.
//
// One read per step, whatever the number of users: the tracked jobs and services, the pending approval requests and
// the open alert episodes are read once (build-home.ts, readHomeSources) and each user's Home is picked from them.
// A changed view is claimed before it is published (claimHomeView-2.lua: the stored mark must still be the one this
// step read), so two replicas running the step at once publish each change once; the claim also takes one of this
// minute's views.publish calls (app_home.publishes_per_minute, shared by every replica). A publish that fails gives
// its claim back and is tried again next step; once the minute's calls are spent, or Slack answers 429, the step stops
// publishing and the views still to publish wait for the next step (they still differ from their marks).

import type { Logger } from 'pino';
import { renderAppHome } from '../../render/app-home.js';
import { isRateLimited, type ViewPublisher } from '../../slack-out/view-publisher.js';
import { type HomeDeps, homeFor, readHomeSources } from './build-home.js';
import { hashOfMark, type HomeStore } from './home-store.js';
import { homeViewHash } from './view-hash.js';

export interface HomeRefreshDeps extends HomeDeps {
  homes: HomeStore;
  views: ViewPublisher;
  log: Logger;
}

export interface HomeRefreshReport {
  /** Users whose Home is kept up to date (opened within the window). */
  users: number;
  /** Published this step. */
  published: number;
  /** Their view is the one last published: nothing to do. */
  unchanged: number;
  /** Claimed by another replica (or answered by a click) since this step read the marks. */
  taken: number;
  /** views.publish failed: given back, tried again next step. */
  failed: number;
  /** Changed, but this minute's publishes are spent (or Slack said 429): next step. */
  deferred: number;
}

export async function refreshHomes(d: HomeRefreshDeps): Promise<HomeRefreshReport> {
  const report: HomeRefreshReport = { users: 0, published: 0, unchanged: 0, taken: 0, failed: 0, deferred: 0 };
  const users = await d.homes.recentUsers(d.now());
  report.users = users.length;
  if (users.length === 0) return report; // nobody looks: nothing read at all
  const [sources, marks] = await Promise.all([readHomeSources(d), d.homes.marks(users)]);
  let stopped = false;
  for (const [i, user] of users.entries()) {
    const read = marks[i] ?? '';
    const view = renderAppHome(await homeFor(d, sources, user));
    const hash = homeViewHash(view);
    if (hashOfMark(read) === hash) {
      report.unchanged += 1;
      continue;
    }
    if (stopped) {
      report.deferred += 1;
      continue;
    }
    const claim = await d.homes.claim(user, read, hash, sources.now);
    if (claim === 'changed') {
      report.taken += 1;
      continue;
    }
    if (claim === 'no-budget') {
      stopped = true;
      report.deferred += 1;
      continue;
    }
    try {
      await d.views.publishHome(user, view);
      report.published += 1;
    } catch (err) {
      report.failed += 1;
      if (isRateLimited(err)) stopped = true;
      d.log.warn({ err, user }, 'could not publish the App Home; the next refresh tries again');
      await d.homes
        .release(claim)
        .catch((e: unknown) => d.log.warn({ err: e, user }, 'could not give back an App Home claim'));
    }
  }
  if (report.published + report.failed + report.deferred > 0) d.log.info({ ...report }, 'App Homes refreshed');
  return report;
}
