// What a watcher does instead of paging when the dev budget says no: an info log (the reason is
// normal, not a fault), a counter, and a line under the card so the requester knows on-call was not told.

import type { Logger } from 'pino';
import type { Metrics } from '../../metrics/metrics.js';
import type { SlackMessage, SlackOutput } from '../../slack-out/slack-output.js';
import { withMentionsInText } from '../../render/sections.js';
import type { HeldReason } from './dev-alert-budget.js';

export interface HeldAlertDeps {
  slack: SlackOutput;
  log: Logger;
  metrics?: Partial<Pick<Metrics, 'alertSuppressed'>>;
  /** Hands a Slack call to the paced output without waiting for it (the watchers' cycle collects them). */
  send(p: Promise<unknown>): void;
}

export interface HeldAlert {
  kind: Parameters<Metrics['alert']>[0];
  reason: HeldReason;
  recent: number;
  /** The card's thread, when the job or service has a card. */
  card?: { channelId: string; ts: string };
  note: SlackMessage;
}

export function reportHeldAlert(deps: HeldAlertDeps, held: HeldAlert): void {
  const { kind, reason, recent, card } = held;
  deps.log.info({ kind, reason, recentAlerts: recent }, 'dev workspace alert budget: on-call not paged');
  deps.metrics?.alertSuppressed?.(kind, reason);
  // A thread reply notifies only whom its text mentions.
  if (card)
    deps.send(
      deps.slack
        .post(card.channelId, withMentionsInText(held.note), card.ts)
        .catch((err: unknown) => deps.log.warn({ err }, 'could not post the not-paged note under the card')),
    );
}
