// `/pai gallery list|deploy` end to end: signed Slack commands, the real bot, the PAI simulator's Model Gallery and
// EAS. A gallery deploy must produce one CreateService whose body is the model's spec with the bot's name, workspace
// and labels, through the eas deploy path (card, watcher), and in prod only once approved.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '@pai-bot/pai-sim/index.js';
import { GALLERY_CATALOGUE } from '@pai-bot/pai-sim/gallery-catalogue.js';
import { configYaml, DEV_WORKSPACE, oncallAlerts, prodWorkspace } from '../support/config-yaml.js';
import { pollServicesUntil } from '../support/cards.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';

const QWEN = 'model-qwen27binstruct0001';
const QWEN_SMALL = 'model-qwen215binstruct001';
const BGE = 'model-bgem3embedding00001';

// Prod: one approval of two approvers, so a requester who is an approver could approve alone if the bot let them.
const YAML = configYaml({
  workspaces: [DEV_WORKSPACE, prodWorkspace({ approvers: ['U0APPR1', 'U0APPR2'], required: 1 })],
  alerts: oncallAlerts(),
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ yaml: YAML });
});
afterAll(async () => h?.stop());

/** The catalogue's own spec of a version, read from the simulator's source, not through the bot. */
function specOf(modelId: string, version: string): Record<string, unknown> {
  const entry = GALLERY_CATALOGUE.find((e) => e.model.ModelId === modelId);
  const spec = entry?.versions.find((v) => v.VersionName === version)?.InferenceSpec;
  if (!spec) throw new Error(`no spec for ${modelId} ${version}`);
  return structuredClone(spec) as Record<string, unknown>;
}

const bodyOf = (c: RecordedCall) =>
  (typeof c.body === 'string' ? JSON.parse(c.body) : c.body) as Record<string, unknown>;
const createsOf = (name: string) =>
  h.sim
    .callsOf('CreateService')
    .filter((c) => bodyOf(c).metadata && name === (bodyOf(c).metadata as { name?: string }).name);

async function answerTo(text: string, opts: { user?: string; channel?: string } = {}) {
  const reply = await h.command(text, opts);
  expect(reply.status).toBe(200);
  const response = await h.slack.waitFor(() => h.slack.responses(reply.responseId).at(-1));
  return {
    ack: reply.json as { text: string },
    body: response.body as { text: string; blocks?: unknown[] },
    responseId: reply.responseId,
  };
}

const card = (channel: string, service: string) =>
  h.slack.messages(channel).find((m) => !m.thread_ts && m.text.includes(`EAS service ${service}`));

async function idle() {
  await eventually(
    async () => {
      const c = await h.queueCounts();
      return c.active === 0 && c.waiting === 0 && c.delayed === 0 && c.prioritized === 0;
    },
    10_000,
    'the action queue to drain',
  );
}

describe('gallery list', () => {
  it('lists the QuickStart models of provider pai: name, id, task and latest version', async () => {
    const { ack, body } = await answerTo('gallery list');
    expect(ack.text).toMatch(/Looking that up \(`gallery list`\)/);
    const shown = JSON.stringify(body.blocks);
    for (const text of [
      'qwen2-7b-instruct',
      QWEN,
      'text-generation',
      'latest 1.1.0',
      'bge-m3',
      BGE,
      'sentence-embedding',
    ])
      expect(shown).toContain(text);
    // The AI4D model is not in the QuickStart collection.
    expect(shown).not.toContain('easynlp');
    expect(body.text).toMatch(/Model Gallery \(QuickStart\): 3 model\(s\)/);
    expect(h.sim.callsOf('ListModels').at(-1)!.query).toMatchObject({ Provider: 'pai', Collections: 'QuickStart' });
  });

  it('--task and --search narrow the list (Task and Query)', async () => {
    const byTask = await answerTo('gallery list --task sentence-embedding');
    expect(JSON.stringify(byTask.body.blocks)).toContain('bge-m3');
    expect(JSON.stringify(byTask.body.blocks)).not.toContain('qwen2');
    expect(h.sim.callsOf('ListModels').at(-1)!.query).toMatchObject({ Task: 'sentence-embedding' });

    const bySearch = await answerTo('gallery list --search "qwen2 1.5b"');
    expect(h.sim.callsOf('ListModels').at(-1)!.query).toMatchObject({ Query: 'qwen2 1.5b', Provider: 'pai' });
    expect(bySearch.body.text).toMatch(/matching “qwen2 1.5b”/);
  });

  it('a task no model has: says so and names the tasks the catalogue has', async () => {
    const { body } = await answerTo('gallery list --task text-to-video');
    expect(body.text).toMatch(/no models/);
    expect(JSON.stringify(body.blocks)).toMatch(/Tasks in the catalogue: sentence-embedding, text-generation\./);
  });

  it('a malformed filter is refused with the usage, nothing queued', async () => {
    const before = h.sim.callsOf('ListModels').length;
    const reply = await h.command('gallery list --task "text generation"');
    expect(reply.json.text).toMatch(/--task is one task name .* for free text use --search/);
    expect(reply.json.text).toContain('/pai gallery list [--task &lt;task&gt;] [--search &lt;text&gt;]');
    await idle();
    expect(h.sim.callsOf('ListModels')).toHaveLength(before);
  });
});

describe('gallery deploy in dev', () => {
  it("creates one service whose body is the model's latest spec with the bot's name, workspace and labels, and follows it to Running", async () => {
    const reply = await h.command(`gallery deploy ${QWEN} qwen_chat`);
    expect(reply.json.text).toMatch(/Queued `gallery deploy model-qwen27binstruct0001 qwen_chat` in workspace \*dev\*/);
    const c = await h.slack.waitFor(() => card('C0DEV', 'qwen_chat'));

    const creates = createsOf('qwen_chat');
    expect(creates).toHaveLength(1);
    expect(h.sim.callsOf('CreateService')).toHaveLength(1);
    const spec = specOf(QWEN, '1.1.0');
    expect(bodyOf(creates[0]!)).toEqual({
      ...spec,
      metadata: { ...(spec.metadata as object), name: 'qwen_chat', workspace_id: '100001' },
    });
    expect(creates[0]!.query.WorkspaceId).toBe('100001');
    expect(JSON.parse(creates[0]!.query.Labels!)).toEqual({
      RootModelID: QWEN,
      RootModelName: 'qwen2-7b-instruct',
      RootModelVersion: '1.1.0',
    });
    // The version was read with GetModelVersion (its spec is what was sent).
    expect(h.sim.callsOf('GetModelVersion').at(-1)!.path).toBe(`/api/v1/models/${QWEN}/versions/1.1.0`);
    const created = h.sim.services().find((s) => s.ServiceName === 'qwen_chat');
    expect(created?.Labels).toEqual(expect.arrayContaining([{ LabelKey: 'RootModelVersion', LabelValue: '1.1.0' }]));

    // The eas deploy path: the card shows the image and follows the service to Running, then tells the requester.
    expect(c.text).toContain('Creating');
    expect(JSON.stringify(c.blocks)).toContain('vllm:0.6.0');
    await pollServicesUntil(h, () => c.text.includes('Running') && c.text.includes('1/1'), 'qwen_chat running');
    expect(h.slack.thread('C0DEV', c.ts).at(-1)!.text).toMatch(
      /<@U0ALICE> service `qwen_chat` is ready: 1\/1 instances running, .* after the deploy/,
    );
  });

  it('--instance and --replicas replace the spec’s instance type and metadata.instance; nothing else changes', async () => {
    await h.command(`gallery deploy ${BGE} bge_svc --instance ecs.gn7i-c8g1.2xlarge --replicas 3`);
    await h.slack.waitFor(() => card('C0DEV', 'bge_svc'));
    const creates = createsOf('bge_svc');
    expect(creates).toHaveLength(1);
    const spec = specOf(BGE, '1.0.0');
    expect(bodyOf(creates[0]!)).toEqual({
      ...spec,
      cloud: { computing: { instances: [{ type: 'ecs.gn7i-c8g1.2xlarge' }] } },
      metadata: { ...(spec.metadata as object), name: 'bge_svc', workspace_id: '100001', instance: 3 },
    });
  });

  it('an unknown model, or one outside QuickStart, gets a clear message and nothing is created', async () => {
    const before = h.sim.callsOf('CreateService').length;
    for (const id of ['model-nosuchmodel00001', 'model-easynlpbertsmallzh1']) {
      const { body } = await answerTo(`gallery deploy ${id} ghost_svc`);
      expect(body.text).toContain(`The Model Gallery has no model ${id}`);
      expect(body.text).toMatch(/nothing was deployed.*\/pai gallery list/);
    }
    await idle();
    expect(h.sim.callsOf('CreateService')).toHaveLength(before);
  });

  it('a name that is taken is refused like eas deploy refuses it', async () => {
    const before = h.sim.callsOf('CreateService').length;
    const { body } = await answerTo(`gallery deploy ${QWEN_SMALL} qwen_chat`);
    expect(body.text).toMatch(/An EAS service named qwen_chat already exists/);
    expect(h.sim.callsOf('CreateService')).toHaveLength(before);
  });

  it('a malformed deploy is refused with the usage, nothing queued', async () => {
    for (const [text, message] of [
      ['gallery deploy qwen2-7b-instruct my_svc', /looks like model-qwen27binstruct0001, not a model name/],
      [`gallery deploy ${QWEN} qwen-chat`, /did you mean qwen_chat\?/],
      [`gallery deploy ${QWEN} q_svc --replicas 0`, /--replicas must be a whole number from 1 to 100/],
      [`gallery deploy q_svc ${QWEN}`, /the model id comes first/],
    ] as const) {
      const reply = await h.command(text);
      expect(reply.json.text, text).toMatch(message);
      expect(reply.json.text, text).toContain(
        '/pai gallery deploy &lt;model-id&gt; &lt;service&gt; [--instance &lt;type&gt;] [--replicas N] [-w &lt;workspace&gt;]',
      );
    }
    await idle();
    expect(createsOf('q_svc')).toHaveLength(0);
    expect(createsOf('my_svc')).toHaveLength(0);
  });
});

describe('gallery deploy in prod', () => {
  const title = `gallery deploy ${QWEN_SMALL} qwen_small`;
  const request = () =>
    h.slack.waitFor(() => h.slack.messages('C0PROD').find((m) => !m.thread_ts && m.text.includes(title)), 5_000);

  it('posts an approval request showing model, version, instance, replicas and the exact request; nothing is created', async () => {
    const reply = await h.command(`gallery deploy ${QWEN_SMALL} qwen_small --replicas 2`, {
      user: 'U0APPR1',
      channel: 'C0PROD',
    });
    expect(reply.json.text).toMatch(/Workspace is prod: nothing runs until the approval request/);
    const m = await request();
    const shown = JSON.stringify(m.blocks);
    for (const text of [
      '*Model:* `qwen2-1.5b-instruct (model-qwen215binstruct001), text-generation`',
      '*Version:* `1.0.0`',
      '*Instance:* `ecs.gn6i-c4g1.xlarge (the model’s default)`',
      '*Replicas:* `2`',
      'RootModelVersion=1.0.0',
      'CreateService  POST /api/v2/services?WorkspaceId=100002',
      '\\"workspace_id\\": \\"100002\\"',
    ])
      expect(shown).toContain(text);
    await idle();
    expect(createsOf('qwen_small')).toHaveLength(0);
  });

  it('the service name is reserved meanwhile: a dev deploy of it is refused', async () => {
    const { body } = await answerTo(`gallery deploy ${BGE} qwen_small`);
    expect(body.text).toMatch(/reserved by a prod deploy that awaits approval/);
    expect(createsOf('qwen_small')).toHaveLength(0);
  });

  it('the requester cannot approve it; another approver can, and exactly one CreateService follows', async () => {
    const m = await request();
    await h.react('white_check_mark', m, { user: 'U0APPR1' });
    // The bot records the requester's vote as ignored (it has decided on it), and nothing runs.
    await eventually(
      async () =>
        (await h.redis.xrange(`${h.keyPrefix}:audit`, '-', '+')).some(
          ([, f]) => f.includes('ignored-vote') && f.includes('U0APPR1'),
        ),
      5_000,
      "the requester's vote to be ignored",
    );
    await idle();
    expect(createsOf('qwen_small')).toHaveLength(0);

    await h.react('white_check_mark', m, { user: 'U0APPR2' });
    await h.slack.waitFor(() => card('C0PROD', 'qwen_small'), 5_000);
    await idle();
    const creates = createsOf('qwen_small');
    expect(creates).toHaveLength(1);
    const spec = specOf(QWEN_SMALL, '1.0.0');
    expect(bodyOf(creates[0]!)).toEqual({
      ...spec,
      metadata: { ...(spec.metadata as object), name: 'qwen_small', workspace_id: '100002', instance: 2 },
    });
    expect(creates[0]!.query.WorkspaceId).toBe('100002');
    expect(JSON.parse(creates[0]!.query.Labels!)).toMatchObject({ RootModelID: QWEN_SMALL, RootModelVersion: '1.0.0' });
  });

  it('an approved deploy creates the version approved, though a newer one came out meanwhile', async () => {
    const t = `gallery deploy ${BGE} bge_prod`;
    await h.command(t, { user: 'U0APPR1', channel: 'C0PROD' });
    const m = await h.slack.waitFor(
      () => h.slack.messages('C0PROD').find((x) => !x.thread_ts && x.text.includes(t)),
      5_000,
    );
    const v1 = GALLERY_CATALOGUE.find((e) => e.model.ModelId === BGE)!.versions[0]!;
    h.sim.publishModelVersion(BGE, {
      ...structuredClone(v1),
      VersionName: '2.0.0',
      GmtCreateTime: '2026-01-01T00:00:00Z',
    });
    await h.react('white_check_mark', m, { user: 'U0APPR2' });
    await h.slack.waitFor(() => card('C0PROD', 'bge_prod'), 5_000);
    const creates = createsOf('bge_prod');
    expect(creates).toHaveLength(1);
    expect(JSON.parse(creates[0]!.query.Labels!)).toMatchObject({ RootModelVersion: '1.0.0' });
  });

  it("an approved deploy whose version's spec changed since is refused, and nothing is created", async () => {
    const t = `gallery deploy ${QWEN} qwen_prod`;
    await h.command(t, { user: 'U0APPR1', channel: 'C0PROD' });
    const m = await h.slack.waitFor(
      () => h.slack.messages('C0PROD').find((x) => !x.thread_ts && x.text.includes(t)),
      5_000,
    );
    const latest = GALLERY_CATALOGUE.find((e) => e.model.ModelId === QWEN)!.versions.at(-1)!;
    const edited = structuredClone(latest);
    (edited.InferenceSpec as { containers: { image: string }[] }).containers[0]!.image = 'registry.example.com/other:1';
    h.sim.publishModelVersion(QWEN, edited);
    await h.react('white_check_mark', m, { user: 'U0APPR2' });
    await eventually(
      () => h.slack.messages('C0PROD').find((x) => x.ts === m.ts && /InferenceSpec changed/.test(JSON.stringify(x))),
      5_000,
      'the request to say why it did not run',
    );
    await idle();
    expect(createsOf('qwen_prod')).toHaveLength(0);
  });
});
