// DescribeServiceEvent, pure: filtering, the `2006-01-02 15:04:05` (UTC) time format and PageNum/PageSize paging.

import type { ServiceEvent } from '../../pai/eas-types.js';
import type { TimedEvent } from './eas-lifecycle.js';
import { intParam, SEVEN_DAYS_MS } from './query-params.js';
import { logStamp } from './time-format.js';

export const EVENT_TYPES = ['Normal', 'Warning'] as const;
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

/** `2006-01-02 15:04:05` in UTC, as EAS writes event times; ISO times are accepted too. Undefined when absent, NaN when garbled. */
export function parseEasTime(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value)) return Date.parse(`${value.replace(' ', 'T')}Z`);
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return Date.parse(value);
  return Number.NaN;
}

export function parseEventQuery(query: Record<string, string>, now: number): { ok: true; value: EventQuery } | { ok: false; message: string } {
  const start = parseEasTime(query.StartTime);
  const end = parseEasTime(query.EndTime);
  for (const [name, v] of [['StartTime', start], ['EndTime', end]] as const) {
    if (v !== undefined && Number.isNaN(v)) return { ok: false, message: `The parameter ${name} must be a UTC time like 2006-01-02 15:04:05, got "${query[name]}".` };
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

/** Pod events also name their instance (InstanceName), which the InstanceName filter matches. */
export function formatEvent(e: TimedEvent): ServiceEvent & { InstanceName?: string } {
  return { Time: logStamp(e.at), Type: e.type, Reason: e.reason, Message: e.message, Resource: e.resource, ...(e.instance === undefined ? {} : { InstanceName: e.instance }) };
}

/** Oldest first, like kubectl; TotalCount counts every matching event, TotalPageNum the pages of PageSize. */
export function pageEvents(events: readonly TimedEvent[], q: EventQuery): { Events: ServiceEvent[]; TotalCount: number; TotalPageNum: number; PageNum: number; PageSize: number } {
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
    PageSize: q.pageSize,
  };
}
