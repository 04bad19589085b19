// ListInstances: filters, sort and paging as ListInstancesRequest describes them. Filters the simulator cannot honour
// (resource ranges, oversold settings, tags) are refused by name rather than ignored, so a bot that starts sending
// one finds out in a test instead of reading an unfiltered listing.

import type { NotebookState } from './dsw-lifecycle.js';
import type { NotebookRecord } from './dsw-store.js';
import { renderNotebook, type ViewContext } from './dsw-view.js';
import { enumParam, intParam, type Parsed } from './query-params.js';
import { invalidParameter, ok, type RouteReply } from './routes.js';
import {
  DSW_ACCELERATOR_TYPES,
  DSW_ACCESSIBILITY,
  DSW_INSTANCE_SORT_BY,
  DSW_ORDER,
  DSW_PAYMENT_TYPES,
  DSW_STATUSES,
  DSW_TIME,
  type WireDswListItem,
} from './wire/dsw.js';

const NOT_SIMULATED = [
  'MaxCpu',
  'MaxGpu',
  'MaxGpuMemory',
  'MaxMemory',
  'MinCpu',
  'MinGpu',
  'MinGpuMemory',
  'MinMemory',
  'OversoldInfo',
  'OversoldType',
  'Tag',
] as const;

/** The SDK's example page size; PAI's default is not given. */
export const DEFAULT_LIST_PAGE_SIZE = 10;
export const MAX_LIST_PAGE_SIZE = 100;

type Item = WireDswListItem & { GmtCreateTime: string; GmtModifiedTime: string };
type Filter = (item: Item, record: NotebookRecord) => boolean;

function labelsParam(raw: string | undefined): Parsed<Record<string, string> | undefined> {
  if (raw === undefined || raw === '') return { ok: true, value: undefined };
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return { ok: true, value: Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)])) };
    }
  } catch {
    // refused below
  }
  return { ok: false, message: `The parameter Labels must be a JSON object of label keys and values, got "${raw}".` };
}

function filters(ctx: ViewContext, query: Record<string, string>): Parsed<Filter[]> {
  const out: Filter[] = [];
  for (const [key, allowed] of [
    ['Status', DSW_STATUSES],
    ['PaymentType', DSW_PAYMENT_TYPES],
    ['AcceleratorType', DSW_ACCELERATOR_TYPES],
    ['Accessibility', DSW_ACCESSIBILITY],
  ] as const) {
    const p = enumParam<string>(query, key, allowed);
    if (!p.ok) return p;
    if (p.value !== undefined) out.push((item) => item[key] === p.value);
  }
  const { WorkspaceId, InstanceId, InstanceName, CreateUserId, ImageName, GpuType, ResourceId } = query;
  if (WorkspaceId) out.push((i) => i.WorkspaceId === WorkspaceId);
  if (InstanceId) out.push((i) => i.InstanceId === InstanceId);
  if (InstanceName) out.push((i) => (i.InstanceName ?? '').includes(InstanceName));
  if (CreateUserId) out.push((i) => i.UserId === CreateUserId);
  if (ImageName) out.push((i) => (i.ImageName ?? '').includes(ImageName));
  if (GpuType) out.push((_i, r) => ctx.catalogue.get(r.ecsSpec)?.GPUType === GpuType);
  // "If you leave this parameter empty, the instances in the pay-as-you-go resource group are queried. If you set this
  // parameter to ALL, all instances are queried."
  if (!ResourceId) out.push((i) => i.PaymentType === 'PayAsYouGo');
  else if (ResourceId !== 'ALL') out.push((i) => i.ResourceId === ResourceId);
  for (const [key, keep] of [
    ['CreateTimeAfter', (created: number, t: number) => created >= t],
    ['CreateTimeBefore', (created: number, t: number) => created <= t],
  ] as const) {
    const raw = query[key];
    if (raw === undefined || raw === '') continue;
    const t = Date.parse(raw);
    if (!DSW_TIME.test(raw) || !Number.isFinite(t)) {
      return { ok: false, message: `The parameter ${key} must be a UTC time like 2021-01-12T14:36:01Z, got "${raw}".` };
    }
    out.push((_i, r) => keep(r.createdAt, t));
  }
  const labels = labelsParam(query.Labels);
  if (!labels.ok) return labels;
  const wanted = labels.value;
  if (wanted) out.push((_i, r) => Object.entries(wanted).every(([k, v]) => r.labels[k] === v));
  return { ok: true, value: out };
}

export function listInstances(
  ctx: ViewContext,
  notebooks: readonly { record: NotebookRecord; state: NotebookState }[],
  query: Record<string, string>,
): RouteReply {
  const unsupported = NOT_SIMULATED.filter((k) => query[k] !== undefined);
  if (unsupported.length > 0) return invalidParameter(`The simulator does not implement ${unsupported.join(', ')}.`);
  const checked = filters(ctx, query);
  if (!checked.ok) return invalidParameter(checked.message);
  const sortBy = enumParam(query, 'SortBy', DSW_INSTANCE_SORT_BY);
  if (!sortBy.ok) return invalidParameter(sortBy.message);
  const order = enumParam(query, 'Order', DSW_ORDER);
  if (!order.ok) return invalidParameter(order.message);
  const pageNumber = intParam(query, 'PageNumber', { default: 1, min: 1 });
  if (!pageNumber.ok) return invalidParameter(pageNumber.message);
  const pageSize = intParam(query, 'PageSize', { default: DEFAULT_LIST_PAGE_SIZE, min: 1, max: MAX_LIST_PAGE_SIZE });
  if (!pageSize.ok) return invalidParameter(pageSize.message);

  const rows = notebooks.map(({ record, state }) => ({ record, item: renderNotebook(ctx, record, state) as Item }));
  const matched = rows.filter(({ item, record }) => checked.value.every((keep) => keep(item, record)));
  // Newest first unless asked otherwise; Priority is the same (1) for every simulated notebook.
  const key = sortBy.value === 'GmtModifiedTime' ? 'GmtModifiedTime' : 'GmtCreateTime';
  matched.sort((a, b) => a.item[key].localeCompare(b.item[key]) || a.record.createdAt - b.record.createdAt);
  if (order.value !== 'ASC') matched.reverse();
  const from = (pageNumber.value - 1) * pageSize.value;
  const Instances = matched.slice(from, from + pageSize.value).map(({ item }) => item);
  return ok({ Instances, TotalCount: matched.length, Success: true });
}
