// `/pai cost [-w <workspace>] [--since <duration>]`: the workspace's EAS services with replicas and its running DSW
// notebooks with what they burn per hour, and the DLC jobs that ended in the window with what they cost. Read-only,
// answered to the requester. A part PAI will not list (DSW not enabled, a missing RAM permission) is reported as such
// and the others still are. Prices: the config's; for notebooks also DSW's list price (change-estimate.ts says why
// jobs and services do not take it).

import type { ActionHandler } from '../action-context.js';
import type { CostReportJob } from '../action-jobs.js';
import { dlcTime, type DlcClient } from '../../pai/dlc-client.js';
import { isTerminalJobStatus, type Job } from '../../pai/dlc-types.js';
import { listAllDswInstances, type DswClient } from '../../pai/dsw-client.js';
import { DSW_ACCELERATOR_TYPES } from '../../pai/dsw-types.js';
import type { EasClient } from '../../pai/eas-client.js';
import type { Service } from '../../pai/eas-types.js';
import { PaiError } from '../../pai/errors.js';
import { userMessage } from '../../errors/to-user-text.js';
import { renderCostReport } from '../../render/cost-report.js';
import { costReportView, jobItem, notebookItem, serviceItem, type CostItem, type CostPart } from './cost-lines.js';
import { configPriceBook, withListPrices, type PriceBook } from './price-book.js';

const PAGE_SIZE = 100;
/** ListServices and ListJobs pages read at most: 1,000 services or finished jobs is far more than one answer shows. */
const MAX_PAGES = 10;
/**
 * ListJobs filters by creation time (docs/pai-wire-notes.md): a job that ended in the window may have started before
 * it. Jobs created up to this long before the window are read; one that ran longer is missed.
 */
export const JOB_LOOKBACK_MS = 30 * 86_400_000;

export const costReport: ActionHandler<CostReportJob> = async ({ job, dlc, eas, dsw, slack, config, clock, log }) => {
  const now = clock.now();
  const book = configPriceBook(config.pricing);
  const workspaceId = job.workspace.id;
  const [services, notebooks, jobs] = await Promise.all([
    part(() => servicesPart(eas, workspaceId, book)),
    part(() => notebooksPart(dsw, workspaceId, book, log)),
    part(() => jobsPart(dlc, workspaceId, now - job.sinceMs, now, book)),
  ]);
  const view = costReportView({ workspace: job.workspace.name, sinceMs: job.sinceMs, services, notebooks, jobs });
  await slack.tell(job.requester, renderCostReport(view));
};

/** A PAI failure (after the client's own retries) becomes this part's note; anything else fails the lookup. */
async function part(read: () => Promise<CostPart>): Promise<CostPart> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof PaiError) return { error: userMessage(err) };
    throw err;
  }
}

async function servicesPart(eas: EasClient, workspaceId: string, book: PriceBook): Promise<CostPart> {
  const all: Service[] = [];
  let total = 0;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const r = await eas.listServices({ WorkspaceId: workspaceId, PageNumber: page, PageSize: PAGE_SIZE });
    all.push(...r.Services);
    total = r.TotalCount;
    if (r.Services.length < PAGE_SIZE || all.length >= total) break;
  }
  // Replicas, whatever the status says: a service scaling, updating or failing still holds its instances.
  const items = all.filter((s) => (s.TotalInstance ?? 0) > 0).map((s) => serviceItem(s, book));
  const more = total > all.length ? `only the first ${all.length} of ${total} services were read` : undefined;
  return { items, ...(more ? { more } : {}) };
}

async function notebooksPart(
  dsw: DswClient,
  workspaceId: string,
  book: PriceBook,
  log: { warn: (o: object, m: string) => void },
): Promise<CostPart> {
  // Without ResourceId only pay-as-you-go notebooks are listed: subscription ones are paid for whether they run or not.
  const running = await listAllDswInstances(dsw, { WorkspaceId: workspaceId, Status: 'Running' });
  const unpricedSpec = running.some((n) => n.EcsSpec && !book.priceOf(n.EcsSpec));
  let prices = book;
  let note: string | undefined;
  if (unpricedSpec) {
    try {
      prices = withListPrices(book, await listPrices(dsw));
    } catch (err) {
      if (!(err instanceof PaiError)) throw err;
      log.warn({ err }, 'ListEcsSpecs failed; notebooks without a configured price get none');
      note = `PAI's list prices could not be read: ${userMessage(err)}`;
    }
  }
  const items = running.map((n) => notebookItem(n, prices));
  return { items, ...(note ? { more: note } : {}) };
}

/** DSW's ECS specs with a list price, CPU and GPU ones (ListEcsSpecs requires the accelerator type). */
async function listPrices(dsw: DswClient): Promise<Map<string, { perHour: number; currency: string }>> {
  const prices = new Map<string, { perHour: number; currency: string }>();
  for (const AcceleratorType of DSW_ACCELERATOR_TYPES) {
    for (let page = 1; page <= MAX_PAGES; page++) {
      const r = await dsw.listEcsSpecs({ AcceleratorType, PageNumber: page, PageSize: PAGE_SIZE });
      for (const s of r.EcsSpecs)
        if (typeof s.Price === 'number' && s.Currency)
          prices.set(s.InstanceType, { perHour: s.Price, currency: s.Currency });
      if (r.EcsSpecs.length < PAGE_SIZE) break;
    }
  }
  return prices;
}

async function jobsPart(
  dlc: DlcClient,
  workspaceId: string,
  from: number,
  to: number,
  book: PriceBook,
): Promise<CostPart> {
  const ended: Job[] = [];
  let reachedOlder = false;
  let page = 1;
  for (; page <= MAX_PAGES && !reachedOlder; page++) {
    const r = await dlc.listJobs({
      WorkspaceId: workspaceId,
      StartTime: dlcTime(from - JOB_LOOKBACK_MS),
      SortBy: 'GmtFinishTime',
      Order: 'desc',
      PageNumber: page,
      PageSize: PAGE_SIZE,
    });
    // Newest finish first; where unfinished jobs sort is not documented, so they are skipped wherever they are.
    for (const j of r.Jobs) {
      const finished = Date.parse(j.GmtFinishTime ?? '');
      if (!isTerminalJobStatus(j.Status) || !Number.isFinite(finished)) continue;
      if (finished < from) reachedOlder = true;
      else if (finished <= to) ended.push(j);
    }
    if (r.Jobs.length < PAGE_SIZE || page * PAGE_SIZE >= r.TotalCount) break;
  }
  const capped = page > MAX_PAGES && !reachedOlder;
  const items = ended.map((j) => jobItem(j, book)).filter((i): i is CostItem => i !== undefined);
  const idle = ended.length - items.length;
  const notes = [
    idle > 0 ? `${idle} more ended without a pod running (nothing to bill)` : '',
    capped ? `only the ${MAX_PAGES * PAGE_SIZE} most recently finished jobs were read` : '',
  ].filter(Boolean);
  return { items, ...(notes.length ? { more: notes.join('; ') } : {}) };
}
