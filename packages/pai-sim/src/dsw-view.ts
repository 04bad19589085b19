// Renders a notebook as ListInstances items and GetInstance show it: only fields of the SDK's response models, times in
// the SDK's example form (2021-01-12T14:36:01Z).

import type { NotebookState } from './dsw-lifecycle.js';
import type { NotebookRecord } from './dsw-store.js';
import type { EcsSpecCatalogue } from './dsw-specs.js';
import { isoSeconds } from './time-format.js';
import type { SimWorkspace } from './types.js';
import type { WireDswListItem, WireIdleInstanceCuller } from './wire/dsw.js';

export function isGpuSpec(catalogue: EcsSpecCatalogue, ecsSpec: string): boolean {
  return (catalogue.get(ecsSpec)?.GPU ?? 0) > 0;
}

export function renderCuller(record: NotebookRecord, state: NotebookState): WireIdleInstanceCuller | undefined {
  if (!state.culler) return undefined;
  return {
    InstanceId: record.instanceId,
    CpuPercentThreshold: state.culler.cpuPercentThreshold,
    GpuPercentThreshold: state.culler.gpuPercentThreshold,
    MaxIdleTimeInMinutes: state.culler.maxIdleTimeInMinutes,
    IdleTimeInMinutes: state.idleMinutes ?? 0,
  };
}

export interface ViewContext {
  catalogue: EcsSpecCatalogue;
  workspaces: readonly SimWorkspace[];
  region: string;
}

/**
 * A pay-as-you-go notebook names its ECS instance type (EcsSpec); a subscription one runs on its resource group and
 * shows what it requested (RequestedResource) instead.
 */
export function renderNotebook(ctx: ViewContext, record: NotebookRecord, state: NotebookState): WireDswListItem {
  const spec = ctx.catalogue.get(record.ecsSpec);
  const subscription = record.paymentType === 'Subscription';
  const culler = renderCuller(record, state);
  const workspace = ctx.workspaces.find((w) => w.WorkspaceId === record.workspaceId);
  const gateway = `https://dsw-gateway-${ctx.region}.aliyun.com/${record.instanceId}`;
  return {
    InstanceId: record.instanceId,
    InstanceName: record.name,
    WorkspaceId: record.workspaceId,
    ...(workspace ? { WorkspaceName: workspace.WorkspaceName } : {}),
    Status: state.status,
    ...(state.reason ? { ReasonCode: state.reason.code, ReasonMessage: state.reason.message } : {}),
    AcceleratorType: (spec?.GPU ?? 0) > 0 ? 'GPU' : 'CPU',
    Accessibility: 'PRIVATE',
    PaymentType: record.paymentType,
    ...(subscription
      ? {
          ResourceId: record.resourceId,
          RequestedResource: {
            CPU: String(spec?.CPU ?? 0),
            Memory: `${spec?.Memory ?? 0}Gi`,
            GPU: String(spec?.GPU ?? 0),
            ...(spec?.GPUType ? { GPUType: spec.GPUType } : {}),
          },
        }
      : { EcsSpec: record.ecsSpec }),
    AccumulatedRunningTimeInMs: state.accumulatedRunningMs,
    ...(culler ? { IdleInstanceCuller: culler } : {}),
    ImageName: record.image.split('/').at(-1) ?? record.image,
    ImageUrl: record.image,
    Labels: Object.entries(record.labels).map(([Key, Value]) => ({ Key, Value })),
    Priority: 1,
    UserId: record.userId,
    UserName: record.userName,
    GmtCreateTime: isoSeconds(record.createdAt),
    GmtModifiedTime: isoSeconds(state.since),
    InstanceUrl: `https://dsw-${ctx.region}.data.aliyun.com/notebook.htm?instance=${record.instanceId}`,
    JupyterlabUrl: `${gateway}/lab/`,
    TerminalUrl: `${gateway}/tty/`,
    WebIDEUrl: `${gateway}/ide/`,
  };
}
