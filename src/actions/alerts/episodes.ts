// On-call episodes: an alert posted in the alerts channel is an open episode until the job or service
// recovers, finishes or goes away. On-call acknowledges it (once: who and when) or mutes its job or service
// (no new alerts for that resource until the mute is up, even past the end of this episode: a flapping service
// stays quiet for the time on-call chose). Everything lives in Redis and
// every decision is one Lua script (the *AlertEpisode scripts and pruneOpenEpisodes), so two replicas, a Slack
// retry of the same click, or a script re-sent by ioredis after a lost reply decide once.
//
// Keys (all under the bot's prefix):
//   alerts:episode:<id>       hash: the episode (open: kept 30 days at most; closed: readable 7 more days)
//   alerts:open               sorted set: ids of open episodes, scored by openedAt (oldest first)
//   alerts:mute:<resource>    hash: episode id -> muted until (epoch ms); the key expires with the latest mute

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AlertKind } from '../../config/file-schema.js';
import { runScript } from '../../redis/commands.js';
import type { KeySpace } from '../../redis/redis.js';

export interface OpenEpisode {
  id: string;
  resource: string;
  kind: AlertKind;
  workspaceId: string;
  title: string;
  channel: string;
  ts: string;
  openedAt: number;
  ackedBy?: string;
  ackedAt?: number;
  mutedUntil?: number;
  mutedBy?: string;
  /** Set once the episode has ended (only `get` returns closed episodes). */
  closedAt?: number;
}

export type AcknowledgeOutcome = 'acknowledged' | 'already' | 'missing';
export type MuteOutcome = 'muted' | 'missing';

export interface AlertEpisodes {
  /** Records an alert just posted (at channel/ts) as an open episode. Idempotent per id. */
  open(
    e: Pick<OpenEpisode, 'id' | 'resource' | 'kind' | 'workspaceId' | 'title' | 'channel' | 'ts' | 'openedAt'>,
  ): Promise<void>;
  /** The episode ended (recovered, finished, deleted): no longer open; returns it once (undefined if unknown or already closed), so the caller posts the resolution in its thread. */
  close(id: string, at?: number): Promise<OpenEpisode | undefined>;
  get(id: string): Promise<OpenEpisode | undefined>;
  /** Until when new alerts for this resource are muted (epoch ms), or undefined when not muted at `now`. */
  mutedUntil(resource: string, now: number): Promise<number | undefined>;
  acknowledge(id: string, user: string, at: number): Promise<AcknowledgeOutcome>;
  mute(id: string, user: string, until: number, at: number): Promise<MuteOutcome>;
  /** Open episodes, oldest first; only one workspace's when given. */
  list(workspaceId?: string): Promise<OpenEpisode[]>;
  /**
   * acknowledge() for a button press. `clickId` names the press (its action_id, user and action_ts): the same
   * press delivered again (a Slack retry, or a second replica) is a 'repeat' that changes and reports nothing.
   */
  acknowledgeClick(id: string, user: string, at: number, clickId: string): Promise<AcknowledgeOutcome | 'repeat'>;
  /** mute() for a menu choice, with the same `clickId` rule as acknowledgeClick. */
  muteClick(id: string, user: string, until: number, at: number, clickId: string): Promise<MuteOutcome | 'repeat'>;
}

export const MAX_EPISODE_ID = 200;
/** An episode nobody closes (a watcher that lost track of it) leaves the open list after this. */
export const OPEN_KEEP_MS = 30 * 86_400_000;
/** How long a closed episode stays readable with get(). */
export const CLOSED_KEEP_MS = 7 * 86_400_000;

const num = (v: string | undefined): number | undefined => (v === undefined || v === '' ? undefined : Number(v));

function fromHash(h: Record<string, string>): OpenEpisode | undefined {
  if (!h.id || !h.resource) return undefined;
  const ackedAt = num(h.ackedAt);
  const mutedUntil = num(h.mutedUntil);
  const closedAt = num(h.closedAt);
  return {
    id: h.id,
    resource: h.resource,
    kind: h.kind as AlertKind,
    workspaceId: h.workspaceId ?? '',
    title: h.title ?? '',
    channel: h.channel ?? '',
    ts: h.ts ?? '',
    openedAt: Number(h.openedAt),
    ...(h.ackedBy ? { ackedBy: h.ackedBy } : {}),
    ...(ackedAt !== undefined ? { ackedAt } : {}),
    ...(mutedUntil !== undefined ? { mutedUntil } : {}),
    ...(h.mutedBy ? { mutedBy: h.mutedBy } : {}),
    ...(closedAt !== undefined ? { closedAt } : {}),
  };
}

function fromFlat(flat: string[]): Record<string, string> {
  const o: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) o[flat[i]!] = flat[i + 1]!;
  return o;
}

function checkId(id: string): void {
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_EPISODE_ID)
    throw new RangeError(`an episode id is 1 to ${MAX_EPISODE_ID} characters (got ${String(id).length})`);
}

const clickField = (clickId: string): string => (clickId ? `click:${clickId.slice(0, 300)}` : '');

export function createAlertEpisodes(redis: Redis, keys: KeySpace): AlertEpisodes {
  const episodeKey = (id: string) => keys.key('alerts', 'episode', id);
  const openKey = keys.key('alerts', 'open');
  const muteKey = (resource: string) => keys.key('alerts', 'mute', resource);

  const ack = async (id: string, user: string, at: number, clickId: string): Promise<AcknowledgeOutcome | 'repeat'> => {
    // A token per call: a script re-sent after a lost reply recognises its own acknowledgement.
    const args: [string, string, string, string] = [randomUUID(), clickField(clickId), user, String(at)];
    const outcome = await runScript(redis, 'acknowledgeAlertEpisode', [episodeKey(id)], args);
    return outcome as AcknowledgeOutcome | 'repeat';
  };

  const mute = async (
    id: string,
    user: string,
    until: number,
    at: number,
    clickId: string,
  ): Promise<MuteOutcome | 'repeat'> => {
    if (!Number.isFinite(until) || !Number.isFinite(at) || until <= at)
      throw new RangeError('a mute must end after it starts');
    const token = randomUUID();
    // The resource is part of the mutes key, so it is read first; the script checks it did not change meanwhile.
    for (let attempt = 0; attempt < 3; attempt++) {
      const resource = await redis.hget(episodeKey(id), 'resource');
      if (resource === null) return 'missing';
      const outcome = (await runScript(
        redis,
        'muteAlertEpisode',
        [episodeKey(id), muteKey(resource)],
        [token, clickField(clickId), user, String(until), String(at), resource, id],
      )) as MuteOutcome | 'repeat' | 'moved';
      if (outcome !== 'moved') return outcome;
    }
    return 'missing';
  };

  const store: AlertEpisodes = {
    async open(e) {
      checkId(e.id);
      const fields: Record<string, string> = {
        id: e.id,
        resource: e.resource,
        kind: e.kind,
        workspaceId: e.workspaceId,
        title: e.title,
        channel: e.channel,
        ts: e.ts,
        openedAt: String(e.openedAt),
      };
      await runScript(
        redis,
        'openAlertEpisode',
        [episodeKey(e.id), openKey],
        [e.id, String(e.openedAt), String(OPEN_KEEP_MS), e.channel, e.ts, ...Object.entries(fields).flat()],
      );
    },

    async close(id, at = Date.now()) {
      if (!id || id.length > MAX_EPISODE_ID) return undefined;
      const token = randomUUID();
      for (let attempt = 0; attempt < 3; attempt++) {
        const resource = await redis.hget(episodeKey(id), 'resource');
        if (resource === null) return undefined;
        const [status, ...flat] = await runScript(
          redis,
          'closeAlertEpisode',
          [episodeKey(id), openKey, muteKey(resource)],
          [id, token, String(at), String(CLOSED_KEEP_MS), resource],
        );
        if (status === 'closed') return fromHash(fromFlat(flat));
        if (status !== 'moved') return undefined;
      }
      return undefined;
    },

    async get(id) {
      if (!id || id.length > MAX_EPISODE_ID) return undefined;
      return fromHash(await redis.hgetall(episodeKey(id)));
    },

    async mutedUntil(resource, now) {
      const mutes = await redis.hgetall(muteKey(resource));
      let latest: number | undefined;
      for (const value of Object.values(mutes)) {
        const until = Number(value);
        if (until > now && (latest === undefined || until > latest)) latest = until;
      }
      return latest;
    },

    async acknowledge(id, user, at) {
      return (await ack(id, user, at, '')) as AcknowledgeOutcome;
    },

    async mute(id, user, until, at) {
      return (await mute(id, user, until, at, '')) as MuteOutcome;
    },

    acknowledgeClick: ack,
    muteClick: mute,

    async list(workspaceId) {
      const ids = await redis.zrange(openKey, 0, -1);
      if (ids.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.hgetall(episodeKey(id));
      const rows = (await pipeline.exec()) ?? [];
      const episodes: OpenEpisode[] = [];
      const gone: string[] = [];
      rows.forEach(([err, hash], i) => {
        if (err) throw err;
        const e = fromHash(hash as Record<string, string>);
        if (!e || e.closedAt !== undefined) gone.push(ids[i]!);
        else if (workspaceId === undefined || e.workspaceId === workspaceId) episodes.push(e);
      });
      // Episodes that expired unclosed leave the open list (checked again in the script: one may reopen meanwhile).
      if (gone.length > 0) await runScript(redis, 'pruneOpenEpisodes', [openKey, ...gone.map(episodeKey)], gone);
      return episodes;
    },
  };
  return store;
}
