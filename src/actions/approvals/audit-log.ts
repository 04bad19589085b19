// An append-only record in a Redis stream of every request, vote, withdrawal, rejection, expiry and
// execution: who, what, when. Also logged. Never holds secrets: only ids, verbs and outcomes.

import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { KeySpace } from '../../redis/redis.js';

export type AuditEvent =
  | 'requested'
  | 'refused'
  | 'approved-by'
  | 'withdrawn-by'
  | 'rejected'
  | 'expired'
  | 'cancelled'
  | 'approved'
  | 'executed'
  | 'failed'
  | 'ignored-vote'
  | 'acknowledged'
  | 'muted';

export interface AuditEntry {
  event: AuditEvent;
  requestId: string;
  user?: string;
  action?: string;
  detail?: string;
  at: number;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  /** Oldest first. */
  read(count?: number): Promise<AuditEntry[]>;
}

export function createAuditLog(redis: Redis, keys: KeySpace, log: Logger): AuditLog {
  const stream = keys.key('audit');
  return {
    async append(entry) {
      const fields = Object.entries(entry).flatMap(([k, v]) => (v === undefined ? [] : [k, String(v)]));
      await redis.xadd(stream, 'MAXLEN', '~', '100000', '*', ...fields);
      log.info({ audit: entry }, `approval ${entry.event}`);
    },
    async read(count = 1000) {
      const rows = await redis.xrange(stream, '-', '+', 'COUNT', count);
      return rows.map(([, flat]) => {
        const o: Record<string, string> = {};
        for (let i = 0; i < flat.length; i += 2) o[flat[i]!] = flat[i + 1]!;
        return { ...o, at: Number(o.at) } as unknown as AuditEntry;
      });
    },
  };
}
