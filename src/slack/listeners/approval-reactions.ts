// reaction_added / reaction_removed on an approval request. Slack retries deliveries and several
// replicas may receive them: each event id is handled once (Redis SET NX, kept 15 minutes).

import type { App } from '@slack/bolt';
import type { Redis } from 'ioredis';
import type { ApprovalDeps } from '../../actions/approvals/approval-deps.js';
import { castVote, ignoredReaction, type VoteIntent } from '../../actions/approvals/decide.js';
import { claimKey, type KeySpace } from '../../redis/redis.js';

const DEDUP_SECONDS = 15 * 60;
const REACTION_EVENTS = /^reaction_(?:added|removed)$/;

/** `thumbsup::skin-tone-2` counts as `thumbsup`. */
export function baseEmoji(reaction: string): string {
  return reaction.split('::')[0] ?? reaction;
}

interface ReactionEvent {
  user: string;
  reaction: string;
  item: { type: string; channel?: string; ts?: string };
}

export function registerApprovalReactions(app: App, deps: ApprovalDeps & { redis: Redis; keys: KeySpace }): void {
  const handle = async (event: ReactionEvent, eventId: string | undefined, added: boolean) => {
    if (event.item.type !== 'message' || !event.item.channel || !event.item.ts) return;
    const requestId = await deps.store.byMessage(event.item.channel, event.item.ts);
    if (!requestId) return; // a reaction on some other message
    if (eventId && !(await claimKey(deps.redis, deps.keys.key('slack-event', eventId), DEDUP_SECONDS))) {
      deps.log.info({ eventId }, 'duplicate event delivery ignored');
      return;
    }
    const emoji = baseEmoji(event.reaction);
    let intent: VoteIntent | undefined;
    if (deps.config.approvals.approve_reactions.includes(emoji)) intent = added ? 'approve' : 'withdraw';
    else if (deps.config.approvals.reject_reactions.includes(emoji) && added) intent = 'reject';
    if (!intent) {
      // Removing a reject reaction undoes nothing (a rejection is final); other emoji are noted, not counted.
      if (!deps.config.approvals.reject_reactions.includes(emoji))
        await ignoredReaction(deps, requestId, event.user, emoji, added);
      return;
    }
    await castVote(deps, requestId, event.user, intent, 'reaction');
  };
  // One listener for both event types (see approval-buttons.ts for why).
  app.event(REACTION_EVENTS, async ({ event, body }) =>
    handle(event as ReactionEvent, (body as { event_id?: string }).event_id, event.type === 'reaction_added'),
  );
}
