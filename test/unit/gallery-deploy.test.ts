// The pure pieces of /pai gallery list|deploy: the CreateService request made of a gallery spec, what an approval
// binds of it, the approver's key fields, and the list renderer's paging.

import { describe, expect, it } from 'vitest';
import type { GalleryDeployJob } from '../../src/actions/action-jobs.js';
import { galleryDeployKeyFields } from '../../src/actions/approvals/key-fields.js';
import { hashServiceRequest } from '../../src/actions/approvals/request-store.js';
import { approvedTargetOf, targetMismatch } from '../../src/actions/approvals/resolve-target.js';
import {
  buildModelDeploy,
  buildModelServiceConfig,
  hasLabels,
  instanceTypesOf,
  replicasOf,
} from '../../src/actions/gallery/model-service.js';
import type { WorkspaceConfig } from '../../src/config/file-schema.js';
import type { Model } from '../../src/pai/workspace-types.js';
import { renderGalleryList } from '../../src/render/gallery-list.js';

const SPEC = {
  metadata: { instance: 1, rpc: { keepalive: 500000 } },
  cloud: { computing: { instances: [{ type: 'ecs.gn6i-c4g1.xlarge', spot_price_limit: 3 }] } },
  containers: [{ image: 'vllm:0.6', script: 'serve', port: 8000 }],
  storage: [{ mount_path: '/mnt/model', oss: { path: 'oss://b/m/', readOnly: true }, properties: { x: 1 } }],
};
const svc = { service: 'qwen_chat' };

describe('buildModelServiceConfig', () => {
  it('without --instance or --replicas: the spec as given, with the name and workspace in metadata', () => {
    const before = structuredClone(SPEC);
    expect(buildModelServiceConfig(SPEC, svc, '100001')).toEqual({
      ...SPEC,
      metadata: { instance: 1, rpc: { keepalive: 500000 }, name: 'qwen_chat', workspace_id: '100001' },
    });
    expect(SPEC).toEqual(before); // the spec itself is not changed
  });

  it('--replicas sets metadata.instance; --instance replaces the instances list (keeping the first entry’s keys)', () => {
    const c = buildModelServiceConfig(SPEC, { ...svc, instance: 'ecs.gn7i-c8g1.2xlarge', replicas: 4 }, 'w');
    expect(c.metadata).toMatchObject({ instance: 4, name: 'qwen_chat', workspace_id: 'w' });
    expect(c.cloud).toEqual({ computing: { instances: [{ type: 'ecs.gn7i-c8g1.2xlarge', spot_price_limit: 3 }] } });
    expect(c.containers).toEqual(SPEC.containers);
  });

  it('--instance goes to cloud.computing.instance_type when the spec uses that form, to both when it has both', () => {
    const single = { ...SPEC, cloud: { computing: { instance_type: 'ecs.c7.xlarge', disk: '50Gi' } } };
    expect(buildModelServiceConfig(single, { ...svc, instance: 'ecs.g7.2xlarge' }, 'w').cloud).toEqual({
      computing: { instance_type: 'ecs.g7.2xlarge', disk: '50Gi' },
    });
    const both = {
      ...SPEC,
      cloud: { computing: { instance_type: 'a.b', instances: [{ type: 'a.b' }, { type: 'c.d' }] } },
    };
    expect(buildModelServiceConfig(both, { ...svc, instance: 'e.f' }, 'w').cloud).toEqual({
      computing: { instance_type: 'e.f', instances: [{ type: 'e.f' }] },
    });
    const none = { metadata: { instance: 1 }, containers: SPEC.containers };
    expect(buildModelServiceConfig(none, { ...svc, instance: 'e.f' }, 'w').cloud).toEqual({
      computing: { instances: [{ type: 'e.f' }] },
    });
  });

  it('a legacy top-level name is the bot’s service name too; a spec without metadata gets one', () => {
    const legacy = { name: 'foo', processor: 'pmml' };
    expect(buildModelServiceConfig(legacy, svc, 'w')).toEqual({
      name: 'qwen_chat',
      processor: 'pmml',
      metadata: { name: 'qwen_chat', workspace_id: 'w' },
    });
  });

  it('reads back instance types, replicas (1 when absent) and labels', () => {
    const single = {
      metadata: { name: 'x' },
      cloud: { computing: { instance_type: 'a.b', instances: [{ type: 'c.d' }] } },
    };
    expect(instanceTypesOf(single)).toEqual(['a.b', 'c.d']);
    expect(instanceTypesOf({ metadata: { name: 'x' } })).toEqual([]);
    expect(replicasOf({ metadata: { name: 'x' } })).toBe(1);
    expect(replicasOf({ metadata: { name: 'x', instance: 0 } })).toBe(0);
    const labelled = {
      Labels: [
        { LabelKey: 'RootModelID', LabelValue: 'm' },
        { LabelKey: 'x', LabelValue: 'y' },
      ],
    };
    expect(hasLabels(labelled, { RootModelID: 'm' })).toBe(true);
    expect(hasLabels(labelled, { RootModelID: 'm', RootModelVersion: '1' })).toBe(false);
    expect(hasLabels({}, { RootModelID: 'm' })).toBe(false);
  });
});

const source = { id: 'model-a1', name: 'qwen', version: '1.1.0', task: 'text-generation', spec: SPEC };
const workspace = { name: 'prod', id: '100002', env: 'prod' } as WorkspaceConfig;

describe('what an approval binds of a gallery deploy', () => {
  const target = (version = '1.1.0', spec: Record<string, unknown> = SPEC) => ({
    kind: 'new-service' as const,
    workspace,
    service: 'qwen_chat',
    model: buildModelDeploy({ ...source, version, spec }, svc, workspace.id),
  });

  it('records the model, version and the hash of the exact request (workspace, labels, config)', () => {
    const t = target();
    expect(approvedTargetOf(t)).toEqual({
      workspaceId: '100002',
      service: 'qwen_chat',
      model: {
        id: 'model-a1',
        version: '1.1.0',
        request: hashServiceRequest({ workspaceId: '100002', labels: t.model.labels, config: t.model.config }),
      },
    });
    expect(t.model.labels).toEqual({ RootModelID: 'model-a1', RootModelName: 'qwen', RootModelVersion: '1.1.0' });
  });

  it('a run on the same request matches; another version or an edited spec does not, and says why', () => {
    const approved = approvedTargetOf(target());
    expect(targetMismatch(approved, approvedTargetOf(target()))).toBeUndefined();
    expect(targetMismatch(approved, approvedTargetOf(target('2.0.0')))).toMatch(
      /would deploy model-a1 version 2.0.0, not model-a1 version 1.1.0 as approved/,
    );
    const edited = { ...SPEC, containers: [{ image: 'other:1' }] };
    expect(targetMismatch(approved, approvedTargetOf(target('1.1.0', edited)))).toMatch(/InferenceSpec changed/);
    // Key order does not change the request.
    const reordered = {
      storage: SPEC.storage,
      containers: SPEC.containers,
      cloud: SPEC.cloud,
      metadata: SPEC.metadata,
    };
    expect(targetMismatch(approved, approvedTargetOf(target('1.1.0', reordered)))).toBeUndefined();
  });

  it('the key fields name the model, version, instance and replicas, and say which are the model’s own', () => {
    const t = target();
    const job: GalleryDeployJob = {
      type: 'gallery.deploy',
      requester: { userId: 'U1', channelId: 'C1' },
      workspace: { name: 'prod', id: '100002' },
      requestKey: 'k',
      command: { kind: 'gallery.deploy', modelId: 'model-a1', service: 'qwen_chat' },
    };
    const fields = Object.fromEntries(galleryDeployKeyFields(job, t.model).map((f) => [f.label, f.value]));
    expect(fields).toEqual({
      Workspace: 'prod (100002)',
      Service: 'qwen_chat',
      Model: 'qwen (model-a1), text-generation',
      Version: '1.1.0',
      Image: 'vllm:0.6',
      Instance: 'ecs.gn6i-c4g1.xlarge (the model’s default)',
      Replicas: '1 (the model’s default)',
      Labels: 'RootModelID=model-a1, RootModelName=qwen, RootModelVersion=1.1.0',
    });
  });
});

describe('renderGalleryList', () => {
  const models = (n: number): Model[] =>
    Array.from({ length: n }, (_, i) => ({
      ModelId: `model-${i}`,
      ModelName: `m${i}`,
      Task: 'text-generation',
      LatestVersion: { VersionName: '1.0.0' },
    }));

  it('one line per model: name, id, task, latest version; then how to deploy', () => {
    const m = renderGalleryList({ models: models(2), total: 2 });
    const text = JSON.stringify(m.blocks);
    expect(text).toContain('• *m0* `model-0` · text-generation · latest 1.0.0');
    expect(text).toContain('/pai gallery deploy &lt;model-id&gt; &lt;service&gt;');
    expect(text).not.toMatch(/more/);
    expect(m.text).toBe('Model Gallery (QuickStart): 2 model(s)');
  });

  it('says "…and N more" for what a page leaves out, counting from PAI’s total', () => {
    const m = renderGalleryList({ task: 'text-generation', models: models(25), total: 112 });
    expect(JSON.stringify(m.blocks)).toContain('…and 87 more; narrow it with --task or --search.');
    expect(m.text).toBe('Model Gallery (QuickStart), task text-generation: 112 model(s)');
    const over = renderGalleryList({ models: models(30), total: 30 });
    expect(JSON.stringify(over.blocks)).toContain('…and 5 more');
  });

  it('nothing matched: says so, with the catalogue’s tasks when a task was asked for', () => {
    const m = renderGalleryList({ task: 'video', models: [], total: 0, tasks: ['a-b', 'c'] });
    expect(m.text).toBe('Model Gallery (QuickStart), task video: no models.');
    expect(JSON.stringify(m.blocks)).toContain('No models match.\\nTasks in the catalogue: a-b, c.');
  });
});
