import type { Config } from '../config/load-config.js';
import { createDlcClient, type DlcClient } from './dlc-client.js';
import { createEasClient, type EasClient } from './eas-client.js';
import { createOpenApiTransport, defaultEndpoint } from './openapi.js';
import { createWorkspaceClient, type WorkspaceClient } from './workspace-client.js';

export interface PaiClients {
  dlc: DlcClient;
  eas: EasClient;
  workspaces: WorkspaceClient;
}

export function createPaiClients(config: Pick<Config, 'endpoints' | 'accessKey' | 'file'>, opts: { timeoutMs?: number } = {}): PaiClients {
  const region = config.file.region;
  const timeouts = opts.timeoutMs ? { readTimeoutMs: opts.timeoutMs, connectTimeoutMs: opts.timeoutMs } : {};
  const transport = (endpoint: string) => createOpenApiTransport({ endpoint, ...(config.accessKey ? { credentials: config.accessKey } : {}), userAgent: 'pai-chatops-bot', ...timeouts });
  return {
    dlc: createDlcClient(transport(config.endpoints.dlc ?? defaultEndpoint('dlc', region))),
    eas: createEasClient(transport(config.endpoints.eas ?? defaultEndpoint('eas', region)), { region }),
    workspaces: createWorkspaceClient(transport(config.endpoints.workspace ?? defaultEndpoint('workspace', region))),
  };
}
