// Where a change lands, decided once and failing closed: a job or service PAI does not know, or one in a
// workspace the bot is not configured for, is refused here, never treated as "not prod".

import { findManagedService } from '../inference/find-managed-service.js';
import type { ActionServices } from '../action-context.js';
import type { MutatingJob } from '../action-jobs.js';
import type { ChangeTarget } from '../change-context.js';
import { BotError } from '../../errors/catalogue.js';
import { resolveModelDeploy } from '../gallery/resolve-model.js';
import { findManagedJob } from '../training/find-managed-job.js';
import { findNotebook, notebookView } from '../notebooks/find-notebook.js';
import { hashServiceRequest, type ApprovedTarget } from './request-store.js';

/** `approved`: what an approval recorded, for an approved run (a gallery deploy then reads the version approved). */
export async function resolveTarget(
  job: MutatingJob,
  pai: Pick<ActionServices, 'dlc' | 'eas' | 'dsw' | 'workspaces' | 'config' | 'region'>,
  approved?: ApprovedTarget,
): Promise<ChangeTarget> {
  const configured = (id: string) => {
    const ws = pai.config.workspaces.find((w) => w.id === id);
    // The listener resolved it from the config; a config reload that dropped it must not let the change through.
    if (!ws)
      throw new BotError('WORKSPACE_UNKNOWN', `Workspace ${id} is no longer in the bot's config; nothing was changed.`);
    return ws;
  };
  switch (job.type) {
    case 'dlc.submit':
      return { kind: 'new-job', workspace: configured(job.workspace.id) };
    case 'eas.deploy':
      return { kind: 'new-service', workspace: configured(job.workspace.id), service: job.command.service };
    case 'gallery.deploy': {
      const workspace = configured(job.workspace.id);
      const model = await resolveModelDeploy(pai.workspaces, job.command, workspace.id, approved?.model?.version);
      return { kind: 'new-service', workspace, service: job.command.service, model };
    }
    case 'dlc.stop': {
      const { job: found, workspace } = await findManagedJob(pai.dlc, pai.config.workspaces, job.jobId);
      return { kind: 'job', workspace, job: found };
    }
    case 'eas.change': {
      const { service: found, workspace } = await findManagedService(
        pai.eas,
        pai.config.workspaces,
        job.service,
        pai.region,
      );
      // The target is checkpointed in Redis (and shown by the queue dashboard): never with the service's token.
      const { AccessToken: _token, ...service } = found as typeof found & { AccessToken?: string };
      return { kind: 'service', workspace, service };
    }
    case 'dsw.change': {
      // In the command's workspace, or refused: GetInstance's WorkspaceId decides.
      const workspace = configured(job.workspace.id);
      const instance = await findNotebook(pai.dsw, pai.config.workspaces, workspace, job.instanceId);
      return { kind: 'notebook', workspace, instance: notebookView(instance) };
    }
  }
}

/** What an approval records of its target, to check the run against. */
export function approvedTargetOf(target: ChangeTarget): ApprovedTarget {
  switch (target.kind) {
    case 'new-job':
      return { workspaceId: target.workspace.id };
    case 'new-service': {
      const m = target.model;
      const request = m && hashServiceRequest({ workspaceId: target.workspace.id, labels: m.labels, config: m.config });
      return {
        workspaceId: target.workspace.id,
        service: target.service,
        ...(m && request ? { model: { id: m.id, version: m.version, request } } : {}),
      };
    }
    case 'job':
      return { workspaceId: target.workspace.id, jobId: target.job.JobId };
    case 'service':
      return {
        workspaceId: target.workspace.id,
        service: target.service.ServiceName,
        ...(target.service.ServiceId ? { serviceId: target.service.ServiceId } : {}),
      };
    case 'notebook':
      return { workspaceId: target.workspace.id, instanceId: target.instance.InstanceId };
  }
}

/** Why the target found now is not the one approved (a service deleted and created again, another workspace), or undefined. */
export function targetMismatch(approved: ApprovedTarget, now: ApprovedTarget): string | undefined {
  if (approved.workspaceId !== now.workspaceId)
    return `its target is now in workspace ${now.workspaceId}, not ${approved.workspaceId} as approved`;
  if (approved.jobId !== now.jobId)
    return `its target is job ${now.jobId ?? '(none)'}, not ${approved.jobId ?? '(none)'} as approved`;
  if (approved.instanceId !== now.instanceId)
    return `its target is notebook ${now.instanceId ?? '(none)'}, not ${approved.instanceId ?? '(none)'} as approved`;
  if (approved.serviceId !== undefined && approved.serviceId !== now.serviceId)
    return `service ${now.service ?? ''} is not the one approved (it was deleted and created again: id ${now.serviceId ?? '(none)'}, approved ${approved.serviceId})`;
  const [was, is] = [approved.model, now.model];
  if (was && (was.id !== is?.id || was.version !== is.version))
    return `it would deploy ${is ? `${is.id} version ${is.version}` : 'no model'}, not ${was.id} version ${was.version} as approved`;
  if (was && was.request !== is?.request)
    return `the CreateService request for ${was.id} version ${was.version} is no longer the one approved (the model's InferenceSpec changed)`;
  return undefined;
}
