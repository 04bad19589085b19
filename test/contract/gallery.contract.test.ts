// The Model Gallery reads of AIWorkspace 2021-02-04 (ListModels, ListModelVersions, GetModelVersion): the bot's
// WorkspaceClient against the PAI simulator through real V3 signing, the simulator as strict as the SDK's request
// models, and compile-time checks that every field the bot's gallery types send or read is one the SDK defines
// (the simulator's wire types in packages/pai-sim/src/wire/gallery.ts are written from the SDK models).

import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { ManualClock } from '@pai-bot/sim-kit/clock.js';
import { createOpenApiTransport } from '../../src/pai/openapi.js';
import { PaiError } from '../../src/pai/errors.js';
import { createWorkspaceClient, listModelsQuery, type WorkspaceClient } from '../../src/pai/workspace-client.js';
import {
  GALLERY_PROVIDER,
  QUICKSTART_COLLECTION,
  type GetModelVersionResponse,
  type ListModelsQuery,
  type ListModelVersionsQuery,
  type Model,
  type ModelLabel,
  type ModelVersion,
} from '../../src/pai/workspace-types.js';
import { createPaiSimulator, type PaiSimulator } from '@pai-bot/pai-sim/index.js';
import { GALLERY_CATALOGUE } from '@pai-bot/pai-sim/gallery-catalogue.js';
import type {
  LIST_MODEL_VERSIONS_QUERY_KEYS,
  LIST_MODELS_QUERY_KEYS,
  WireGetModelVersionResponse,
  WireLabel,
  WireModel,
  WireModelVersion,
} from '@pai-bot/pai-sim/wire/gallery.js';
import { GALLERY_API_VERSION } from '@pai-bot/pai-sim/wire/gallery.js';
import { failure, sdkCaller } from '../support/openapi-sdk.js';

type NotInSdk<Bot, Sdk> = Exclude<keyof Bot, keyof Sdk>;
type NotIn<Bot, Keys extends readonly string[]> = Exclude<keyof Bot, Keys[number]>;

describe('the bot gallery types use only SDK field names', () => {
  it('requests: ListModels and ListModelVersions query keys', () => {
    expectTypeOf<NotIn<ListModelsQuery, typeof LIST_MODELS_QUERY_KEYS>>().toEqualTypeOf<never>();
    expectTypeOf<NotIn<ListModelVersionsQuery, typeof LIST_MODEL_VERSIONS_QUERY_KEYS>>().toEqualTypeOf<never>();
  });

  it('responses: Model, ModelVersion, Label, GetModelVersion', () => {
    expectTypeOf<NotInSdk<Model, WireModel>>().toEqualTypeOf<never>();
    expectTypeOf<NotInSdk<ModelVersion, WireModelVersion>>().toEqualTypeOf<never>();
    expectTypeOf<NotInSdk<ModelLabel, WireLabel>>().toEqualTypeOf<never>();
    expectTypeOf<NotInSdk<GetModelVersionResponse, WireGetModelVersionResponse>>().toEqualTypeOf<never>();
  });
});

const T0 = Date.UTC(2026, 0, 10);
const QWEN = 'model-qwen27binstruct0001';
let sim: PaiSimulator;
let base: string;
let ws: WorkspaceClient;

beforeEach(async () => {
  sim = createPaiSimulator({
    clock: new ManualClock(T0),
    credentials: { AK1: 'secret1' },
    workspaces: [{ WorkspaceId: 'ws-dev', WorkspaceName: 'dev' }],
  });
  base = await sim.start();
  const credentials = { accessKeyId: 'AK1', accessKeySecret: 'secret1' };
  ws = createWorkspaceClient(createOpenApiTransport({ endpoint: base, credentials }));
});

afterEach(async () => {
  await sim.stop();
});

const names = (models: Model[]) => models.map((m) => m.ModelName);
const quickStart: ListModelsQuery = { Provider: GALLERY_PROVIDER, Collections: [QUICKSTART_COLLECTION] };

describe('ListModels through the bot client', () => {
  it('lists the QuickStart catalogue of provider pai, each model with its latest version and spec', async () => {
    const r = await ws.listModels(quickStart);
    expect(names(r.Models)).toEqual(['qwen2-7b-instruct', 'qwen2-1.5b-instruct', 'bge-m3']);
    expect(r.TotalCount).toBe(3);
    expect(r.RequestId).not.toBe('');
    const qwen = r.Models[0];
    expect(qwen).toMatchObject({ ModelId: QWEN, Provider: 'pai', Task: 'text-generation', Domain: 'nlp' });
    expect(qwen?.LatestVersion?.VersionName).toBe('1.1.0');
    const spec = qwen?.LatestVersion?.InferenceSpec;
    expect(spec).toMatchObject({ containers: [{ port: 8000 }], metadata: { instance: 1 } });
    expect(sim.callsOf('ListModels')[0]?.query).toEqual({ Provider: 'pai', Collections: 'QuickStart' });
  });

  it("without Provider lists only the caller's own models (none); AI4D leaves QuickStart out", async () => {
    expect((await ws.listModels()).Models).toEqual([]);
    const ai4d = await ws.listModels({ Provider: 'pai', Collections: ['AI4D'] });
    expect(names(ai4d.Models)).toEqual(['easynlp_pai_bert_small_zh']);
    expect((await ws.listModels({ Provider: 'pai' })).TotalCount).toBe(4);
  });

  it('filters by task, fuzzy or exact name, query text, label and tag', async () => {
    const list = async (q: ListModelsQuery) => names((await ws.listModels({ ...quickStart, ...q })).Models);
    expect(await list({ Task: 'sentence-embedding' })).toEqual(['bge-m3']);
    expect(await list({ ModelName: 'QWEN2' })).toEqual(['qwen2-7b-instruct', 'qwen2-1.5b-instruct']);
    expect(await list({ ModelName: '"qwen2-7b-instruct"' })).toEqual(['qwen2-7b-instruct']);
    expect(await list({ ModelName: '"qwen2"' })).toEqual([]);
    expect(await list({ Query: 'embedding' })).toEqual(['bge-m3']);
    expect(await list({ Query: 'mit' })).toEqual(['bge-m3']);
    const qwens = ['qwen2-7b-instruct', 'qwen2-1.5b-instruct'];
    expect(await list({ Label: 'apache' })).toEqual(qwens);
    expect(await list({ Tag: [{ Key: 'series', Value: 'qwen2' }] })).toEqual(qwens);
    expect(await list({ Domain: 'cv' })).toEqual([]);
  });

  it('pages (PageSize default 10) and sorts by GmtCreateTime in either order', async () => {
    const page = await ws.listModels({ ...quickStart, PageSize: 2, PageNumber: 2 });
    expect(names(page.Models)).toEqual(['bge-m3']);
    expect(page.TotalCount).toBe(3);
    const newest = await ws.listModels({ ...quickStart, SortBy: 'GmtCreateTime', Order: 'DESC' });
    expect(names(newest.Models)).toEqual(['qwen2-1.5b-instruct', 'qwen2-7b-instruct', 'bge-m3']);
  });

  it('sends Collections comma-separated and Tag as JSON text, leaving empty ones out', () => {
    expect(listModelsQuery({ Collections: ['AI4D', 'QuickStart'], Tag: [{ Key: 'k', Value: 'v' }] })).toMatchObject({
      Collections: 'AI4D,QuickStart',
      Tag: '[{"Key":"k","Value":"v"}]',
    });
    expect(listModelsQuery({ Collections: [], Tag: [] })).toEqual({ Collections: undefined, Tag: undefined });
  });
});

describe('ListModelVersions and GetModelVersion through the bot client', () => {
  it("lists a model's versions oldest first (Order DESC newest first) and filters by name", async () => {
    const all = await ws.listModelVersions(QWEN);
    expect(all.Versions.map((v) => v.VersionName)).toEqual(['1.0.0', '1.1.0']);
    expect(all.TotalCount).toBe(2);
    const desc = await ws.listModelVersions(QWEN, { Order: 'DESC', SortBy: 'GmtCreateTime' });
    expect(desc.Versions.map((v) => v.VersionName)).toEqual(['1.1.0', '1.0.0']);
    const one = await ws.listModelVersions(QWEN, { VersionName: '1.0.0', ApprovalStatus: 'Approved' });
    expect(one.Versions.map((v) => v.VersionName)).toEqual(['1.0.0']);
  });

  it('returns one version with its InferenceSpec exactly as the catalogue holds it (no key dropped)', async () => {
    const v = await ws.getModelVersion(QWEN, '1.1.0');
    const held = GALLERY_CATALOGUE[0]?.versions.find((x) => x.VersionName === '1.1.0');
    expect(v.VersionName).toBe('1.1.0');
    expect(v.Uri).toBe(held?.Uri);
    expect(v.InferenceSpec).toEqual(held?.InferenceSpec);
    expect(v.Labels).toEqual([{ Key: 'serving', Value: 'vllm' }]);
    const path = `/api/v1/models/${QWEN}/versions/1.1.0`;
    expect(sim.callsOf('GetModelVersion')[0]).toMatchObject({ path, query: {} });
  });

  it('an unknown model or version is a not_found PaiError (404); an empty id is refused before sending', async () => {
    for (const call of [
      () => ws.getModelVersion('model-nope', '1.0.0'),
      () => ws.getModelVersion(QWEN, '9.9.9'),
      () => ws.listModelVersions('model-nope'),
    ]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PaiError);
      expect(err).toMatchObject({ kind: 'not_found' });
    }
    await expect(ws.getModelVersion('', '1.0.0')).rejects.toMatchObject({ kind: 'invalid', action: 'GetModelVersion' });
    await expect(ws.listModelVersions('..')).rejects.toMatchObject({ kind: 'invalid' });
    expect(sim.calls.filter((c) => c.path.includes('..') || c.path.endsWith('/models//versions'))).toEqual([]);
  });
});

describe("the simulator's publishModelVersion (a test control)", () => {
  it('adds a version that becomes the latest, or replaces one of the same name in place; unknown models throw', async () => {
    const v1 = GALLERY_CATALOGUE[0]!.versions[0]!;
    sim.publishModelVersion(QWEN, {
      ...structuredClone(v1),
      VersionName: '2.0.0',
      GmtCreateTime: '2026-01-01T00:00:00Z',
    });
    const listed = (await ws.listModels(quickStart)).Models.find((m) => m.ModelId === QWEN);
    expect(listed?.LatestVersion?.VersionName).toBe('2.0.0');
    expect((await ws.listModelVersions(QWEN)).Versions.map((v) => v.VersionName)).toEqual(['1.0.0', '1.1.0', '2.0.0']);

    sim.publishModelVersion(QWEN, { ...structuredClone(v1), Uri: 'oss://elsewhere/' });
    expect((await ws.getModelVersion(QWEN, '1.0.0')).Uri).toBe('oss://elsewhere/');
    expect((await ws.listModelVersions(QWEN)).Versions.map((v) => v.VersionName)).toEqual(['1.0.0', '1.1.0', '2.0.0']);
    // The fixed catalogue itself is untouched (each simulator has its own).
    expect(GALLERY_CATALOGUE[0]!.versions.map((v) => v.VersionName)).toEqual(['1.0.0', '1.1.0']);
    expect(() => sim.publishModelVersion('model-nope', v1)).toThrow(/no model model-nope/);
  });
});

describe('the simulator refuses what the SDK client would never send', () => {
  const invalid = { statusCode: 400, code: 'InvalidParameter' };

  it('unknown query keys, values outside the closed lists, bad paging, a bad Tag, an unknown workspace', async () => {
    const call = sdkCaller(base, { version: GALLERY_API_VERSION });
    const list = (query: Record<string, string>) => call('ListModels', 'GET', '/api/v1/models', { query });
    await list({ Provider: 'pai', Collections: 'QuickStart', WorkspaceId: 'ws-dev', Order: 'DESC' });
    const refused: Record<string, string>[] = [
      { Search: 'qwen' },
      { Collection: 'QuickStart' },
      { Order: 'desc' },
      { SortBy: 'ModelName' },
      { PageSize: '0' },
      { PageNumber: 'x' },
      { Tag: 'series=qwen2' },
      { Tag: '[{"key":"series","value":"qwen2"}]' },
      { WorkspaceId: 'ws-unknown' },
    ];
    for (const query of refused) {
      expect(await failure(list(query)), JSON.stringify(query)).toMatchObject(invalid);
    }
    const versions = (query: Record<string, string>) =>
      call('ListModelVersions', 'GET', `/api/v1/models/${QWEN}/versions`, { query });
    const refusedVersions: Record<string, string>[] = [
      { ApprovalStatus: 'approved' },
      { SourceType: 'Manual' },
      { Provider: 'pai' },
    ];
    for (const query of refusedVersions) {
      expect(await failure(versions(query)), JSON.stringify(query)).toMatchObject(invalid);
    }
    const get = `/api/v1/models/${QWEN}/versions/1.0.0`;
    expect(await failure(call('GetModelVersion', 'GET', get, { query: { Verbose: 'true' } }))).toMatchObject(invalid);
    expect(await failure(call('GetModelVersion', 'GET', `/api/v1/models/${QWEN}/versions/2.0.0`))).toMatchObject({
      statusCode: 404,
      code: 'ModelVersionNotFound',
    });
  });
});
