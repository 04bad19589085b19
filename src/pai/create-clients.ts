import type { Config } from '../config/load-config.js';
import { createDlcClient, type DlcClient } from './dlc-client.js';
import { createDswClient, defaultDswEndpoint, type DswClient } from './dsw-client.js';
import { createEasClient, type EasClient } from './eas-client.js';
import { PaiError } from './errors.js';
import { createOpenApiTransport, defaultEndpoint, type OpenApiTransport } from './openapi.js';
import { createWorkspaceClient, type WorkspaceClient } from './workspace-client.js';

export interface PaiClients {
  dlc: DlcClient;
  eas: EasClient;
  workspaces: WorkspaceClient;
  dsw: DswClient;
}

/** Called after every PAI call with its action, `ok` or the error kind, and how long it took. */
export type PaiCallObserver = (action: string, result: string, seconds: number) => void;

function observed(t: OpenApiTransport, observe: PaiCallObserver | undefined): OpenApiTransport {
  if (!observe) return t;
  return {
    async call<T>(req: Parameters<OpenApiTransport['call']>[0]): Promise<T> {
      const started = performance.now();
      try {
        const res = await t.call<T>(req);
        observe(req.action, 'ok', (performance.now() - started) / 1000);
        return res;
      } catch (err) {
        observe(req.action, err instanceof PaiError ? err.kind : 'error', (performance.now() - started) / 1000);
        throw err;
      }
    },
  };
}

export function createPaiClients(
  config: Pick<Config, 'endpoints' | 'accessKey' | 'file'>,
  opts: { timeoutMs?: number; observe?: PaiCallObserver } = {},
): PaiClients {
  const region = config.file.region;
  const timeouts = opts.timeoutMs ? { readTimeoutMs: opts.timeoutMs, connectTimeoutMs: opts.timeoutMs } : {};
  const credentials = config.accessKey ? { credentials: config.accessKey } : {};
  const options = { ...credentials, userAgent: 'pai-chatops-bot', ...timeouts };
  const transport = (endpoint: string) => observed(createOpenApiTransport({ endpoint, ...options }), opts.observe);
  return {
    dlc: createDlcClient(transport(config.endpoints.dlc ?? defaultEndpoint('dlc', region))),
    eas: createEasClient(transport(config.endpoints.eas ?? defaultEndpoint('eas', region)), { region }),
    workspaces: createWorkspaceClient(transport(config.endpoints.workspace ?? defaultEndpoint('workspace', region))),
    dsw: createDswClient(transport(config.endpoints.dsw ?? defaultDswEndpoint(region))),
  };
}
