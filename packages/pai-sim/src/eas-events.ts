// DescribeServiceEvent, pure: filtering, the `2006-01-02 15:04:05` (UTC) time format and PageNum/PageSize paging.
// Event items carry only the four fields of the SDK's DescribeServiceEventResponseBodyEvents.

import type { TimedEvent } from './eas-lifecycle.js';
import { intParam, SEVEN_DAYS_MS } from './query-params.js';
import { logStamp } from './time-format.js';
import {
  EAS_EVENT_TIME,
  EAS_EVENT_TYPES,
  type EasDescribeServiceEventResponse,
  type EasServiceEvent,
} from './wire/eas.js';

export const EVENT_TYPES = EAS_EVENT_TYPES;
const DEFAULT_EVENT_PAGE_SIZE = 100;
const MAX_EVENT_PAGE_SIZE = 1000;

export interface EventQuery {
  start: number;
  end: number;
  type?: 'Normal' | 'Warning';
  instanceName?: string;
  pageNum: number;
  pageSize: number;
}

/**
 * `2006-01-02 15:04:05` in UTC, the only form the SDK documents for StartTime/EndTime (whether EAS also takes ISO times
 * is unconfirmed, so the simulator refuses them). Undefined when absent, NaN when in any other form.
 */
export function parseEasTime(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (EAS_EVENT_TIME.test(value)) return Date.parse(`${value.replace(' ', 'T')}Z`);
  return Number.NaN;
}

export function parseEventQuery(
  query: Record<string, string>,
  now: number,
): { ok: true; value: EventQuery } | { ok: false; message: string } {
  const start = parseEasTime(query.StartTime);
  const end = parseEasTime(query.EndTime);
  for (const [name, v] of [
    ['StartTime', start],
    ['EndTime', end],
  ] as const) {
    if (v !== undefined && Number.isNaN(v))
      return {
        ok: false,
        message: `The parameter ${name} must be a UTC time like 2006-01-02 15:04:05, got "${query[name]}".`,
      };
  }
  const type = query.EventType || undefined;
  if (type !== undefined && !(EVENT_TYPES as readonly string[]).includes(type)) {
    return { ok: false, message: `The parameter EventType must be Normal or Warning, got "${type}".` };
  }
  const pageNum = intParam(query, 'PageNum', { default: 1, min: 1 });
  if (!pageNum.ok) return pageNum;
  const pageSize = intParam(query, 'PageSize', { default: DEFAULT_EVENT_PAGE_SIZE, min: 1, max: MAX_EVENT_PAGE_SIZE });
  if (!pageSize.ok) return pageSize;
  return {
    ok: true,
    value: {
      start: start ?? now - SEVEN_DAYS_MS,
      end: end ?? now,
      ...(type === undefined ? {} : { type: type as 'Normal' | 'Warning' }),
      ...(query.InstanceName ? { instanceName: query.InstanceName } : {}),
      pageNum: pageNum.value,
      pageSize: pageSize.value,
    },
  };
}

/** Which instance or the service an event is about stays internal (the InstanceName filter uses it); the wire has no field for it. */
export function formatEvent(e: TimedEvent): EasServiceEvent {
  return { Time: logStamp(e.at), Type: e.type, Reason: e.reason, Message: e.message };
}

/** Oldest first, like kubectl (EAS's order is unconfirmed); TotalCount counts every matching event, TotalPageNum the pages. */
export function pageEvents(
  events: readonly TimedEvent[],
  q: EventQuery,
): Omit<EasDescribeServiceEventResponse, 'RequestId'> {
  const matched = events.filter(
    (e) =>
      e.at >= q.start &&
      e.at <= q.end &&
      (q.type === undefined || e.type === q.type) &&
      (q.instanceName === undefined || e.instance === q.instanceName),
  );
  const from = (q.pageNum - 1) * q.pageSize;
  return {
    Events: matched.slice(from, from + q.pageSize).map(formatEvent),
    TotalCount: matched.length,
    TotalPageNum: Math.ceil(matched.length / q.pageSize),
    PageNum: q.pageNum,
  };
}
