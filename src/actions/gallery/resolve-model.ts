// Which model version a gallery deploy creates, read once by the gate (src/actions/approvals/resolve-target.ts): the
// model as the QuickStart catalogue lists it, its latest version (or, for an approved run, the version approved) and
// that version's InferenceSpec from GetModelVersion. Anything missing is refused with what to do; nothing is created.

import { BotError } from '../../errors/catalogue.js';
import { PaiError } from '../../pai/errors.js';
import type { WorkspaceClient } from '../../pai/workspace-client.js';
import {
  GALLERY_PROVIDER,
  QUICKSTART_COLLECTION,
  type InferenceSpec,
  type Model,
  type ModelVersion,
} from '../../pai/workspace-types.js';
import type { GalleryDeployPayload } from './payload.js';
import { buildModelDeploy, type ModelDeploy } from './model-service.js';

const PAGE_SIZE = 100;
/** ListModels has no ModelId filter: the catalogue is paged through, at most this many pages (2,000 models). */
const MAX_PAGES = 20;

const LIST_HINT = '/pai gallery list shows the models you can deploy and their ids';

/** The catalogue's entry of this model id, or undefined when the QuickStart catalogue has none. */
async function findModel(ws: Pick<WorkspaceClient, 'listModels'>, modelId: string): Promise<Model | undefined> {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const r = await ws.listModels({
      Provider: GALLERY_PROVIDER,
      Collections: [QUICKSTART_COLLECTION],
      PageSize: PAGE_SIZE,
      PageNumber: page,
    });
    const found = r.Models.find((m) => m.ModelId === modelId);
    if (found) return found;
    if (r.Models.length < PAGE_SIZE || page * PAGE_SIZE >= r.TotalCount) return undefined;
  }
  return undefined;
}

/** The newest version, when the listing item does not carry it. */
async function latestVersionName(ws: Pick<WorkspaceClient, 'listModelVersions'>, model: Model): Promise<string> {
  if (model.LatestVersion?.VersionName) return model.LatestVersion.VersionName;
  const r = await ws.listModelVersions(model.ModelId, { SortBy: 'GmtCreateTime', Order: 'DESC', PageSize: 1 });
  const newest = r.Versions[0]?.VersionName;
  if (!newest) {
    throw new BotError('MODEL_NOT_DEPLOYABLE', `Model ${model.ModelName} (${model.ModelId}) has no version to deploy.`);
  }
  return newest;
}

async function getVersion(ws: Pick<WorkspaceClient, 'getModelVersion'>, model: Model, name: string) {
  try {
    return await ws.getModelVersion(model.ModelId, name);
  } catch (err) {
    if (err instanceof PaiError && err.kind === 'not_found') {
      throw new BotError(
        'MODEL_NOT_FOUND',
        `Model ${model.ModelName} (${model.ModelId}) has no version ${name} any more; nothing was deployed.`,
      );
    }
    throw err;
  }
}

/** The spec as a config object; PAI types it as a map, and JSON text of one is read as well. */
function specOf(model: Model, version: ModelVersion): InferenceSpec {
  let spec: unknown = version.InferenceSpec;
  if (typeof spec === 'string') {
    try {
      spec = JSON.parse(spec);
    } catch {
      spec = undefined;
    }
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec) || Object.keys(spec).length === 0) {
    throw new BotError(
      'MODEL_NOT_DEPLOYABLE',
      `Model ${model.ModelName} (${model.ModelId}) version ${version.VersionName} has no EAS deployment spec ` +
        '(InferenceSpec), so it cannot be deployed from Slack; nothing was deployed.',
    );
  }
  return spec as InferenceSpec;
}

/**
 * The model version to deploy and the exact CreateService request for it. `version` pins it (an approved run deploys
 * the version that was approved, even if a newer one came out since); otherwise the latest.
 */
export async function resolveModelDeploy(
  ws: Pick<WorkspaceClient, 'listModels' | 'listModelVersions' | 'getModelVersion'>,
  cmd: GalleryDeployPayload,
  workspaceId: string,
  version?: string,
): Promise<ModelDeploy> {
  const model = await findModel(ws, cmd.modelId);
  if (!model) {
    throw new BotError(
      'MODEL_NOT_FOUND',
      `The Model Gallery has no model ${cmd.modelId} (provider ${GALLERY_PROVIDER}, collection ${QUICKSTART_COLLECTION}); ` +
        `nothing was deployed. ${LIST_HINT}.`,
    );
  }
  const name = version ?? (await latestVersionName(ws, model));
  const found = await getVersion(ws, model, name);
  const source = {
    id: model.ModelId,
    name: model.ModelName,
    version: found.VersionName,
    ...(model.Task ? { task: model.Task } : {}),
    spec: specOf(model, found),
  };
  return buildModelDeploy(source, cmd, workspaceId);
}
