// Pure: a parsed command plus who asked and where → the job to queue, a confirmation to ask
// for first, or the reason it cannot run. Workspace defaults and the change policy apply here.

import type { FileConfig, WorkspaceConfig } from '../../config/file-schema.js';
import type { ActionJob, EasChange, Requester } from '../../actions/action-jobs.js';
import type { DswChange } from '../../actions/notebooks/payload.js';
import type { Command } from '../grammar/commands.js';
import type { ConfirmValue } from '../../render/eas-confirm.js';
import { resolveWorkspace } from '../resolve-workspace.js';

export type Built = { job: ActionJob } | { confirm: ConfirmValue } | { error: string };

/** Commands the listener answers itself, without queueing (they need no PAI call). */
export type LocalCommand = Extract<Command, { kind: 'help' | 'approvals' | 'cancel' | 'alerts' }>;

export function commandToJob(
  command: Exclude<Command, LocalCommand>,
  requester: Requester,
  config: FileConfig,
  key: string,
): Built {
  const inWorkspace = (alias: string | undefined, make: (ws: WorkspaceConfig) => ActionJob): Built => {
    const resolved = resolveWorkspace(alias, requester.channelId, config.workspaces);
    return resolved.ok ? { job: make(resolved.workspace) } : { error: resolved.message };
  };
  const ref = (ws: WorkspaceConfig) => ({ name: ws.name, id: ws.id });
  const change = (service: string, c: EasChange): Built => ({
    job: { type: 'eas.change', requester, service, change: c },
  });
  const notebook = (alias: string | undefined, instanceId: string, c: DswChange): Built =>
    inWorkspace(alias, (ws) => ({ type: 'dsw.change', requester, workspace: ref(ws), instanceId, change: c }));

  switch (command.kind) {
    case 'ws':
      return { job: { type: 'ws.list', requester } };
    case 'dlc.submit':
      return inWorkspace(command.workspace, (ws) => {
        const { workspace: _alias, ...cmd } = command;
        return { type: 'dlc.submit', requester, workspace: ref(ws), command: cmd, requestKey: key };
      });
    case 'dlc.list':
      return inWorkspace(command.workspace, (ws) => ({
        type: 'dlc.list',
        requester,
        workspace: ref(ws),
        mine: command.mine,
        ...(command.status ? { status: command.status } : {}),
      }));
    case 'dlc.status':
      return { job: { type: 'dlc.status', requester, jobId: command.jobId } };
    case 'dlc.stop':
      return { job: { type: 'dlc.stop', requester, jobId: command.jobId } };
    case 'dlc.logs':
      return {
        job: {
          type: 'dlc.logs',
          requester,
          jobId: command.jobId,
          tail: command.tail,
          ...(command.pod ? { pod: command.pod } : {}),
        },
      };
    case 'eas.deploy':
      return inWorkspace(command.workspace, (ws) => {
        const { workspace: _alias, ...cmd } = command;
        return { type: 'eas.deploy', requester, workspace: ref(ws), command: cmd, requestKey: key };
      });
    case 'eas.list':
      return inWorkspace(command.workspace, (ws) => ({ type: 'eas.list', requester, workspace: ref(ws) }));
    case 'eas.status':
    case 'eas.events':
      return { job: { type: command.kind, requester, service: command.service } };
    case 'eas.scale':
      return change(command.service, { verb: 'scale', replicas: command.replicas });
    case 'eas.autoscale':
      return change(command.service, {
        verb: 'autoscale',
        min: command.min,
        max: command.max,
        ...(command.qps !== undefined ? { qps: command.qps } : {}),
        ...(command.cpu !== undefined ? { cpu: command.cpu } : {}),
      });
    case 'eas.traffic':
      return change(command.service, { verb: 'traffic', weight: command.weight });
    case 'eas.stop':
    case 'eas.delete': {
      const verb = command.kind === 'eas.stop' ? 'stop' : 'delete';
      return command.yes ? change(command.service, { verb }) : { confirm: { verb, service: command.service } };
    }
    case 'eas.start':
    case 'eas.restart':
      return change(command.service, { verb: command.kind === 'eas.start' ? 'start' : 'restart' });
    case 'dsw.list':
      return inWorkspace(command.workspace, (ws) => ({
        type: 'dsw.list',
        requester,
        workspace: ref(ws),
        idle: command.idle,
        ...(command.status ? { status: command.status } : {}),
      }));
    case 'dsw.status':
      return inWorkspace(command.workspace, (ws) => ({
        type: 'dsw.status',
        requester,
        workspace: ref(ws),
        instanceId: command.instanceId,
      }));
    case 'dsw.stop': {
      const stop = { verb: 'stop', saveImage: command.saveImage } as const;
      const built = notebook(command.workspace, command.instanceId, stop);
      if (command.yes || !('job' in built)) return built;
      const { workspace } = built.job as { workspace: { name: string; id: string } };
      return { confirm: { verb: 'dsw-stop', instanceId: command.instanceId, saveImage: command.saveImage, workspace } };
    }
    case 'dsw.start':
      return notebook(command.workspace, command.instanceId, { verb: 'start' });
    case 'dsw.idle-stop':
      return notebook(command.workspace, command.instanceId, {
        verb: 'idle-stop',
        maxIdleMinutes: command.maxIdleMinutes,
        cpuPercent: command.cpuPercent,
        gpuPercent: command.gpuPercent,
      });
    case 'oss.check':
      return inWorkspace(command.workspace, (ws) => ({
        type: 'oss.check',
        requester,
        workspace: ref(ws),
        bucket: command.location.bucket,
        prefix: command.location.path,
      }));
    case 'gallery.list':
      return {
        job: {
          type: 'gallery.list',
          requester,
          ...(command.task !== undefined ? { task: command.task } : {}),
          ...(command.search !== undefined ? { search: command.search } : {}),
        },
      };
    case 'gallery.deploy':
      return inWorkspace(command.workspace, (ws) => {
        const { workspace: _alias, ...cmd } = command;
        return { type: 'gallery.deploy', requester, workspace: ref(ws), command: cmd, requestKey: key };
      });
    case 'cost':
      return inWorkspace(command.workspace, (ws) => ({
        type: 'cost.report',
        requester,
        workspace: ref(ws),
        sinceMs: command.since,
      }));
  }
}
