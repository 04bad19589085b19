// Who counts as an approver (or operator): user ids directly, and members of user groups through
// usergroups.users.list, cached briefly so a burst of reactions costs one Slack call per group.

import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Clock } from '../../time/clock.js';

export interface Directory {
  /** True when user is listed, or is a member of a listed user group. */
  includes(list: readonly string[], user: string): Promise<boolean>;
}

export function createDirectory(client: WebClient, clock: Clock, log: Logger, ttlMs = 60_000): Directory {
  const cache = new Map<string, { users: Set<string>; until: number }>();
  const members = async (group: string): Promise<Set<string>> => {
    const hit = cache.get(group);
    if (hit && hit.until > clock.now()) return hit.users;
    try {
      const res = await client.usergroups.users.list({ usergroup: group });
      const users = new Set(res.users ?? []);
      cache.set(group, { users, until: clock.now() + ttlMs });
      return users;
    } catch (err) {
      // Failing closed: an unknown group grants nothing.
      log.warn({ err, group }, 'could not resolve a user group; treating it as empty');
      return new Set();
    }
  };
  return {
    async includes(list, user) {
      if (list.includes(user)) return true;
      for (const id of list) if (id.startsWith('S') && (await members(id)).has(user)) return true;
      return false;
    },
  };
}
