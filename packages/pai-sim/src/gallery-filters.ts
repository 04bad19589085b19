// The Model Gallery listings' filters and paging, pure. What each filter matches follows the SDK's remarks where they
// say it (Label: a label key or value; Query: name, domain, task, label keys and values; ModelName in double quotes:
// exact, as the PAI Python SDK relies on); how loosely (substring, case) is the simulator's choice [A].

import type { GalleryEntry } from './gallery-catalogue.js';
import { enumParam, intParam, listParam, type Parsed } from './query-params.js';
import { GALLERY_DEFAULT_PAGE_SIZE, GALLERY_ORDER, GALLERY_SORT_BY, type WireLabel } from './wire/gallery.js';

export interface Page {
  from: number;
  size: number;
  descending: boolean;
  /** SortBy=GmtCreateTime; otherwise the listing's own order (OrderNumber for models, creation for versions). */
  byCreateTime: boolean;
}

/** PageNumber, PageSize (default 10; the simulator caps it at 100 [A]), Order and SortBy. */
export function pageParams(query: Record<string, string>): Parsed<Page> {
  const number = intParam(query, 'PageNumber', { default: 1, min: 1 });
  if (!number.ok) return number;
  const size = intParam(query, 'PageSize', { default: GALLERY_DEFAULT_PAGE_SIZE, min: 1, max: 100 });
  if (!size.ok) return size;
  const order = enumParam(query, 'Order', GALLERY_ORDER);
  if (!order.ok) return order;
  const sortBy = enumParam(query, 'SortBy', GALLERY_SORT_BY);
  if (!sortBy.ok) return sortBy;
  const from = (number.value - 1) * size.value;
  const descending = order.value === 'DESC';
  return { ok: true, value: { from, size: size.value, descending, byCreateTime: !!sortBy.value } };
}

export function pageOf<T>(items: readonly T[], page: Page, key: (item: T) => string | number): T[] {
  const sorted = [...items].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
  if (page.descending) sorted.reverse();
  return sorted.slice(page.from, page.from + page.size);
}

const contains = (text: string | undefined, needle: string) =>
  !!text && text.toLowerCase().includes(needle.toLowerCase());

export function labelMatches(labels: readonly WireLabel[] | undefined, needle: string): boolean {
  return (labels ?? []).some((l) => contains(l.Key, needle) || contains(l.Value, needle));
}

/** ListModels `Tag`: JSON text of [{Key, Value}] (the SDK's ListModelsRequestTag list). */
export function tagParam(query: Record<string, string>): Parsed<WireLabel[] | undefined> {
  const raw = query.Tag;
  if (raw === undefined || raw === '') return { ok: true, value: undefined };
  const message = `The parameter Tag must be a JSON array of {"Key","Value"}, got ${JSON.stringify(raw)}.`;
  const bad = { ok: false as const, message };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return bad;
  }
  if (!Array.isArray(parsed)) return bad;
  const tags: WireLabel[] = [];
  for (const t of parsed as unknown[]) {
    if (typeof t !== 'object' || t === null) return bad;
    const { Key, Value, ...rest } = t as Record<string, unknown>;
    if (typeof Key !== 'string' || (Value !== undefined && typeof Value !== 'string') || Object.keys(rest).length > 0) {
      return bad;
    }
    tags.push({ Key, Value: Value ?? '' });
  }
  return { ok: true, value: tags };
}

/** ModelName: in double quotes an exact name, otherwise a case-insensitive part of it. */
function nameMatches(name: string, wanted: string): boolean {
  const exact = /^"(.*)"$/.exec(wanted);
  return exact ? name === exact[1] : contains(name, wanted);
}

export interface ModelFilter {
  provider?: string;
  collections?: string[];
  tags?: WireLabel[];
  query: Record<string, string>;
}

export function modelFilter(query: Record<string, string>, tags: WireLabel[] | undefined): ModelFilter {
  const collections = listParam(query, 'Collections');
  return {
    ...(query.Provider ? { provider: query.Provider } : {}),
    ...(collections ? { collections } : {}),
    ...(tags ? { tags } : {}),
    query,
  };
}

/**
 * Without Provider only the caller's own models are listed ("If you leave this parameter empty, only models owned by
 * the user are returned"); the simulator's catalogue holds provider models only, so that listing is empty.
 */
export function modelMatches(entry: GalleryEntry, f: ModelFilter): boolean {
  const m = entry.model;
  const q = f.query;
  if (f.provider === undefined ? m.Provider !== undefined : m.Provider !== f.provider) return false;
  if (f.collections && !f.collections.some((c) => entry.collections.includes(c))) return false;
  for (const key of ['Task', 'Domain', 'ModelType', 'Origin'] as const) {
    if (q[key] && m[key] !== q[key]) return false;
  }
  if (q.ModelName && !nameMatches(m.ModelName, q.ModelName)) return false;
  if (q.Label && !labelMatches(m.Labels, q.Label)) return false;
  const text = q.Query;
  if (text && ![m.ModelName, m.Domain, m.Task].some((t) => contains(t, text)) && !labelMatches(m.Labels, text)) {
    return false;
  }
  return (f.tags ?? []).every((t) => (m.Tags ?? []).some((mt) => mt.Key === t.Key && mt.Value === t.Value));
}
