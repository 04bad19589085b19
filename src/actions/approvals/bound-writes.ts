// The writes a change handler may make, bound to the target the gate resolved: the only place outside the
// PAI clients themselves where a mutating PAI call is written.

import type { DlcClient } from '../../pai/dlc-client.js';
import type { EasClient } from '../../pai/eas-client.js';
import type { ChangeTarget, JobWrites, NewJobWrites, NewServiceWrites, ServiceWrites } from '../change-context.js';
import { BotError } from '../../errors/catalogue.js';

export type AnyWrites = NewJobWrites | JobWrites | NewServiceWrites | ServiceWrites;

export function boundWrites(target: ChangeTarget, pai: { dlc: DlcClient; eas: EasClient }): AnyWrites {
  switch (target.kind) {
    case 'new-job':
      return { createJob: (req) => pai.dlc.createJob({ ...req, WorkspaceId: target.workspace.id }) } satisfies NewJobWrites;
    case 'job': {
      const id = target.job.JobId;
      return { stopJob: () => pai.dlc.stopJob(id) } satisfies JobWrites;
    }
    case 'new-service':
      return {
        createService: (config) => {
          if (config.metadata.name !== target.service) throw new BotError('INTERNAL', `The service config names ${config.metadata.name}, not ${target.service} as checked; nothing was created.`);
          return pai.eas.createService({ ...config, metadata: { ...config.metadata, workspace_id: target.workspace.id } }, { workspaceId: target.workspace.id });
        },
      } satisfies NewServiceWrites;
    case 'service': {
      const name = target.service.ServiceName;
      return {
        scale: (n) => pai.eas.scaleService(name, n),
        createAutoScaler: (req) => pai.eas.createAutoScaler(name, req),
        updateAutoScaler: (req) => pai.eas.updateAutoScaler(name, req),
        release: (req) => pai.eas.releaseService(name, req),
        stop: () => pai.eas.stopService(name),
        start: () => pai.eas.startService(name),
        restart: () => pai.eas.restartService(name),
        delete: () => pai.eas.deleteService(name),
      } satisfies ServiceWrites;
    }
  }
}
