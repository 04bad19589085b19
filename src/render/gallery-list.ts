// `/pai gallery list`: the Model Gallery's deployable (QuickStart) models, one line each: name, id, task and latest
// version, and how to deploy one.

import type { Model } from '../pai/workspace-types.js';
import type { SlackMessage } from '../slack-out/slack-output.js';
import { codeWithin, escapeWithin } from './mrkdwn.js';
import { packWithin, section } from './sections.js';

export interface GalleryListView {
  task?: string;
  search?: string;
  models: readonly Model[];
  /** How many models match in all (ListModels' TotalCount); the rest are counted, not listed. */
  total: number;
  /** When nothing matched a --task: the tasks the catalogue has, to pick from. */
  tasks?: readonly string[];
}

/** Models listed at most; the rest are counted. */
export const MAX_GALLERY_ROWS = 25;
const MAX_SECTIONS = 40; // of Slack's 50 blocks per message
const DEPLOY_HINT = 'Deploy one with `/pai gallery deploy &lt;model-id&gt; &lt;service&gt;`.';

function titleOf(v: GalleryListView): string {
  const filters = [
    v.task !== undefined ? `task ${escapeWithin(v.task, 100)}` : '',
    v.search !== undefined ? `matching “${escapeWithin(v.search, 200)}”` : '',
  ].filter(Boolean);
  return `Model Gallery (QuickStart)${filters.length ? `, ${filters.join(', ')}` : ''}`;
}

function row(m: Model): string {
  const task = m.Task ? ` · ${escapeWithin(m.Task, 100)}` : '';
  const latest = m.LatestVersion?.VersionName ? ` · latest ${escapeWithin(m.LatestVersion.VersionName, 100)}` : '';
  return `• *${escapeWithin(m.ModelName, 200)}* ${codeWithin(m.ModelId, 120)}${task}${latest}`;
}

export function renderGalleryList(v: GalleryListView): SlackMessage {
  const title = titleOf(v);
  if (v.models.length === 0) {
    const tasks = v.tasks?.length
      ? `\nTasks in the catalogue: ${v.tasks
          .slice(0, 40)
          .map((t) => escapeWithin(t, 80))
          .join(', ')}${v.tasks.length > 40 ? ', …' : ''}.`
      : '';
    return { text: `${title}: no models.`, blocks: [section(`*${title}*\nNo models match.${tasks}`)] };
  }
  const rows = v.models.slice(0, MAX_GALLERY_ROWS).map(row);
  const hidden = Math.max(v.total, v.models.length) - rows.length;
  // The heading rides on the first row and the hint on the last line, so the count of rows left out is exact.
  const sections = packWithin(
    [`*${title}*\n${rows[0]!}`, ...rows.slice(1)],
    MAX_SECTIONS - 1,
    (n) => `…and ${n} more; narrow it with --task or --search.`,
    { hidden },
  );
  return {
    text: `${title}: ${Math.max(v.total, v.models.length)} model(s)`,
    blocks: [...sections.map(section), section(DEPLOY_HINT)],
  };
}
