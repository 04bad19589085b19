// Pure rules for EAS services: when is a service ready, when does a not-ready stretch become a
// cold-start alert, and what happened between two polls. No I/O, so every rule is unit-tested.

import type { Episode, EpisodeKind, ServiceSnapshot, TrackedService } from './tracked-services.js';

// The transitional statuses of the official list (src/pai/eas-types.ts): on the way to serving.
const NOT_READY_STATUSES = new Set([
  'Creating',
  'Cloning',
  'Committing',
  'Waiting',
  'Pending',
  'Starting',
  'Updating',
  'HotUpdate',
  'Scaling',
]);

export function isReady(s: ServiceSnapshot): boolean {
  return s.status === 'Running' && s.pending === 0 && s.running >= s.total;
}

/** A service that is trying to get ready (as opposed to stopped, failed or deleted). */
export function isStartingUp(s: ServiceSnapshot): boolean {
  return NOT_READY_STATUSES.has(s.status) || (s.status === 'Running' && !isReady(s));
}

export type ServiceDecision =
  | { kind: 'cold-start-alert'; notReadyMs: number }
  | { kind: 'ready'; timeToReadyMs: number; episode: Episode }
  | { kind: 'failed' };

/**
 * What the poll at `now` must do for a tracked service that now looks like `current`.
 * Also returns the episode to store (possibly a new one the poll detected by itself, e.g. an
 * autoscaler scale-up the bot did not start).
 */
export function decide(
  tracked: TrackedService,
  current: ServiceSnapshot,
  now: number,
  coldStartAfterMs: number,
): { episode: Episode | undefined; decisions: ServiceDecision[] } {
  let episode = tracked.episode;
  const decisions: ServiceDecision[] = [];
  if (!episode && isStartingUp(current) && startedByItself(tracked.last, current)) {
    episode = { kind: detectedKind(tracked.last, current), startedAt: now };
  }
  if (!episode) return { episode, decisions };

  if (current.status === 'Failed') {
    if (!episode.failedAlerted) {
      decisions.push({ kind: 'failed' });
      episode = { ...episode, failedAlerted: true };
    }
    return { episode, decisions };
  }
  if (isReady(current)) {
    decisions.push({ kind: 'ready', timeToReadyMs: Math.max(0, now - episode.startedAt), episode });
    return { episode: undefined, decisions };
  }
  if (!isStartingUp(current)) return { episode: undefined, decisions }; // stopped or deleted meanwhile
  const notReadyMs = now - episode.startedAt;
  if (!episode.alertedAt && notReadyMs >= coldStartAfterMs) {
    decisions.push({ kind: 'cold-start-alert', notReadyMs });
    episode = { ...episode, alertedAt: now };
  }
  return { episode, decisions };
}

/** A not-ready stretch that no bot action started: more instances than before, or a ready service falling back. */
function startedByItself(previous: ServiceSnapshot, current: ServiceSnapshot): boolean {
  return current.total > previous.total || (isReady(previous) && !isReady(current));
}

function detectedKind(previous: ServiceSnapshot, current: ServiceSnapshot): EpisodeKind {
  if (previous.status === 'Stopped') return 'start';
  return current.total > previous.total ? 'scale-up' : 'restart';
}
