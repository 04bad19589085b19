// AIWorkspace 2021-02-04: every action the bot's WorkspaceClient calls (ListWorkspaces and the Model Gallery reads),
// checked against the fixture written from the SDK (test/contract/fixtures/workspace.json).

import { beforeAll } from 'vitest';
import { createWorkspaceClient, type WorkspaceClient } from '../../src/pai/workspace-client.js';
import type { ListModelsQuery, ListModelVersionsQuery, ListWorkspacesQuery } from '../../src/pai/workspace-types.js';
import { useRecordingOpenApiServer } from '../support/recording-openapi-server.js';
import { describeContract, loadContract, tracked } from './contract-fixture.js';

const contract = loadContract('workspace');
const api = useRecordingOpenApiServer({ accessKeyId: 'AK-contract', accessKeySecret: 'secret-contract-1' });
let ws: WorkspaceClient;
let called: Set<string>;

beforeAll(() => {
  ({ client: ws, called } = tracked(createWorkspaceClient(api.transport)));
});

const INVOKE: Record<string, (input: Record<string, unknown>) => Promise<unknown>> = {
  ListWorkspaces: (i) => ws.listWorkspaces(i as ListWorkspacesQuery),
  ListModels: (i) => ws.listModels(i as ListModelsQuery),
  ListModelVersions: (i) => ws.listModelVersions(i.modelId as string, i.query as ListModelVersionsQuery),
  GetModelVersion: (i) => ws.getModelVersion(i.modelId as string, i.versionName as string),
};

describeContract(
  contract,
  INVOKE,
  api,
  () => called,
  () => Object.keys(createWorkspaceClient(api.transport)),
);
