// Pure: a Model Gallery version's InferenceSpec (an EAS service config without a name) turned into the CreateService
// request of `/pai gallery deploy`: the spec as PAI gave it, with the bot's service name and workspace, the instance
// type and replica count the user asked for, and labels naming the source model and version.

import type { SpecServiceConfig } from '../../pai/eas-types.js';
import type { InferenceSpec } from '../../pai/workspace-types.js';
import type { GalleryDeployPayload } from './payload.js';

/**
 * The labels a deploy of a gallery model carries: the keys the PAI Python SDK sets when it deploys a registered model
 * (docs/pai-wire-notes.md, Model Gallery), so the console and the SDK see the bot's services like their own.
 */
export const MODEL_LABELS = { id: 'RootModelID', name: 'RootModelName', version: 'RootModelVersion' } as const;

/** What the gate resolved of a gallery deploy: the model, its version, and the exact CreateService request. */
export interface ModelDeploy {
  id: string;
  name: string;
  version: string;
  task?: string;
  /** The request body: the version's spec with the bot's settings. */
  config: SpecServiceConfig;
  /** The CreateService `Labels` query. */
  labels: Record<string, string>;
}

export interface ModelSource {
  id: string;
  name: string;
  version: string;
  task?: string;
  spec: InferenceSpec;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function modelLabels(m: Pick<ModelSource, 'id' | 'name' | 'version'>): Record<string, string> {
  return { [MODEL_LABELS.id]: m.id, [MODEL_LABELS.name]: m.name, [MODEL_LABELS.version]: m.version };
}

/**
 * The instance type goes where the spec has it: `cloud.computing.instance_type` (the PAI Python SDK's form) and/or
 * `cloud.computing.instances[]` (the documented list; it becomes one entry of that type, keeping the first entry's other
 * keys). A spec with neither gets the documented list, as `/pai eas deploy` sends it.
 */
function withInstanceType(cloud: unknown, type: string): Record<string, unknown> {
  const c = isObject(cloud) ? cloud : {};
  const computing = isObject(c.computing) ? c.computing : {};
  const list = Array.isArray(computing.instances) ? computing.instances : undefined;
  const hasType = typeof computing.instance_type === 'string';
  const first = list && isObject(list[0]) ? list[0] : {};
  return {
    ...c,
    computing: {
      ...computing,
      ...(hasType ? { instance_type: type } : {}),
      ...(list || !hasType ? { instances: [{ ...first, type }] } : {}),
    },
  };
}

export function buildModelServiceConfig(
  spec: InferenceSpec,
  cmd: Pick<GalleryDeployPayload, 'service' | 'instance' | 'replicas'>,
  workspaceId: string,
): SpecServiceConfig {
  const metadata = isObject(spec.metadata) ? spec.metadata : {};
  return {
    ...spec,
    // A spec in the legacy form names the service at the top level too; both must name the bot's service.
    ...('name' in spec ? { name: cmd.service } : {}),
    ...(cmd.instance !== undefined ? { cloud: withInstanceType(spec.cloud, cmd.instance) } : {}),
    metadata: {
      ...metadata,
      name: cmd.service,
      workspace_id: workspaceId,
      ...(cmd.replicas !== undefined ? { instance: cmd.replicas } : {}),
    },
  };
}

export function buildModelDeploy(
  source: ModelSource,
  cmd: Pick<GalleryDeployPayload, 'service' | 'instance' | 'replicas'>,
  workspaceId: string,
): ModelDeploy {
  return {
    id: source.id,
    name: source.name,
    version: source.version,
    ...(source.task ? { task: source.task } : {}),
    config: buildModelServiceConfig(source.spec, cmd, workspaceId),
    labels: modelLabels(source),
  };
}

/** The instance types a config asks for, in the order EAS tries them; empty when it names none. */
export function instanceTypesOf(config: Record<string, unknown>): string[] {
  const computing = isObject(config.cloud) && isObject(config.cloud.computing) ? config.cloud.computing : {};
  const listed = Array.isArray(computing.instances)
    ? computing.instances.flatMap((i) => (isObject(i) && typeof i.type === 'string' ? [i.type] : []))
    : [];
  const single = typeof computing.instance_type === 'string' ? [computing.instance_type] : [];
  return [...new Set([...single, ...listed])];
}

/** The first container's image, when the spec is container-based. */
export function imageOf(config: Record<string, unknown>): string | undefined {
  const first = Array.isArray(config.containers) ? config.containers[0] : undefined;
  return isObject(first) && typeof first.image === 'string' ? first.image : undefined;
}

/** metadata.instance, the replica count EAS starts with (1 when the spec leaves it out). */
export function replicasOf(config: SpecServiceConfig): number {
  const n = config.metadata.instance;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : 1;
}

/** Whether an existing service carries every one of these labels (DescribeService's Labels). */
export function hasLabels(
  service: { Labels?: { LabelKey: string; LabelValue: string }[] },
  labels: Record<string, string>,
): boolean {
  const have = new Map((service.Labels ?? []).map((l) => [l.LabelKey, l.LabelValue]));
  return Object.entries(labels).every(([k, v]) => have.get(k) === v);
}
