// The simulator's Model Gallery: a few PAI-provided models, each with versions whose InferenceSpec is an EAS service
// config template (metadata, cloud, containers, storage; no service name). Every template passes the simulator's own
// CreateService once a deployer sets metadata.name (and workspace_id), which is what a gallery deploy does.
// Invented for tests [A]: ids, images, instance types, OSS paths, dates and labels are plausible, not PAI's catalogue.

import type { WireLabel, WireModel, WireModelVersion } from './wire/gallery.js';

/** One catalogue model: the Model fields without LatestVersion (computed), its collections, and its versions. */
export interface GalleryEntry {
  model: Omit<WireModel, 'LatestVersion'>;
  /** The Collections a ListModels filter matches; the Model model itself carries no such field. */
  collections: readonly string[];
  versions: readonly WireModelVersion[];
}

const PAI_OWNER = '1557702098000000';
/** The sandbox region's public QuickStart bucket, internal endpoint: where EAS mounts a catalogue model from. */
const QUICKSTART_OSS = 'oss://pai-quickstart-cn-shanghai.oss-cn-shanghai-internal.aliyuncs.com';
const EAS_REGISTRY = 'eas-registry-vpc.cn-shanghai.cr.aliyuncs.com/pai-eas';
const MODEL_MOUNT = '/mnt/model';

interface SpecInput {
  image: string;
  script: string;
  instanceType: string;
  modelUri: string;
  port?: number;
}

/** An EAS service config template serving the model mounted read-only from OSS at MODEL_MOUNT. */
function servingSpec(s: SpecInput): Record<string, unknown> {
  return {
    metadata: { instance: 1, rpc: { keepalive: 500000 } },
    cloud: { computing: { instances: [{ type: s.instanceType }] } },
    containers: [{ image: s.image, script: s.script, port: s.port ?? 8000 }],
    storage: [
      { mount_path: MODEL_MOUNT, oss: { path: s.modelUri, readOnly: true }, properties: { resource_type: 'model' } },
    ],
  };
}

function vllmSpec(name: string, vllmImageTag: string, instanceType: string, modelUri: string): Record<string, unknown> {
  const script =
    `python3 -m vllm.entrypoints.openai.api_server --model ${MODEL_MOUNT} --served-model-name ${name} ` +
    '--port 8000 --trust-remote-code';
  return servingSpec({ image: `${EAS_REGISTRY}/vllm:${vllmImageTag}`, script, instanceType, modelUri });
}

function version(name: string, createdAt: string, fields: Omit<WireModelVersion, 'VersionName'>): WireModelVersion {
  return {
    VersionName: name,
    ApprovalStatus: 'Approved',
    OwnerId: PAI_OWNER,
    UserId: PAI_OWNER,
    GmtCreateTime: createdAt,
    GmtModifiedTime: createdAt,
    ...fields,
  };
}

const license = (value: string): WireLabel => ({ Key: 'license', Value: value });

function modelScopeUri(path: string): string {
  return `${QUICKSTART_OSS}/modelscope/models/${path}/`;
}

const QWEN2_7B = modelScopeUri('qwen2-7b-instruct');
const QWEN2_1_5B = modelScopeUri('qwen2-1.5b-instruct');
const BGE_M3 = modelScopeUri('bge-m3');
const BERT_SMALL = `${QUICKSTART_OSS}/easynlp/models/pai-bert-small-zh/`;

export const GALLERY_CATALOGUE: readonly GalleryEntry[] = [
  {
    model: {
      ModelId: 'model-qwen27binstruct0001',
      ModelName: 'qwen2-7b-instruct',
      ModelDescription: 'Qwen2 7B, instruction-tuned chat model.',
      ModelType: 'Checkpoint',
      Provider: 'pai',
      Task: 'text-generation',
      Domain: 'nlp',
      Origin: 'ModelScope',
      Accessibility: 'PUBLIC',
      Labels: [license('apache-2.0')],
      Tags: [{ Key: 'series', Value: 'qwen2' }],
      OrderNumber: 1,
      OwnerId: PAI_OWNER,
      UserId: PAI_OWNER,
      GmtCreateTime: '2024-06-07T08:00:00Z',
      GmtModifiedTime: '2024-09-20T08:00:00Z',
    },
    collections: ['QuickStart'],
    versions: [
      version('1.0.0', '2024-06-07T08:00:00Z', {
        VersionDescription: 'vLLM 0.5 on one A10.',
        Uri: QWEN2_7B,
        FrameworkType: 'PyTorch',
        InferenceSpec: vllmSpec(
          'qwen2-7b-instruct',
          '0.5.0-pytorch2.3-gpu-py310-cu121-ubuntu22.04',
          'ecs.gn7i-c8g1.2xlarge',
          QWEN2_7B,
        ),
      }),
      version('1.1.0', '2024-09-20T08:00:00Z', {
        VersionDescription: 'vLLM 0.6 on one A10.',
        Uri: QWEN2_7B,
        FrameworkType: 'PyTorch',
        Labels: [{ Key: 'serving', Value: 'vllm' }],
        InferenceSpec: vllmSpec(
          'qwen2-7b-instruct',
          '0.6.0-pytorch2.4-gpu-py310-cu121-ubuntu22.04',
          'ecs.gn7i-c8g1.2xlarge',
          QWEN2_7B,
        ),
      }),
    ],
  },
  {
    model: {
      ModelId: 'model-qwen215binstruct001',
      ModelName: 'qwen2-1.5b-instruct',
      ModelDescription: 'Qwen2 1.5B, instruction-tuned chat model; fits one T4.',
      ModelType: 'Checkpoint',
      Provider: 'pai',
      Task: 'text-generation',
      Domain: 'nlp',
      Origin: 'ModelScope',
      Accessibility: 'PUBLIC',
      Labels: [license('apache-2.0')],
      Tags: [{ Key: 'series', Value: 'qwen2' }],
      OrderNumber: 2,
      OwnerId: PAI_OWNER,
      UserId: PAI_OWNER,
      GmtCreateTime: '2024-06-07T09:00:00Z',
      GmtModifiedTime: '2024-06-07T09:00:00Z',
    },
    collections: ['QuickStart'],
    versions: [
      version('1.0.0', '2024-06-07T09:00:00Z', {
        Uri: QWEN2_1_5B,
        FrameworkType: 'PyTorch',
        Labels: [{ Key: 'serving', Value: 'vllm' }],
        InferenceSpec: vllmSpec(
          'qwen2-1.5b-instruct',
          '0.6.0-pytorch2.4-gpu-py310-cu121-ubuntu22.04',
          'ecs.gn6i-c4g1.xlarge',
          QWEN2_1_5B,
        ),
      }),
    ],
  },
  {
    model: {
      ModelId: 'model-bgem3embedding00001',
      ModelName: 'bge-m3',
      ModelDescription: 'BGE-M3 multilingual text embeddings.',
      ModelType: 'Checkpoint',
      Provider: 'pai',
      Task: 'sentence-embedding',
      Domain: 'nlp',
      Origin: 'ModelScope',
      Accessibility: 'PUBLIC',
      Labels: [license('mit')],
      OrderNumber: 3,
      OwnerId: PAI_OWNER,
      UserId: PAI_OWNER,
      GmtCreateTime: '2024-03-01T08:00:00Z',
      GmtModifiedTime: '2024-03-01T08:00:00Z',
    },
    collections: ['QuickStart'],
    versions: [
      version('1.0.0', '2024-03-01T08:00:00Z', {
        Uri: BGE_M3,
        FrameworkType: 'PyTorch',
        InferenceSpec: servingSpec({
          image: `${EAS_REGISTRY}/text-embeddings-inference:1.2-gpu`,
          script: `text-embeddings-router --model-id ${MODEL_MOUNT} --port 8000`,
          instanceType: 'ecs.gn6i-c4g1.xlarge',
          modelUri: BGE_M3,
        }),
      }),
    ],
  },
  {
    // A PAI model outside the QuickStart collection: the Collections filter must leave it out.
    model: {
      ModelId: 'model-easynlpbertsmallzh1',
      ModelName: 'easynlp_pai_bert_small_zh',
      ModelDescription: 'PAI BERT small (Chinese) for text classification.',
      ModelType: 'Checkpoint',
      Provider: 'pai',
      Task: 'text-classification',
      Domain: 'nlp',
      Origin: 'PAI',
      Accessibility: 'PUBLIC',
      Labels: [license('apache-2.0')],
      OrderNumber: 4,
      OwnerId: PAI_OWNER,
      UserId: PAI_OWNER,
      GmtCreateTime: '2023-05-10T08:00:00Z',
      GmtModifiedTime: '2023-05-10T08:00:00Z',
    },
    collections: ['AI4D'],
    versions: [
      version('0.1.0', '2023-05-10T08:00:00Z', {
        Uri: BERT_SMALL,
        FrameworkType: 'PyTorch',
        InferenceSpec: servingSpec({
          image: `${EAS_REGISTRY}/python-inference:py39-ubuntu2004`,
          script: `python app.py --model-dir ${MODEL_MOUNT}`,
          instanceType: 'ecs.c7.xlarge',
          modelUri: BERT_SMALL,
        }),
      }),
    ],
  },
];

/** The newest version by GmtCreateTime (ISO text of one form, so string order is time order). */
export function latestVersion(entry: GalleryEntry): WireModelVersion | undefined {
  return [...entry.versions].sort((a, b) => (a.GmtCreateTime ?? '').localeCompare(b.GmtCreateTime ?? '')).at(-1);
}

/**
 * The catalogue with `version` published for `modelId`: added, or replacing the version of that name in place (a
 * spec edited after the fact). What a test does to show a newer version, or a changed spec, between two reads.
 */
export function withVersion(
  catalogue: readonly GalleryEntry[],
  modelId: string,
  version: WireModelVersion,
): GalleryEntry[] {
  if (!catalogue.some((e) => e.model.ModelId === modelId)) throw new Error(`publishModelVersion: no model ${modelId}`);
  return catalogue.map((e) => {
    if (e.model.ModelId !== modelId) return e;
    const copy = structuredClone(version);
    const replaced = e.versions.some((v) => v.VersionName === version.VersionName);
    const versions = replaced
      ? e.versions.map((v) => (v.VersionName === version.VersionName ? copy : v))
      : [...e.versions, copy];
    return { ...e, versions };
  });
}
