// `/pai gallery list`: the QuickStart catalogue of PAI's own models (ListModels with Provider=pai and the QuickStart
// collection), optionally by task or free text, answered to the requester.

import { GALLERY_PROVIDER, QUICKSTART_COLLECTION, type ListModelsQuery } from '../../pai/workspace-types.js';
import { MAX_GALLERY_ROWS, renderGalleryList } from '../../render/gallery-list.js';
import type { ActionHandler } from '../action-context.js';
import type { GalleryListJob } from '../action-jobs.js';

const CATALOGUE: ListModelsQuery = { Provider: GALLERY_PROVIDER, Collections: [QUICKSTART_COLLECTION] };

export const listModels: ActionHandler<GalleryListJob> = async ({ job, workspaces, slack }) => {
  const page = await workspaces.listModels({
    ...CATALOGUE,
    ...(job.task !== undefined ? { Task: job.task } : {}),
    // Query matches the model name, domain, task and labels ("search" in the interface).
    ...(job.search !== undefined ? { Query: job.search } : {}),
    PageSize: MAX_GALLERY_ROWS,
    PageNumber: 1,
  });
  // A task matches exactly, and PAI has no list of them: when none matched, show the tasks the catalogue has.
  const tasks =
    page.Models.length === 0 && job.task !== undefined
      ? [
          ...new Set(
            (await workspaces.listModels({ ...CATALOGUE, PageSize: 100, PageNumber: 1 })).Models.flatMap((m) =>
              m.Task ? [m.Task] : [],
            ),
          ),
        ].sort()
      : undefined;
  await slack.tell(
    job.requester,
    renderGalleryList({
      ...(job.task !== undefined ? { task: job.task } : {}),
      ...(job.search !== undefined ? { search: job.search } : {}),
      models: page.Models,
      total: page.TotalCount,
      ...(tasks ? { tasks } : {}),
    }),
  );
};
