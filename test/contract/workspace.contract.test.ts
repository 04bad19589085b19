// AIWorkspace 2021-02-04: ListWorkspaces, the only action the bot's WorkspaceClient calls, checked against the fixture
// written from the SDK (test/contract/fixtures/workspace.json).

import { beforeAll, describe, expect, it } from 'vitest';
import { createWorkspaceClient, type WorkspaceClient } from '../../src/pai/workspace-client.js';
import type { ListWorkspacesQuery } from '../../src/pai/workspace-types.js';
import { useRecordingOpenApiServer } from '../support/recording-openapi-server.js';
import { expectExampleRequest, expectWithinContract, loadContract, tracked } from './contract-fixture.js';

const contract = loadContract('workspace');
const api = useRecordingOpenApiServer({ accessKeyId: 'AK-contract', accessKeySecret: 'secret-contract-1' });
let ws: WorkspaceClient;
let called: Set<string>;

beforeAll(() => {
  ({ client: ws, called } = tracked(createWorkspaceClient(api.transport)));
});

const INVOKE: Record<string, (input: Record<string, unknown>) => Promise<unknown>> = {
  ListWorkspaces: (i) => ws.listWorkspaces(i as ListWorkspacesQuery),
};

describe(`${contract.product} ${contract.version} contract`, () => {
  for (const [action, c] of Object.entries(contract.actions)) {
    it(`${action}: ${c.method} ${c.path} as ${c.source[0]} builds it; the example response parses`, async () => {
      const invoke = INVOKE[action];
      if (!invoke) throw new Error(`no client call for ${action}`);
      api.answer = { status: 200, json: c.example.response };
      const parsed = await invoke(c.example.input);
      const r = api.last();
      expectWithinContract(r, c, action, contract.version);
      expectExampleRequest(r, c);
      expect(parsed).toMatchObject(c.example.parsed as object);
    });
  }

  it('covers every method of the client, one action each', () => {
    expect(Object.keys(INVOKE).sort()).toEqual(Object.keys(contract.actions).sort());
    expect([...called].sort()).toEqual(Object.keys(createWorkspaceClient(api.transport)).sort());
  });
});
