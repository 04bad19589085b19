// What an approver sees: the key fields first (image, command, scale, …), then the exact PAI call and
// every parameter it will send, or for a change to an existing EAS service, the field-by-field
// difference from what runs now.

import type { FileConfig } from '../../config/file-schema.js';
import { autoscalerRequest } from '../inference/autoscaler-request.js';
import { buildServiceConfig, DEFAULT_EAS_INSTANCE } from '../inference/build-service-config.js';
import type { ActionServices } from '../action-context.js';
import type { DswChangeJob, MutatingJob } from '../action-jobs.js';
import type { ChangeTarget } from '../change-context.js';
import { BotError } from '../../errors/catalogue.js';
import { autoscaleEstimate, podsEstimate, replicasEstimate, serviceEstimate } from '../costs/change-estimate.js';
import { serviceInstanceType } from '../costs/service-instance-type.js';
import { replicasOf } from '../gallery/model-service.js';
import { buildCreateJobRequest, DEFAULT_ECS_SPEC, SPOT_DISCOUNT_LIMIT } from '../training/build-create-job.js';
import { notebookView } from '../notebooks/find-notebook.js';
import { idleCullerRequest } from '../notebooks/idle-culler-request.js';
import { hasIdleStopPolicy } from '../notebooks/idle-notebooks.js';
import { instancePath } from '../../pai/dsw-client.js';
import {
  dlcStopKeyFields,
  dswChangeKeyFields,
  idlePolicyLine,
  dlcSubmitKeyFields,
  easChangeKeyFields,
  easDeployKeyFields,
  galleryDeployKeyFields,
  type KeyField,
  type ServiceNow,
} from './key-fields.js';

export interface ChangeDescription {
  title: string;
  /** The facts that matter most, shown first and in full. */
  keyFields: KeyField[];
  /** The full request: the PAI call line, then the body or the diff, as display lines. */
  details: string[];
  /**
   * What it will cost per hour once it runs (change-estimate.ts), or why no figure: for the changes that start
   * instances. Shown on the request, never part of what the request binds.
   */
  estimate?: string;
}

const json = (value: unknown) => JSON.stringify(value, null, 2).split('\n');

/** `target`: what the gate resolved; a gallery deploy is described from the request resolved there. */
export async function describeChange(
  action: MutatingJob,
  pai: Pick<ActionServices, 'dlc' | 'eas' | 'dsw' | 'region' | 'describeAction'> & {
    config?: Pick<FileConfig, 'pricing'>;
  },
  target?: ChangeTarget,
): Promise<ChangeDescription> {
  const title = pai.describeAction(action);
  const pricing = pai.config?.pricing;
  switch (action.type) {
    case 'dlc.submit': {
      const body = buildCreateJobRequest(action.command, {
        workspaceId: action.workspace.id,
        region: pai.region,
        requestKey: action.requestKey,
        requesterId: action.requester.userId,
      });
      const cmd = action.command;
      const spot = cmd.spot ? { bidPercent: Math.round(SPOT_DISCOUNT_LIMIT * 100) } : undefined;
      return {
        title,
        keyFields: dlcSubmitKeyFields(action, pai.region),
        details: ['CreateJob  POST /api/v1/jobs', ...json(body)],
        estimate: podsEstimate(pricing, cmd.instance ?? DEFAULT_ECS_SPEC, cmd.workers, spot),
      };
    }
    case 'eas.deploy':
      return {
        title,
        keyFields: easDeployKeyFields(action),
        details: [
          `CreateService  POST /api/v2/services?WorkspaceId=${action.workspace.id}`,
          ...json(buildServiceConfig(action.command, action.workspace.id)),
        ],
        estimate: replicasEstimate(pricing, action.command.instance ?? DEFAULT_EAS_INSTANCE, action.command.replicas),
      };
    case 'gallery.deploy': {
      const model = target?.kind === 'new-service' ? target.model : undefined;
      if (!model)
        throw new BotError('INTERNAL', `No model was resolved for ${action.command.modelId}; nothing was asked.`);
      // The query as the client sends it before encoding: the labels are a JSON object.
      const query = `WorkspaceId=${action.workspace.id}&Labels=${JSON.stringify(model.labels)}`;
      return {
        title,
        keyFields: galleryDeployKeyFields(action, model),
        details: [`CreateService  POST /api/v2/services?${query}`, ...json(model.config)],
        estimate: serviceEstimate(
          pricing,
          serviceInstanceType({ ServiceConfig: JSON.stringify(model.config) }),
          replicasOf(model.config),
        ),
      };
    }
    case 'dlc.stop': {
      const job = await pai.dlc.getJob(action.jobId);
      return {
        title,
        keyFields: dlcStopKeyFields(action, job),
        details: [
          `StopJob  POST /api/v1/jobs/${action.jobId}/stop`,
          `job: ${job.DisplayName} (${job.JobType ?? 'job'}, ${job.Status})`,
          `status: ${job.Status} → Stopped`,
        ],
      };
    }
    case 'dsw.change':
      return describeNotebookChange(action, pai, title);
    case 'eas.change': {
      const s = await pai.eas.describeService(action.service);
      const path = `/api/v2/services/${pai.region}/${action.service}`;
      const c = action.change;
      const now: ServiceNow = {
        status: s.Status,
        totalInstance: s.TotalInstance,
        runningInstance: s.RunningInstance,
        weight: s.Weight,
      };
      const keyFields = easChangeKeyFields(action, now);
      switch (c.verb) {
        case 'scale':
          return {
            title,
            keyFields,
            details: [
              `ScaleService  PUT ${path}/scale`,
              ...json({ Instance: c.replicas }),
              `instances: ${s.TotalInstance ?? 0} → ${c.replicas}`,
            ],
            estimate: serviceEstimate(pricing, serviceInstanceType(s), c.replicas),
          };
        case 'autoscale': {
          // The Service model has no autoscaler field: whether one exists is DescribeServiceAutoScaler's to say (as in
          // change-service.ts).
          const current = await pai.eas.describeAutoScaler(action.service).then(
            (r) => (r.MaxReplica !== undefined ? r : undefined),
            () => undefined,
          );
          const body = autoscalerRequest(c);
          const oldQps = current?.ScaleStrategies?.find((x) => x.metricName === 'qps')?.threshold;
          const diff = current
            ? [
                `min: ${current.MinReplica ?? '?'} → ${c.min}`,
                `max: ${current.MaxReplica ?? '?'} → ${c.max}`,
                `qps: ${oldQps ?? 'none'} → ${c.qps ?? 'none'}`,
              ]
            : [`autoscaler: none → min ${c.min}, max ${c.max}${c.qps !== undefined ? `, qps ${c.qps}` : ''}`];
          const withAutoscaler = current
            ? { ...now, autoscaler: { min: current.MinReplica, max: current.MaxReplica, qps: oldQps } }
            : now;
          return {
            title,
            keyFields: easChangeKeyFields(action, withAutoscaler),
            details: [
              `${current ? 'UpdateServiceAutoScaler  PUT' : 'CreateServiceAutoScaler  POST'} ${path}/autoscaler`,
              ...json(body),
              ...diff,
            ],
            estimate: autoscaleEstimate(pricing, serviceInstanceType(s), c.min, c.max),
          };
        }
        case 'traffic':
          return {
            title,
            keyFields,
            details: [
              `ReleaseService  PUT ${path}/release`,
              ...json({ Weight: c.weight }),
              `weight: ${s.Weight ?? 'unset'} → ${c.weight}`,
            ],
          };
        case 'stop':
          return {
            title,
            keyFields,
            details: [
              `StopService  PUT ${path}/stop`,
              `status: ${s.Status} → Stopped`,
              `instances: ${s.RunningInstance ?? 0} running → 0`,
            ],
          };
        case 'start':
          return { title, keyFields, details: [`StartService  PUT ${path}/start`, `status: ${s.Status} → Running`] };
        case 'restart':
          return {
            title,
            keyFields,
            details: [`RestartService  PUT ${path}/restart`, `instances: ${s.TotalInstance ?? 0} replaced`],
          };
        case 'delete':
          return {
            title,
            keyFields,
            details: [
              `DeleteService  DELETE ${path}`,
              `status: ${s.Status} → deleted (endpoint removed; cannot be undone)`,
            ],
          };
      }
    }
  }
}

async function describeNotebookChange(
  action: DswChangeJob,
  pai: Pick<ActionServices, 'dsw'>,
  title: string,
): Promise<ChangeDescription> {
  // The gate has just found it in the command's workspace; this is what runs now.
  const now = notebookView(await pai.dsw.getInstance(action.instanceId));
  const path = instancePath(action.instanceId);
  const c = action.change;
  const keyFields = dswChangeKeyFields(action, now);
  const notebook = `notebook: ${now.InstanceName ?? '(no name)'} (${now.EcsSpec ?? 'unknown type'}, ${now.Status})`;
  switch (c.verb) {
    case 'stop':
      return {
        title,
        keyFields,
        details: [
          `StopInstance  PUT ${path}/stop${c.saveImage ? '?SaveImage=true' : ''}`,
          notebook,
          `status: ${now.Status} → ${c.saveImage ? 'Saving → Saved' : 'Stopped'}`,
        ],
      };
    case 'start':
      return {
        title,
        keyFields,
        details: [`StartInstance  PUT ${path}/start`, notebook, `status: ${now.Status} → Running`],
      };
    case 'idle-stop': {
      const existing = hasIdleStopPolicy(now.IdleInstanceCuller);
      return {
        title,
        keyFields,
        details: [
          // PAI keeps one policy per instance: the current one goes first.
          ...(existing ? [`DeleteIdleInstanceCuller  DELETE ${path}/idleinstanceculler`] : []),
          `CreateIdleInstanceCuller  POST ${path}/idleinstanceculler`,
          ...json(idleCullerRequest(c)),
          notebook,
          `idle-stop: ${idlePolicyLine(now.IdleInstanceCuller)} → ${idlePolicyLine(idleCullerRequest(c))}`,
        ],
      };
    }
  }
}
