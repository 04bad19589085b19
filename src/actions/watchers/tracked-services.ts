// The EAS services the bot follows (deployed or changed through it, or adopted by `watch: all`): a tracked
// store (tracked-store.ts) in the hash `{p}:tracked:eas`, field = service name. Every write is a compare-and-set
// on the record's rev, so two pollers (or a poller and a worker) never both announce the same change or alert.

import type { Redis } from 'ioredis';
import type { KeySpace } from '../../redis/redis.js';
import { createTrackedStore, type TrackedStore } from './tracked-store.js';

export type EpisodeKind = 'deploy' | 'start' | 'restart' | 'scale-up';

/** A stretch of "not ready" after a deploy, start, restart or scale-up. */
export interface Episode {
  kind: EpisodeKind;
  startedAt: number;
  /** ts of the cold-start alert in the alerts channel, once posted, and that channel (the workspace's alerts channel). */
  alertTs?: string;
  alertChannel?: string;
  alertedAt?: number;
  failedAlerted?: boolean;
}

export interface ServiceSnapshot {
  status: string;
  running: number;
  pending: number;
  total: number;
  reason?: string;
  endpoint?: string;
  /** The one instance type its config names, when it names one (for the card's burn rate). */
  instanceType?: string;
  /** Its traffic weight as DescribeService last showed it (the Traffic… form's prefill). */
  weight?: number;
}

export interface TimeToReady {
  kind: EpisodeKind;
  ms: number;
  at: number;
}

export interface TrackedService {
  service: string;
  workspace: { name: string; id: string };
  channelId: string;
  cardTs?: string;
  /** Found by `watch: all`, not launched through the bot: followed and alerted on, without a card. */
  external?: boolean;
  /** Who created it, as PAI shows it (CallerUid), for a service found by `watch: all`. */
  createdBy?: string;
  /** When a card for channelId was queued in the outbox and its ts is not known yet (one card per channel, not one per change). */
  cardQueuedAt?: number;
  requester: string;
  image?: string;
  last: ServiceSnapshot;
  episode?: Episode;
  /** Most recent first, at most 10. */
  readyTimes: TimeToReady[];
  /** Bumped by every write (compare-and-set, see tracked-store.ts); 0 = not stored yet. */
  rev: number;
  write?: string;
}

export type TrackedServiceStore = TrackedStore<TrackedService>;

export function createTrackedServiceStore(redis: Redis, keys: KeySpace): TrackedServiceStore {
  return createTrackedStore<TrackedService>(redis, keys, 'eas', (s) => s.service);
}
