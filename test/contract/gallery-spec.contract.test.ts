// Every InferenceSpec of the simulator's gallery catalogue is a service config EAS accepts: the bot reads each version
// through its own WorkspaceClient, sets only the service name and workspace (what a gallery deploy does), and creates
// the service through its own EasClient; the simulator's CreateService validation passes and keeps the spec whole.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '@pai-bot/sim-kit/clock.js';
import { createEasClient, type EasClient } from '../../src/pai/eas-client.js';
import type { ServiceConfig } from '../../src/pai/eas-types.js';
import { createOpenApiTransport } from '../../src/pai/openapi.js';
import { createWorkspaceClient, type WorkspaceClient } from '../../src/pai/workspace-client.js';
import { GALLERY_PROVIDER, type InferenceSpec } from '../../src/pai/workspace-types.js';
import { createPaiSimulator, type PaiSimulator } from '@pai-bot/pai-sim/index.js';
import { loadContract, valuesAt } from './contract-fixture.js';

let sim: PaiSimulator;
let ws: WorkspaceClient;
let eas: EasClient;

beforeEach(async () => {
  sim = createPaiSimulator({
    clock: new ManualClock(Date.UTC(2026, 0, 10)),
    credentials: { AK1: 'secret1' },
    workspaces: [{ WorkspaceId: 'ws-dev', WorkspaceName: 'dev' }],
  });
  const base = await sim.start();
  const credentials = { accessKeyId: 'AK1', accessKeySecret: 'secret1' };
  const transport = createOpenApiTransport({ endpoint: base, credentials });
  ws = createWorkspaceClient(transport);
  eas = createEasClient(transport, { region: 'cn-shanghai' });
});

afterEach(async () => {
  await sim.stop();
});

/** The spec with the deployer's own name and workspace; every other key as the gallery gave it. */
function namedConfig(spec: InferenceSpec, name: string, workspaceId: string): Record<string, unknown> {
  const metadata = typeof spec.metadata === 'object' && spec.metadata !== null ? spec.metadata : {};
  return { ...spec, metadata: { ...metadata, name, workspace_id: workspaceId } };
}

async function everyVersion(): Promise<{ model: string; version: string; spec: InferenceSpec }[]> {
  const models = (await ws.listModels({ Provider: GALLERY_PROVIDER, PageSize: 100 })).Models;
  const out: { model: string; version: string; spec: InferenceSpec }[] = [];
  for (const m of models) {
    for (const v of (await ws.listModelVersions(m.ModelId, { PageSize: 100 })).Versions) {
      const got = await ws.getModelVersion(m.ModelId, v.VersionName);
      if (!got.InferenceSpec) throw new Error(`${m.ModelName} ${v.VersionName} has no InferenceSpec`);
      out.push({ model: m.ModelName, version: v.VersionName, spec: got.InferenceSpec });
    }
  }
  return out;
}

describe('the gallery catalogue deploys through EAS CreateService', () => {
  it("each version, named by the bot, is created as it is, in the bot's workspace", async () => {
    const versions = await everyVersion();
    expect(versions.length).toBeGreaterThanOrEqual(4);
    for (const [i, { model, version, spec }] of versions.entries()) {
      const name = `gallery_svc_${i}`;
      const config = namedConfig(spec, name, 'ws-dev');
      const labels = { RootModelName: model, RootModelVersion: version };
      // createService is typed for the configs the bot builds itself; a gallery spec is PAI's and may hold more keys.
      const created = await eas.createService(config as unknown as ServiceConfig, { workspaceId: 'ws-dev', labels });
      const what = `${model} ${version}`;
      expect(created, what).toMatchObject({ ServiceName: name, Status: 'Creating', Region: 'cn-shanghai' });
      const described = await eas.describeService(name);
      expect(JSON.parse(described.ServiceConfig ?? '{}'), `${what}: nothing dropped`).toEqual(config);
      expect(described.WorkspaceId).toBe('ws-dev');
      // The labels come back as the Service model's Labels [{LabelKey, LabelValue}].
      expect(described.Labels, `${what}: labels`).toEqual([
        { LabelKey: 'RootModelName', LabelValue: model },
        { LabelKey: 'RootModelVersion', LabelValue: version },
      ]);
    }
    expect(sim.callsOf('CreateService').map((c) => c.status)).toEqual(versions.map(() => 200));
  });

  it('uses only the documented keys of the EAS service config, and carries no service name of its own', async () => {
    const keys = loadContract('eas').actions.CreateService?.example.configKeys ?? {};
    for (const { model, version, spec } of await everyVersion()) {
      const what = `${model} ${version}`;
      expect(spec, what).not.toHaveProperty('name');
      expect(spec, what).not.toHaveProperty('metadata.name');
      expect(spec, what).toMatchObject({ metadata: { instance: 1 }, containers: [{ image: expect.any(String) }] });
      for (const [path, allowed] of Object.entries(keys)) {
        for (const value of valuesAt(spec, path)) {
          const unknown = Object.keys(value as object).filter((k) => !allowed.includes(k));
          expect(unknown, `${what} ${path}`).toEqual([]);
        }
      }
    }
  });
});
