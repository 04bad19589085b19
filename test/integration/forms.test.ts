// The forms (issue 21, item 2): `/pai dlc submit` with no arguments and the "Submit a training job" shortcut open a
// modal, as `/pai eas deploy` with no arguments does; a submission is checked by the grammar (errors on the field,
// nothing queued) and a good one queues exactly one job through the typed command's path, even when delivered twice.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_YAML, eventually, startHarness, type Harness } from '../support/harness.js';

const YAML = `${DEFAULT_YAML}pricing:\n  currency: CNY\n  per_hour:\n    ecs.gn6i-c4g1.xlarge: 9.5\n`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ yaml: YAML });
});
afterAll(async () => h?.stop());

type Block = { type: string; block_id?: string; optional?: boolean; element: Record<string, unknown> };
type View = { id: string; callback_id?: unknown; private_metadata?: unknown; title: { text: string }; blocks: Block[] };

async function openFromCommand(channel = 'C0DEV', text = 'dlc submit'): Promise<View> {
  const before = h.slack.openedViews().length;
  const reply = await h.command(text, { channel });
  expect(reply.json.text).toMatch(/Opened the form/);
  expect(reply.json.text).toMatch(/Usage/);
  const opened = h.slack.openedViews();
  expect(opened).toHaveLength(before + 1);
  return { ...(opened.at(-1)!.view as unknown as View), id: `V${randomUUID().slice(0, 8)}` };
}

const GOOD = {
  name: 'form-job',
  image: 'pytorch:2.1-gpu',
  command: 'python train.py --epochs 3 && echo "done"',
  workers: '2',
  instance: 'ecs.gn6i-c4g1.xlarge',
  data: 'oss://ml-data/mnist/:/mnt/mnist\n',
  env: 'LR=0.01\nMODE=a b',
  workspace: 'dev',
};

async function queued(): Promise<number> {
  const c = await h.queueCounts();
  return Object.values(c).reduce((a, b) => a + b, 0);
}

describe('the submit form', () => {
  it('a bare `dlc submit` opens a modal with the fields, within Slack limits', async () => {
    const view = await openFromCommand();
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.blocks.map((b) => b.block_id)).toEqual([
      'name',
      'image',
      'command',
      'workers',
      'instance',
      'data',
      'env',
      'workspace',
    ]);
    const byId = Object.fromEntries(view.blocks.map((b) => [b.block_id, b]));
    // DLC's instance types are loaded from the bot as the user types (test/integration/form-menus.test.ts).
    expect(byId.instance!.element).toMatchObject({
      type: 'external_select',
      action_id: 'dlc_instance',
      initial_option: { value: 'ecs.g6.xlarge' },
    });
    const ws = byId.workspace!.element as { options: { value: string }[]; initial_option?: { value: string } };
    expect(ws.options.map((o) => o.value)).toEqual(['dev', 'prod']);
    expect(ws.initial_option?.value).toBe('dev');
    expect(byId.data!.optional).toBe(true);
    expect(byId.env!.optional).toBe(true);
  });

  it.each([
    ['image', { image: '  ' }, /--image/],
    ['workers', { workers: '0' }, /--workers/],
    ['data', { data: 'oss://bucket/x:relative' }, /mount path/],
    ['env', { env: 'NOEQUALS' }, /KEY=VALUE/],
    ['name', { name: 'bad name!' }, /job name/],
  ])('a bad %s is shown on that field and queues nothing', async (field, bad, message) => {
    const view = await openFromCommand();
    const before = await queued();
    const reply = await h.submitView(view, { ...GOOD, ...bad });
    expect(reply.status).toBe(200);
    expect(reply.json.response_action).toBe('errors');
    expect(Object.keys(reply.json.errors)).toEqual([field]);
    expect(reply.json.errors[field]).toMatch(message);
    expect(await queued()).toBe(before);
    expect(h.sim.callsOf('CreateJob')).toHaveLength(0);
  });

  it('a good submission queues exactly one job, delivered twice, and answers privately in the channel', async () => {
    const view = await openFromCommand();
    const first = await h.submitView(view, GOOD);
    const again = await h.submitView(view, GOOD);
    expect(first.status).toBe(200);
    expect(first.json?.response_action).toBeUndefined();
    expect(again.json?.response_action).toBeUndefined();
    await h.slack.waitFor(() => h.slack.messages('C0DEV').find((m) => !m.thread_ts && m.text.includes('form-job')));
    await eventually(() => h.sim.callsOf('CreateJob').length === 1, 5_000, 'one CreateJob');
    const body = h.sim.callsOf('CreateJob')[0]!.body as Record<string, unknown>;
    expect(body.UserCommand).toBe(GOOD.command);
    expect(body.Envs).toEqual({ LR: '0.01', MODE: 'a b' });
    expect(body.JobSpecs).toMatchObject([{ PodCount: 2, EcsSpec: 'ecs.gn6i-c4g1.xlarge' }]);
    await eventually(
      () => h.slack.ephemerals('C0DEV').some((e) => e.user === 'U0ALICE' && /Queued/.test(e.text)),
      5_000,
      'the private answer',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(h.sim.callsOf('CreateJob')).toHaveLength(1);
  });

  it('the global shortcut opens the same modal', async () => {
    const before = h.slack.openedViews().length;
    const reply = await h.shortcut('dlc_submit_form');
    expect(reply.status).toBe(200);
    await eventually(() => h.slack.openedViews().length === before + 1, 5_000, 'the modal');
    const opened = h.slack.openedViews().at(-1)!;
    expect(opened.triggerId).toBe(reply.triggerId);
    const view = opened.view as unknown as View;
    expect(view.callback_id).toBe('dlc_submit_form');
    expect(view.blocks.map((b) => b.block_id)).toContain('instance');
  });

  it('a shortcut submission (no channel) answers in the chosen workspace’s channel', async () => {
    await h.shortcut('dlc_submit_form', { user: 'U0BOB' });
    const opened = h.slack.openedViews().at(-1)!.view as unknown as View;
    const reply = await h.submitView(
      { ...opened, id: `V${randomUUID().slice(0, 8)}` },
      { ...GOOD, name: 'from-shortcut' },
      { user: 'U0BOB' },
    );
    expect(reply.json?.response_action).toBeUndefined();
    await eventually(
      () => h.slack.ephemerals('C0DEV').some((e) => e.user === 'U0BOB' && /Queued/.test(e.text)),
      5_000,
      'the private answer in C0DEV',
    );
  });

  it('when the form cannot be opened (a used trigger id), the command says so and shows the usage', async () => {
    const triggerId = randomUUID();
    await h.command('dlc submit', { triggerId });
    const before = h.slack.openedViews().length;
    const reply = await h.command('dlc submit', { triggerId });
    expect(reply.json.text).toMatch(/Could not open the form/);
    expect(reply.json.text).toMatch(/Usage/);
    expect(h.slack.openedViews()).toHaveLength(before);
  });
});

describe('the deploy form', () => {
  const DEPLOY = {
    service: 'form_svc',
    image: 'registry.example.com/ml/iris:1',
    instance: 'ecs.gn6i-c4g1.xlarge',
    replicas: '2',
    port: '8080',
    command: 'python serve.py',
    model: 'oss://ml-models/iris/v1',
    workspace: 'dev',
  };

  it('a bare `eas deploy` opens a modal with its fields, the deploy default instance first', async () => {
    const view = await openFromCommand('C0DEV', 'eas deploy');
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.callback_id).toBe('eas_deploy_form');
    expect(view.blocks.map((b) => b.block_id)).toEqual([
      'service',
      'image',
      'instance',
      'replicas',
      'port',
      'command',
      'model',
      'workspace',
    ]);
    const instance = view.blocks[2]!.element as { options: { value: string }[]; initial_option: { value: string } };
    expect(instance.initial_option.value).toBe('ecs.c7.xlarge');
  });

  it.each([
    ['service', { service: 'Bad-Name' }, /service name/],
    ['port', { port: '0' }, /--port/],
    ['replicas', { replicas: 'many' }, /--replicas/],
    ['model', { model: 's3://x/y' }, /--model/],
  ])('a bad %s is shown on that field and queues nothing', async (field, bad, message) => {
    const view = await openFromCommand('C0DEV', 'eas deploy');
    const before = await queued();
    const reply = await h.submitView(view, { ...DEPLOY, ...bad });
    expect(reply.json.response_action).toBe('errors');
    expect(Object.keys(reply.json.errors)).toEqual([field]);
    expect(reply.json.errors[field]).toMatch(message);
    expect(await queued()).toBe(before);
    expect(h.sim.callsOf('CreateService')).toHaveLength(0);
  });

  it('a good one creates the service once, delivered twice', async () => {
    const view = await openFromCommand('C0DEV', 'eas deploy');
    await h.submitView(view, DEPLOY);
    await h.submitView(view, DEPLOY);
    await eventually(() => h.sim.callsOf('CreateService').length === 1, 5_000, 'one CreateService');
    const create = h.sim.callsOf('CreateService')[0]!;
    const config = typeof create.body === 'string' ? JSON.parse(create.body) : create.body;
    expect(config.containers).toEqual([{ image: DEPLOY.image, port: 8080, script: 'python serve.py' }]);
    expect(config.metadata.instance).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.sim.callsOf('CreateService')).toHaveLength(1);
  });
});
