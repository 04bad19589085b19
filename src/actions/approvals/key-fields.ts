// The few facts an approver must see in full before anything else: what image runs which command,
// at what scale, on which instances, with which data. Pure: everything comes from the queued job
// (and, for changes to something that exists, from its current state as PAI reported it), and
// defaults are resolved by the same builders that make the request, so the card and the call agree.

import { buildServiceConfig, DEFAULT_EAS_INSTANCE, DEFAULT_EAS_PORT } from '../inference/build-service-config.js';
import type { Job } from '../../pai/dlc-types.js';
import type {
  DlcStopJob,
  DlcSubmitJob,
  DswChangeJob,
  EasChangeJob,
  EasDeployJob,
  GalleryDeployJob,
  WorkspaceRef,
} from '../action-jobs.js';
import type { NotebookView } from '../change-context.js';
import { imageOf, instanceTypesOf, replicasOf, type ModelDeploy } from '../gallery/model-service.js';
import { idleCullerRequest } from '../notebooks/idle-culler-request.js';
import { hasIdleStopPolicy } from '../notebooks/idle-notebooks.js';
import { buildCreateJobRequest, DEFAULT_ECS_SPEC, SPOT_DISCOUNT_LIMIT } from '../training/build-create-job.js';

/** One labelled fact, as plain text: the renderer escapes it. */
export interface KeyField {
  label: string;
  value: string;
}

/** What runs now, for a change to an existing EAS service. */
export interface ServiceNow {
  status: string;
  totalInstance?: number;
  runningInstance?: number;
  weight?: number;
  /** Absent when the service has no autoscaler. */
  autoscaler?: { min?: number; max?: number; qps?: number };
}

const workspaceField = (w: WorkspaceRef): KeyField => ({ label: 'Workspace', value: `${w.name} (${w.id})` });

export function dlcSubmitKeyFields(job: DlcSubmitJob, region: string): KeyField[] {
  const cmd = job.command;
  // Mount paths default per bucket and path; take them from the body that will be sent.
  const body = buildCreateJobRequest(cmd, {
    workspaceId: job.workspace.id,
    region,
    requestKey: job.requestKey,
    requesterId: job.requester.userId,
  });
  const mounts = cmd.data.map((d, i) => `${d.uri} → ${body.DataSources?.[i]?.MountPath ?? '?'}`);
  const envNames = Object.keys(cmd.env);
  return [
    workspaceField(job.workspace),
    { label: 'Image', value: cmd.image },
    { label: 'Command', value: cmd.command },
    { label: 'Scale', value: `${cmd.workers} × Worker (${cmd.jobType})` },
    { label: 'Instance', value: cmd.instance ?? `${DEFAULT_ECS_SPEC} (default)` },
    ...(mounts.length
      ? [{ label: mounts.length === 1 ? 'Data mount' : `Data mounts (${mounts.length})`, value: mounts.join('\n') }]
      : []),
    ...(envNames.length
      ? [{ label: `Env names (${envNames.length}; values in the full request)`, value: envNames.join(', ') }]
      : []),
    ...(cmd.priority !== undefined ? [{ label: 'Priority', value: String(cmd.priority) }] : []),
    ...(cmd.spot
      ? [{ label: 'Spot', value: `yes, at up to ${Math.round(SPOT_DISCOUNT_LIMIT * 100)}% of the pay-as-you-go price` }]
      : []),
  ];
}

export function easDeployKeyFields(job: EasDeployJob): KeyField[] {
  const cmd = job.command;
  const mount = buildServiceConfig(cmd, job.workspace.id).storage?.[0];
  return [
    workspaceField(job.workspace),
    { label: 'Service', value: cmd.service },
    { label: 'Image', value: cmd.image },
    ...(cmd.command ? [{ label: 'Command', value: cmd.command }] : []),
    { label: 'Replicas', value: String(cmd.replicas) },
    { label: 'Instance', value: cmd.instance ?? `${DEFAULT_EAS_INSTANCE} (default)` },
    { label: 'Port', value: cmd.port !== undefined ? String(cmd.port) : `${DEFAULT_EAS_PORT} (default)` },
    ...(mount
      ? [
          {
            label: 'Model mount',
            value: `${mount.oss.path} → ${mount.mount_path}${mount.oss.readOnly ? ' (read-only)' : ''}`,
          },
        ]
      : []),
  ];
}

/** A gallery deploy: the model and version, then what the request it resolved to will run. */
export function galleryDeployKeyFields(job: GalleryDeployJob, model: ModelDeploy): KeyField[] {
  const cmd = job.command;
  const image = imageOf(model.config);
  const types = instanceTypesOf(model.config).join(', ') || 'none named';
  const from = (given: unknown) => (given === undefined ? ' (the model’s default)' : '');
  return [
    workspaceField(job.workspace),
    { label: 'Service', value: cmd.service },
    { label: 'Model', value: `${model.name} (${model.id})${model.task ? `, ${model.task}` : ''}` },
    { label: 'Version', value: model.version },
    ...(image ? [{ label: 'Image', value: image }] : []),
    { label: 'Instance', value: `${types}${from(cmd.instance)}` },
    { label: 'Replicas', value: `${replicasOf(model.config)}${from(cmd.replicas)}` },
    {
      label: 'Labels',
      value: Object.entries(model.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(', '),
    },
  ];
}

export function dlcStopKeyFields(
  job: DlcStopJob,
  current: Pick<Job, 'DisplayName' | 'JobType' | 'Status'>,
): KeyField[] {
  return [
    { label: 'Job id', value: job.jobId },
    { label: 'Job', value: `${current.DisplayName} (${current.JobType ?? 'job'}, ${current.Status})` },
    { label: 'Change', value: `status: ${current.Status} → Stopped` },
  ];
}

export function easChangeKeyFields(job: EasChangeJob, now: ServiceNow): KeyField[] {
  return [
    { label: 'Service', value: job.service },
    { label: 'Change', value: changeSummary(job.change, now) },
  ];
}

function changeSummary(c: EasChangeJob['change'], now: ServiceNow): string {
  switch (c.verb) {
    case 'scale':
      return `scale: ${now.totalInstance ?? 0} → ${c.replicas} instances`;
    case 'autoscale': {
      const qps = (v: number | undefined) => (v === undefined ? 'none' : String(v));
      const a = now.autoscaler;
      return a
        ? `autoscale: min ${a.min ?? '?'} → ${c.min}, max ${a.max ?? '?'} → ${c.max}, qps ${qps(a.qps)} → ${qps(c.qps)}`
        : `autoscale: none → min ${c.min}, max ${c.max}, qps ${qps(c.qps)}`;
    }
    case 'traffic':
      return `traffic weight: ${now.weight ?? 'unset'} → ${c.weight}`;
    case 'stop':
      return `stop: ${now.status} → Stopped, ${now.runningInstance ?? 0} running instances → 0`;
    case 'start':
      return `start: ${now.status} → Running`;
    case 'restart':
      return `restart: all ${now.totalInstance ?? 0} instances replaced`;
    case 'delete':
      return `delete: ${now.status} → deleted (endpoint removed; cannot be undone)`;
  }
}

/** A notebook's idle-stop policy in one line: "60 min idle, CPU < 20 %, GPU < 10 %", or none. */
export function idlePolicyLine(c: NotebookView['IdleInstanceCuller']): string {
  if (!hasIdleStopPolicy(c)) return 'none';
  const pct = (v: number | undefined) => (v === undefined ? '?' : `${v} %`);
  return `${c.MaxIdleTimeInMinutes} min idle, CPU < ${pct(c.CpuPercentThreshold)}, GPU < ${pct(c.GpuPercentThreshold)}`;
}

export function dswChangeKeyFields(job: DswChangeJob, now: NotebookView): KeyField[] {
  const c = job.change;
  const change =
    c.verb === 'stop'
      ? `stop: ${now.Status} → ${c.saveImage ? 'Saved (its environment saved as an image)' : 'Stopped'}`
      : c.verb === 'start'
        ? `start: ${now.Status} → Running`
        : `idle-stop: ${idlePolicyLine(now.IdleInstanceCuller)} → ${idlePolicyLine(idleCullerRequest(c))}`;
  return [
    workspaceField(job.workspace),
    { label: 'Notebook', value: `${now.InstanceName ?? '(no name)'} (${job.instanceId}), ${now.Status}` },
    { label: 'Instance type', value: now.EcsSpec ?? 'unknown' },
    { label: 'Change', value: change },
  ];
}
