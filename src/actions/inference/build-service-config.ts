// Pure: turns `/pai eas deploy` into the EAS service config (sent to CreateService as a JSON string).

import type { ServiceConfig } from '../../pai/eas-types.js';
import type { EasDeployPayload } from './payload.js';

/** Used when --instance is omitted: a small CPU instance (4 vCPU, 8 GiB). */
export const DEFAULT_EAS_INSTANCE = 'ecs.c7.xlarge';
export const DEFAULT_EAS_PORT = 8000;
export const MODEL_MOUNT_PATH = '/models';

export function buildServiceConfig(cmd: EasDeployPayload, workspaceId: string): ServiceConfig {
  const dir = cmd.model
    ? cmd.model.path === '' || cmd.model.path.endsWith('/')
      ? cmd.model.path
      : `${cmd.model.path}/`
    : '';
  return {
    metadata: { name: cmd.service, instance: cmd.replicas, workspace_id: workspaceId },
    cloud: { computing: { instances: [{ type: cmd.instance ?? DEFAULT_EAS_INSTANCE }] } },
    // `script` is how the official service-config examples start a container; `command` is not documented there.
    containers: [
      { image: cmd.image, port: cmd.port ?? DEFAULT_EAS_PORT, ...(cmd.command ? { script: cmd.command } : {}) },
    ],
    ...(cmd.model
      ? {
          storage: [
            { mount_path: MODEL_MOUNT_PATH, oss: { path: `oss://${cmd.model.bucket}/${dir}`, readOnly: true } },
          ],
        }
      : {}),
  };
}
