import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIRM_ACTION_ID, CANCEL_ACTION_ID } from '../../src/render/eas-confirm.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.stop());

async function answerTo(text: string, user = 'U0ALICE') {
  const reply = await h.command(text, { user });
  expect(reply.status).toBe(200);
  const response = await h.slack.waitFor(() => h.slack.responses(reply.responseId).at(-1));
  return {
    ack: reply.json as { text: string; blocks?: unknown[] },
    body: response.body as { text: string; blocks?: unknown[] },
  };
}

const card = (service: string) =>
  h.slack.messages('C0DEV').find((m) => !m.thread_ts && m.text.includes(`EAS service ${service}`));

/** Advances simulated time in steps, polling services after each, until check() holds. */
async function pollUntil(check: () => boolean, stepMs = 2_000, what = 'condition') {
  await eventually(
    async () => {
      h.clock.advance(stepMs);
      await h.bot.pollServicesNow();
      return check();
    },
    10_000,
    what,
  );
}

describe('eas deploy', () => {
  it('creates the service once with the right config, posts a card and follows it to ready', async () => {
    const reply = await h.command(
      'eas deploy iris_svc --image registry.cn-shanghai.aliyuncs.com/ml/iris:1 --replicas 2 --port 8080 --command "python serve.py" --model oss://ml-models/iris/v1 --instance ecs.gn6i-c4g1.xlarge',
    );
    expect(reply.json.text).toContain('Queued');
    const c = await h.slack.waitFor(() => card('iris_svc'));
    const creates = h.sim.callsOf('CreateService');
    expect(creates).toHaveLength(1);
    expect(creates[0]!.query.WorkspaceId).toBe('100001');
    const config = typeof creates[0]!.body === 'string' ? JSON.parse(creates[0]!.body) : creates[0]!.body;
    expect(config).toEqual({
      metadata: { name: 'iris_svc', instance: 2, workspace_id: '100001' },
      cloud: { computing: { instances: [{ type: 'ecs.gn6i-c4g1.xlarge' }] } },
      containers: [{ image: 'registry.cn-shanghai.aliyuncs.com/ml/iris:1', port: 8080, script: 'python serve.py' }],
      storage: [{ mount_path: '/models', oss: { path: 'oss://ml-models/iris/v1/', readOnly: true } }],
    });
    expect(c.text).toContain('Creating');

    await pollUntil(() => c.text.includes('Running') && c.text.includes('2/2'), 2_000, 'service running');
    const thread = h.slack.thread('C0DEV', c.ts).map((m) => m.text);
    expect(thread.join('\n')).toMatch(/Waiting/);
    expect(thread.at(-1)).toMatch(
      /<@U0ALICE> service `iris_svc` is ready: 2\/2 instances running, .* after the deploy/,
    );
    expect(JSON.stringify(c.blocks)).toMatch(/last time to ready/);
  });

  it('refuses a second service with the same name', async () => {
    const { body } = await answerTo('eas deploy iris_svc --image x:1');
    expect(body.text).toMatch(/already exists/);
    expect(h.sim.callsOf('CreateService')).toHaveLength(1);
  });
});

describe('eas reads', () => {
  it('status shows state, instances, endpoint and time to ready', async () => {
    const { body } = await answerTo('eas status iris_svc');
    const text = JSON.stringify(body.blocks);
    expect(body.text).toMatch(/iris_svc: Running \(2\/2 running\)/);
    expect(text).toMatch(/Time to ready/);
    expect(text).toMatch(/endpoint/i);
  });

  it('list shows the workspace services', async () => {
    const { body } = await answerTo('eas list');
    expect(JSON.stringify(body.blocks)).toContain('iris_svc');
    expect(h.sim.callsOf('ListServices').at(-1)!.query.WorkspaceId).toBe('100001');
  });

  it('events shows recent events', async () => {
    const { body } = await answerTo('eas events iris_svc');
    expect(body.text).toMatch(/Events of iris_svc/);
  });

  it('a verb on a service that does not exist says so plainly', async () => {
    for (const text of ['eas status ghost', 'eas scale ghost 2', 'eas restart ghost']) {
      const { body } = await answerTo(text);
      expect(body.text).toMatch(/There is no EAS service ghost in cn-shanghai/);
    }
  });
});

describe('eas changes', () => {
  it('scale sends ScaleService and the card follows the new instances to ready', async () => {
    const { body } = await answerTo('eas scale iris_svc 3');
    expect(body.text).toMatch(/Scaling iris_svc from 2 to 3/);
    expect(h.sim.callsOf('ScaleService').at(-1)!.body).toEqual({ Instance: 3 });
    const c = card('iris_svc')!;
    await pollUntil(() => c.text.includes('3/3'), 2_000, 'scaled to 3');
    expect(h.slack.thread('C0DEV', c.ts).at(-1)!.text).toMatch(/ready: 3\/3 .* after the scale-up/);
  });

  it('autoscale creates the autoscaler with lower-case keys', async () => {
    const { body } = await answerTo('eas autoscale iris_svc --min 1 --max 5 --qps 20');
    expect(body.text).toMatch(/between 1 and 5/);
    expect(h.sim.callsOf('CreateServiceAutoScaler').at(-1)!.body).toEqual({
      min: 1,
      max: 5,
      scaleStrategies: [{ metricName: 'qps', threshold: 20 }],
    });
  });

  it('autoscale without a metric sends the documented default (CPU at 50 %), which EAS requires, and EAS takes it', async () => {
    const { body } = await answerTo('eas autoscale iris_svc --min 1 --max 3');
    expect(body.text).toMatch(/between 1 and 3 instance\(s\) at 50 % CPU per instance/);
    const sent = h.sim.callsOf('UpdateServiceAutoScaler').at(-1) ?? h.sim.callsOf('CreateServiceAutoScaler').at(-1)!;
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ min: 1, max: 3, scaleStrategies: [{ metricName: 'cpu', threshold: 50 }] });
  });

  it('status shows the autoscaler as DescribeServiceAutoScaler reports it (the Service model has no such field)', async () => {
    const before = h.sim.callsOf('DescribeServiceAutoScaler').length;
    const { body } = await answerTo('eas status iris_svc');
    expect(h.sim.callsOf('DescribeServiceAutoScaler').length).toBe(before + 1);
    expect(JSON.stringify(body.blocks)).toContain('*Autoscaler*\\n1–3 instances');
  });

  it('traffic sets the weight through ReleaseService', async () => {
    await answerTo('eas traffic iris_svc 50');
    expect(h.sim.callsOf('ReleaseService').at(-1)!.body).toEqual({ Weight: 50 });
  });

  it('stop asks for confirmation; cancel changes nothing', async () => {
    const reply = await h.command('eas stop iris_svc');
    expect(reply.json.text).toMatch(/Stop EAS service iris_svc\?/);
    const button = JSON.stringify(reply.json.blocks);
    expect(button).toContain(CONFIRM_ACTION_ID);
    const cancel = await h.click(CANCEL_ACTION_ID, 'cancel');
    expect(cancel.status).toBe(200);
    const answer = await h.slack.waitFor(() => h.slack.responses(cancel.responseId).at(-1));
    expect(answer.body).toMatchObject({ replace_original: true, text: expect.stringMatching(/Cancelled/) });
    expect(h.sim.callsOf('StopService')).toHaveLength(0);
  });

  it('a confirmed stop runs once, even when the button is clicked twice', async () => {
    const reply = await h.command('eas stop iris_svc');
    const value = (reply.json.blocks as { elements?: { action_id: string; value: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === CONFIRM_ACTION_ID)!.value;
    const first = await h.click(CONFIRM_ACTION_ID, value, { messageTs: '1700000001.000200' });
    const second = await h.click(CONFIRM_ACTION_ID, value, { messageTs: '1700000001.000200' });
    const a1 = await h.slack.waitFor(() => h.slack.responses(first.responseId).at(-1));
    const a2 = await h.slack.waitFor(() => h.slack.responses(second.responseId).at(-1));
    expect(a1.body.text).toMatch(/Queued `eas stop iris_svc`/);
    expect(a2.body.text).toMatch(/already received/);
    await eventually(() => h.sim.callsOf('StopService').length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.sim.callsOf('StopService')).toHaveLength(1);
    const c = card('iris_svc')!;
    await pollUntil(() => c.text.includes('Stopped'), 2_000, 'stopped');
  });

  it('start brings it back with a new cold-start episode; restart and delete --yes run without asking', async () => {
    const { body } = await answerTo('eas start iris_svc');
    expect(body.text).toMatch(/Starting iris_svc/);
    const c = card('iris_svc')!;
    await pollUntil(() => c.text.includes('Running') && !c.text.includes('0/'), 2_000, 'started');
    expect(h.slack.thread('C0DEV', c.ts).at(-1)!.text).toMatch(/after the start/);

    const restart = await answerTo('eas restart iris_svc');
    expect(restart.body.text).toMatch(/Restarting/);
    expect(h.sim.callsOf('RestartService')).toHaveLength(1);

    const del = await h.command('eas delete iris_svc --yes');
    expect(del.json.text).toMatch(/Queued `eas delete iris_svc`/);
    await eventually(() => h.sim.callsOf('DeleteService').length === 1);
    await pollUntil(() => c.text.includes('Deleted'), 2_000, 'deleted');
    expect(await h.bot.pollServicesNow()).toMatchObject({ tracked: 0 });
  });

  it('starting a running service is refused with a clear message', async () => {
    await h.command('eas deploy tiny_svc --image x:1');
    const c = await h.slack.waitFor(() => card('tiny_svc'));
    await pollUntil(() => c.text.includes('1/1'), 2_000, 'tiny running');
    const { body } = await answerTo('eas start tiny_svc');
    expect(body.text).toMatch(/not stopped; nothing to start/);
    expect(h.sim.callsOf('StartService')).toHaveLength(1); // only the earlier start
  });
});

describe('eas in prod', () => {
  it('a deploy to a prod workspace waits for approvals, showing the config it will send', async () => {
    await h.command('eas deploy prod_svc --image x:1', { channel: 'C0PROD' });
    const request = await h.slack.waitFor(() =>
      h.slack.messages('C0PROD').find((m) => m.text.includes('Approval needed')),
    );
    expect(JSON.stringify(request.blocks)).toMatch(/CreateService/);
    expect(JSON.stringify(request.blocks)).toMatch(/prod_svc/);
    expect(h.sim.callsOf('CreateService').some((c) => String(c.body).includes('prod_svc'))).toBe(false);
  });
});
