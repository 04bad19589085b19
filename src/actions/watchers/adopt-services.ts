// `watch: all` for EAS: every service the workspace's ListServices shows is followed, whoever deployed it: the
// cycle (poll-eas-services.ts) lists such a workspace whole, not only until its tracked services are seen. A
// service the bot does not track yet is adopted into the tracked store (no card: it was not deployed from Slack),
// and from then on the usual cycle follows it: autoscaler scale-ups, cold starts, failures, deletion.
//
// No history storm: the first time a workspace is watched (a marker in Redis, so restarts and replicas agree),
// every service is taken as it is, whatever state it is in. Later, a service created after that moment is a
// deploy in progress, and its cold start counts from its CreateTime.

import type { Redis } from 'ioredis';
import type { WorkspaceConfig } from '../../config/file-schema.js';
import { snapshotOf } from '../inference/service-snapshot.js';
import type { EasClient } from '../../pai/eas-client.js';
import type { Service } from '../../pai/eas-types.js';
import type { KeySpace } from '../../redis/redis.js';
import { isReady } from './service-readiness.js';
import type { TrackedServiceStore } from './tracked-services.js';

const PAGE_SIZE = 100;
const MAX_PAGES = 50;

/** Pages through the workspace's services until every wanted one is seen, or through all of them (wanted undefined: `watch: all`). */
export async function listServices(
  eas: EasClient,
  workspaceId: string,
  wanted: ReadonlySet<string> | undefined,
  counted: () => void,
): Promise<Map<string, Service>> {
  const seen = new Map<string, Service>();
  for (let page = 1; page <= MAX_PAGES; page++) {
    counted();
    const res = await eas.listServices({ WorkspaceId: workspaceId, PageNumber: page, PageSize: PAGE_SIZE });
    for (const s of res.Services) if (!wanted || wanted.has(s.ServiceName)) seen.set(s.ServiceName, s);
    if ((wanted && seen.size === wanted.size) || res.Services.length < PAGE_SIZE || page * PAGE_SIZE >= res.TotalCount)
      break;
  }
  return seen;
}

export interface AdoptDeps {
  store: TrackedServiceStore;
  redis: Redis;
  keys: KeySpace;
  now: number;
}

/** Adopts the workspace's untracked services; returns how many were adopted. */
export async function adoptServices(
  deps: AdoptDeps,
  ws: Pick<WorkspaceConfig, 'id' | 'name'>,
  listed: ReadonlyMap<string, Service>,
  tracked: ReadonlySet<string>,
): Promise<number> {
  const marker = deps.keys.key('watch', 'eas', ws.id);
  const firstWatch = (await deps.redis.set(marker, String(deps.now), 'NX')) === 'OK';
  const watchedSince = firstWatch ? deps.now : Number(await deps.redis.get(marker));
  let adopted = 0;
  for (const [name, service] of listed) {
    if (tracked.has(name)) continue;
    const snapshot = snapshotOf(service);
    const createdAt = Date.parse(service.CreateTime ?? '');
    const deploying = !firstWatch && Number.isFinite(createdAt) && createdAt >= watchedSince && !isReady(snapshot);
    // rev 0: written only if no replica adopted it first.
    const saved = await deps.store.save({
      service: name,
      workspace: { name: ws.name, id: ws.id },
      channelId: '',
      requester: '',
      external: true,
      ...(service.CallerUid ? { createdBy: service.CallerUid } : {}),
      last: snapshot,
      ...(deploying ? { episode: { kind: 'deploy' as const, startedAt: createdAt } } : {}),
      readyTimes: [],
      rev: 0,
    });
    if (saved) adopted++;
  }
  return adopted;
}
