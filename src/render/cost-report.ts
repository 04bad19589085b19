// `/pai cost`: the totals first (they always fit), then each part largest first, every figure an estimate with its
// source (cost-text.ts), every item without a price named as such. Long lists are cut where Slack needs it, and the
// message says how many lines it left out.

import type { CostItem, CostPart, CostReportView, Total } from '../actions/costs/cost-lines.js';
import type { SlackMessage } from '../slack-out/slack-output.js';
import { costText, money, spotText } from './cost-text.js';
import { codeWithin, escapeWithin } from './mrkdwn.js';
import { contextBlock, MAX_BLOCKS, messageText, packWithin, section } from './sections.js';

/** Items shown per part before "…and N more": the largest are the ones worth reading. */
const MAX_ITEMS = 40;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** 24h, 90m, 7d: the window as `--since` takes it. */
function windowText(ms: number): string {
  if (ms % DAY_MS === 0 && ms > DAY_MS) return `${ms / DAY_MS}d`;
  if (ms % HOUR_MS === 0) return `${ms / HOUR_MS}h`;
  return `${Math.round(ms / 60_000)}m`;
}

/** Escaped: a currency is whatever the config or PAI said. */
function totalText(totals: readonly Total[], per: string): string {
  if (totals.length === 0) return 'no figure';
  return escapeWithin(`≈ ${totals.map((t) => `${money(t.amount, t.currency)}${per}`).join(' + ')}`, 400);
}

function itemLine(i: CostItem): string {
  const id = i.id && i.id !== i.name ? ` (${escapeWithin(i.id, 80)})` : '';
  const head = `• ${codeWithin(i.name, 120)}${id} ${escapeWithin(i.detail, 120)}: `;
  if (i.estimates.length === 0) return `${head}_${escapeWithin(i.unpriced ?? 'no price', 300)}_`;
  const figures = i.estimates.slice(0, 3).map((e) => escapeWithin(costText(e), 400));
  const spot = i.spot ? `; ${escapeWithin(spotText(i.spot.bidPercent), 300)}` : '';
  return `${head}${figures.join(' + ')}${spot}`;
}

function partLines(title: string, part: CostPart, none: string): string[] {
  if ('error' in part) return [`*${title}*`, `:warning: could not be read: ${escapeWithin(part.error, 600)}`];
  const shown = part.items.slice(0, MAX_ITEMS).map(itemLine);
  const hidden = part.items.length - shown.length;
  return [
    `*${title}* (${part.items.length})`,
    ...(part.items.length === 0 ? [`_${none}_`] : shown),
    ...(hidden > 0 ? [`…and ${hidden} more, each smaller than those above or without a price`] : []),
    ...(part.more ? [`_${escapeWithin(part.more, 400)}_`] : []),
  ];
}

export function renderCostReport(v: CostReportView): SlackMessage {
  const ws = escapeWithin(v.workspace, 100);
  const since = windowText(v.sinceMs);
  const running = totalText(v.hourly, '/h');
  const ended = totalText(v.ended, '');
  const head = [
    `*Estimated costs in ${codeWithin(v.workspace, 100)}*`,
    `*Running now:* ${running} · *Jobs that ended in the last ${since}:* ${ended}`,
  ].join('\n');
  const lines = [
    ...partLines('EAS services with replicas, per hour', v.services, 'none'),
    ...partLines('Running DSW notebooks, per hour', v.notebooks, 'none'),
    ...partLines(`DLC jobs that ended in the last ${since}`, v.jobs, 'none'),
  ];
  const body = packWithin(lines, MAX_BLOCKS - 2, (n) => `…and ${n} more lines that do not fit one message.`).map(
    section,
  );
  const footer = contextBlock(
    'Every figure is an estimate, not a bill: a known hourly price (its source named) × instances and hours. Items without a price are listed and left out of the totals; add their instance types under pricing.per_hour in the config.',
  );
  return {
    text: messageText(
      `Estimated costs in ${ws}: ${running} running now; ${ended} for jobs that ended in the last ${since}`,
    ),
    blocks: [section(head), ...body, footer],
  };
}
