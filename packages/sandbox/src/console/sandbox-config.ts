// The sandbox's fixed settings: obviously fake credentials and a built-in config file, so
// `npm run sandbox` needs nothing from the user and cannot reach a real Slack or Alibaba Cloud.

import { DEFAULT_EAS_INSTANCE } from '../../../../src/actions/inference/build-service-config.js';
import { loadConfig, type Config, type Env } from '../../../../src/config/load-config.js';
import { DEFAULT_NOTEBOOK_SPEC } from '@pai-bot/pai-sim/dsw-controls.js';
import type { BucketOptions } from '@pai-bot/pai-sim/oss/index.js';
import type { SimWorkspace } from '@pai-bot/pai-sim/index.js';

export const SANDBOX_BOT_TOKEN = 'xoxb-sandbox-0000-not-a-real-token';
export const SANDBOX_SIGNING_SECRET = 'sandbox-signing-secret-not-a-real-secret';
export const SANDBOX_ACCESS_KEY_ID = 'LTAI-SANDBOX-NOT-A-REAL-KEY';
export const SANDBOX_ACCESS_KEY_SECRET = 'sandbox-access-key-secret-not-real';
export const SANDBOX_SECRETS = [SANDBOX_BOT_TOKEN, SANDBOX_SIGNING_SECRET, SANDBOX_ACCESS_KEY_SECRET] as const;

/** The region of the sandbox config below, where the OSS simulator's buckets live unless they say otherwise. */
export const SANDBOX_REGION = 'cn-shanghai';

/** Not a file on disk: loadConfig reads it through an injected readFile. */
export const SANDBOX_CONFIG_PATH = 'sandbox:pai-bot.yaml';

export const SANDBOX_YAML = `
region: ${SANDBOX_REGION}
poll_interval: 200ms            # real time; the simulated clock runs faster, so this is seconds of PAI time
workspaces:
  - name: dev
    id: "100001"
    env: dev
    channels: [C0DEV]
  - name: prod
    id: "100002"
    env: prod
    channels: [C0PROD]
    approvers: [U0APPR1, U0APPR2]
    approvals_required: 2
alerts:
  channel: C0ONCALL
  mention: [S0ONCALL]             # the on-call user group, pinged by every alert
  cold_start_after: 30s           # simulated time (the bot runs on the simulated clock): a few seconds of watching
notebooks:
  idle_after: 30m                 # simulated time: an idle notebook is in the idle digest after half an hour (:advance 30m)
  digest_every: 24h               # one digest per workspace a day, as by default (:advance 24h for the next one)
pricing:                          # per instance and hour: the estimates on approvals, cards, the digest and /pai cost
  currency: CNY
  per_hour:
    ${DEFAULT_NOTEBOOK_SPEC}: 13.5   # one A10 GPU: the simulator's default DSW notebook type
    ${DEFAULT_EAS_INSTANCE}: 0.9           # what /pai eas deploy runs on without --instance
`;

export const SANDBOX_WORKSPACES: SimWorkspace[] = [
  { WorkspaceId: '100001', WorkspaceName: 'ml-dev' },
  { WorkspaceId: '100002', WorkspaceName: 'ml-prod', EnvTypes: ['prod'] },
];

export interface SandboxBucket extends BucketOptions {
  name: string;
  /** What it is for, in the welcome text. */
  about: string;
}

/** The OSS simulator's buckets: one the bot may read, one it may not, one in another region. */
export const SANDBOX_BUCKETS: readonly SandboxBucket[] = [
  { name: 'ml-data', objects: ['mnist/train.csv', 'mnist/test.csv', 'imagenet/train/part-0.tar'], about: 'readable' },
  { name: 'locked-data', objects: ['secret/part-0.parquet'], deny: true, about: "denied to the bot's AccessKey" },
  {
    name: 'hz-data',
    region: 'cn-hangzhou',
    objects: ['logs/2024-01-01.jsonl'],
    about: 'in cn-hangzhou, not the workspace region',
  },
];

/** Nothing listens on the discard port: an endpoint left unset fails locally instead of reaching a real service. */
const NOWHERE = 'http://127.0.0.1:9';

export interface SandboxEndpoints {
  slackApiUrl: string;
  simUrl: string;
  /** The OSS simulator (it speaks OSS's XML, not PAI's JSON); unset, OSS calls fail locally. */
  ossUrl?: string;
  redisUrl: string;
  logLevel?: string;
}

/** Every PAI endpoint points at the PAI simulator and OSS at the OSS simulator, so even a client the simulator lacks stays local. */
export function sandboxEnv({ slackApiUrl, simUrl, ossUrl, redisUrl, logLevel }: SandboxEndpoints): Env {
  return {
    SLACK_BOT_TOKEN: SANDBOX_BOT_TOKEN,
    SLACK_SIGNING_SECRET: SANDBOX_SIGNING_SECRET,
    SLACK_API_URL: slackApiUrl,
    PORT: '0',
    REDIS_URL: redisUrl,
    PAI_BOT_CONFIG: SANDBOX_CONFIG_PATH,
    ALIBABA_CLOUD_ACCESS_KEY_ID: SANDBOX_ACCESS_KEY_ID,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: SANDBOX_ACCESS_KEY_SECRET,
    PAI_DLC_ENDPOINT: simUrl,
    PAI_EAS_ENDPOINT: simUrl,
    PAI_WORKSPACE_ENDPOINT: simUrl,
    PAI_DSW_ENDPOINT: simUrl,
    OSS_ENDPOINT: ossUrl ?? NOWHERE,
    LOG_LEVEL: logLevel ?? 'info',
  };
}

export function loadSandboxConfig(endpoints: SandboxEndpoints): Readonly<Config> {
  return loadConfig({
    env: sandboxEnv(endpoints),
    role: 'all',
    readFile: (path) => {
      if (path !== SANDBOX_CONFIG_PATH) throw Object.assign(new Error(`no such file ${path}`), { code: 'ENOENT' });
      return SANDBOX_YAML;
    },
  });
}

export interface SandboxWorkspace {
  /** What `-w` takes, as in the bot's grammar. */
  alias: string;
  id: string;
  /** Channels where the workspace is the default. */
  channels: readonly string[];
}

let workspaces: readonly SandboxWorkspace[] | undefined;

/** The workspaces of the built-in config, known before anything starts, so script lines naming one are checked up front. */
export function sandboxWorkspaces(): readonly SandboxWorkspace[] {
  // The file part of the config does not depend on the endpoints: placeholders do.
  const placeholder = NOWHERE;
  workspaces ??= loadSandboxConfig({
    slackApiUrl: placeholder,
    simUrl: placeholder,
    ossUrl: placeholder,
    redisUrl: 'redis://127.0.0.1:6379',
  }).file.workspaces.map((w) => ({
    alias: w.name,
    id: w.id,
    channels: [...w.channels],
  }));
  return workspaces;
}

/** The workspace `-w alias` names, else the one whose default channel `channel` is. */
export function sandboxWorkspaceFor(alias: string | undefined, channel: string): SandboxWorkspace | undefined {
  return sandboxWorkspaces().find((w) => (alias === undefined ? w.channels.includes(channel) : w.alias === alias));
}
