// ListJobs filtering, sorting and paging, pure. Mirrors PAI's quirks that the bot must cope with, notably the default
// creation-time window of the last 7 days: an old job silently drops out of an unfiltered listing.

import type { JobRecord } from './job-record.js';
import type { JobItemView } from './job-view.js';
import {
  enumParam,
  intParam,
  listParam,
  strictBool,
  timeWindowParams,
  type Parsed,
  type TimeWindow,
} from './query-params.js';
import {
  DLC_ACCESSIBILITY,
  DLC_JOB_STATUSES,
  DLC_JOB_TYPES,
  DLC_LIST_ORDER,
  DLC_LIST_SORT_BY,
  DLC_PAYMENT_TYPES,
} from './wire/dlc.js';

export const SORT_KEYS = DLC_LIST_SORT_BY;
type SortKey = (typeof SORT_KEYS)[number];

export interface ListJobsFilter {
  workspaceId?: string;
  status?: string;
  jobType?: string;
  displayName?: string;
  jobIdLike?: string;
  jobIds?: string[];
  resourceId?: string;
  userId?: string;
  tags?: Record<string, string>;
  window: TimeWindow;
  pageNumber: number;
  pageSize: number;
  sortBy: SortKey;
  order: 'asc' | 'desc';
}

export interface ListedJob {
  record: JobRecord;
  view: JobItemView;
}

function parseTags(raw: string | undefined): Parsed<Record<string, string> | undefined> {
  if (raw === undefined || raw === '') return { ok: true, value: undefined };
  try {
    const value: unknown = JSON.parse(raw);
    if (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.values(value).every((v) => typeof v === 'string')
    ) {
      return { ok: true, value: value as Record<string, string> };
    }
  } catch {
    // fall through to the error below
  }
  return {
    ok: false,
    message: `The parameter Tags must be a JSON object of strings, e.g. {"team":"nlp"}, got ${JSON.stringify(raw)}.`,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** The closed lists of the ListJobs remarks, checked as the SDK spells them (case-sensitive). */
function checkEnums(
  query: Record<string, string>,
): Parsed<{ status?: string; jobType?: string; sortBy: SortKey; order: 'asc' | 'desc' }> {
  const status = enumParam(query, 'Status', DLC_JOB_STATUSES);
  if (!status.ok) return status;
  const jobType = enumParam(query, 'JobType', DLC_JOB_TYPES);
  if (!jobType.ok) return jobType;
  const sortBy = enumParam(query, 'SortBy', SORT_KEYS);
  if (!sortBy.ok) return sortBy;
  const order = enumParam(query, 'Order', DLC_LIST_ORDER);
  if (!order.ok) return order;
  for (const [name, allowed] of [
    ['PaymentType', DLC_PAYMENT_TYPES],
    ['Accessibility', DLC_ACCESSIBILITY],
  ] as const) {
    const checked = enumParam(query, name, allowed);
    if (!checked.ok) return checked;
  }
  return {
    ok: true,
    value: {
      ...(status.value === undefined ? {} : { status: status.value }),
      ...(jobType.value === undefined ? {} : { jobType: jobType.value }),
      sortBy: sortBy.value ?? 'GmtCreateTime',
      order: order.value ?? 'desc',
    },
  };
}

export function parseListJobsQuery(
  query: Record<string, string>,
  now: number,
  callerUserId: string,
): Parsed<ListJobsFilter> {
  const pageNumber = intParam(query, 'PageNumber', { default: 1, min: 1 });
  if (!pageNumber.ok) return pageNumber;
  const pageSize = intParam(query, 'PageSize', { default: 20, min: 1, max: 100 });
  if (!pageSize.ok) return pageSize;
  const window = timeWindowParams(query, now);
  if (!window.ok) return window;
  const tags = parseTags(query.Tags);
  if (!tags.ok) return tags;
  const enums = checkEnums(query);
  if (!enums.ok) return enums;
  const showOwn = strictBool(query, 'ShowOwn', false);
  if (!showOwn.ok) return showOwn;
  const fromAll = strictBool(query, 'FromAllWorkspaces', false);
  if (!fromAll.ok) return fromAll;
  // The FromAllWorkspaces remarks: it "must be used together with ShowOwn=true".
  if (fromAll.value && !showOwn.value)
    return { ok: false, message: 'The parameter FromAllWorkspaces must be used together with ShowOwn=true.' };
  const userId = nonEmpty(query.UserIdForFilter) ?? (showOwn.value ? callerUserId : undefined);

  const filter: ListJobsFilter = {
    window: window.value,
    pageNumber: pageNumber.value,
    pageSize: pageSize.value,
    sortBy: enums.value.sortBy,
    order: enums.value.order,
    // Without FromAllWorkspaces a listing is per workspace, as in the console.
    workspaceId: fromAll.value ? undefined : nonEmpty(query.WorkspaceId),
    status: enums.value.status,
    jobType: enums.value.jobType,
    displayName: nonEmpty(query.DisplayName),
    jobIdLike: nonEmpty(query.JobId),
    jobIds: listParam(query, 'JobIds'),
    resourceId: nonEmpty(query.ResourceId),
    userId,
    tags: tags.value,
  };
  return { ok: true, value: filter };
}

function includesFold(haystack: string, needle: string): boolean {
  return haystack.toLowerCase().includes(needle.toLowerCase());
}

export function matchesFilter(job: ListedJob, f: ListJobsFilter): boolean {
  const { record, view } = job;
  const jobTags = record.request.Settings?.Tags ?? {};
  const checks: boolean[] = [
    record.createdAt >= f.window.start && record.createdAt <= f.window.end,
    f.workspaceId === undefined || record.request.WorkspaceId === f.workspaceId,
    f.status === undefined || view.Status === f.status,
    f.jobType === undefined || record.request.JobType === f.jobType,
    f.displayName === undefined || includesFold(record.request.DisplayName, f.displayName),
    f.jobIdLike === undefined || record.jobId.includes(f.jobIdLike),
    f.jobIds === undefined || f.jobIds.includes(record.jobId),
    f.resourceId === undefined || record.request.ResourceId === f.resourceId,
    f.userId === undefined || record.userId === f.userId,
    f.tags === undefined || Object.entries(f.tags).every(([k, v]) => jobTags[k] === v),
  ];
  return checks.every(Boolean);
}

function sortValue(job: ListedJob, key: SortKey): string | number {
  switch (key) {
    case 'GmtCreateTime':
      return job.record.createdAt;
    case 'GmtFinishTime':
      // Unfinished jobs sort as if they finish last.
      return job.view.GmtFinishTime ? Date.parse(job.view.GmtFinishTime) : Number.POSITIVE_INFINITY;
    case 'DisplayName':
      return job.record.request.DisplayName;
    case 'Status':
      return job.view.Status;
    case 'JobType':
      return job.record.request.JobType;
  }
}

function compare(a: ListedJob, b: ListedJob, key: SortKey): number {
  const va = sortValue(a, key);
  const vb = sortValue(b, key);
  const primary = va < vb ? -1 : va > vb ? 1 : 0;
  // Creation order breaks ties, so jobs created at the same ManualClock instant still list deterministically.
  return primary !== 0 ? primary : a.record.seq - b.record.seq;
}

export function listJobs(jobs: readonly ListedJob[], f: ListJobsFilter): { Jobs: JobItemView[]; TotalCount: number } {
  const direction = f.order === 'asc' ? 1 : -1;
  const matched = jobs.filter((j) => matchesFilter(j, f)).sort((a, b) => direction * compare(a, b, f.sortBy));
  const from = (f.pageNumber - 1) * f.pageSize;
  return { Jobs: matched.slice(from, from + f.pageSize).map((j) => j.view), TotalCount: matched.length };
}
