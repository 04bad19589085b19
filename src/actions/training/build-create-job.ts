// Pure: turns the stored `/pai dlc submit` payload into the CreateJob body PAI expects.

import type { CreateJobRequest, DataSource, JobSpec } from '../../pai/dlc-types.js';
import type { DataMount, DlcSubmitPayload } from './payload.js';

/** Used when --instance is omitted: a small general-purpose CPU instance, cheap to get wrong. */
export const DEFAULT_ECS_SPEC = 'ecs.g6.xlarge';
/** --spot bids up to this fraction of the pay-as-you-go price. */
export const SPOT_DISCOUNT_LIMIT = 0.9;
export const REQUEST_TAG = 'chatops-request';
export const REQUESTER_TAG = 'chatops-requester';

export interface SubmitTarget {
  workspaceId: string;
  region: string;
  requestKey: string;
  requesterId: string;
}

export function buildCreateJobRequest(cmd: DlcSubmitPayload, target: SubmitTarget): CreateJobRequest {
  const spec: JobSpec = {
    Type: 'Worker',
    Image: cmd.image,
    PodCount: cmd.workers,
    EcsSpec: cmd.instance ?? DEFAULT_ECS_SPEC,
    ...(cmd.spot ? { SpotSpec: { SpotStrategy: 'SpotWithPriceLimit', SpotDiscountLimit: SPOT_DISCOUNT_LIMIT } } : {}),
  };
  const body: CreateJobRequest = {
    DisplayName: cmd.name,
    JobType: cmd.jobType,
    JobSpecs: [spec],
    UserCommand: cmd.command,
    WorkspaceId: target.workspaceId,
    Settings: { Tags: { [REQUEST_TAG]: target.requestKey, [REQUESTER_TAG]: target.requesterId } },
  };
  if (cmd.data.length) body.DataSources = cmd.data.map((d) => dataSource(d, target.region));
  if (Object.keys(cmd.env).length) body.Envs = { ...cmd.env };
  if (cmd.priority !== undefined) body.Priority = cmd.priority;
  return body;
}

/** DLC mounts OSS through the region's internal endpoint (free traffic, no public egress). */
function dataSource(d: DataMount, region: string): DataSource {
  const path = d.path.replace(/^\/+/, '');
  const dir = path === '' || path.endsWith('/') ? path : `${path}/`;
  return {
    Uri: `oss://${d.bucket}.oss-${region}-internal.aliyuncs.com/${dir}`,
    MountPath: d.mountPath ?? `/mnt/data/${d.bucket}${dir ? `/${dir.replace(/\/$/, '')}` : ''}`,
  };
}
