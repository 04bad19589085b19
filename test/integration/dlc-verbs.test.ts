import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from '../support/harness.js';

let h: Harness;
let jobId: string;
beforeAll(async () => {
  h = await startHarness();
  await h.command('dlc submit resnet-50 --image img:1 --command "python train.py" --workers 2');
  await h.slack.waitFor(() => h.slack.messages('C0DEV').find((m) => m.text.includes('resnet-50')));
  jobId = h.sim.jobs()[0]!.JobId;
  h.clock.advance(10_000); // running by now
});
afterAll(async () => h?.stop());

async function answerTo(text: string, user = 'U0ALICE') {
  const reply = await h.command(text, { user });
  expect(reply.status).toBe(200);
  const response = await h.slack.waitFor(() => h.slack.responses(reply.responseId).at(-1));
  return {
    ack: reply.json.text as string,
    body: response.body as { text: string; blocks?: unknown[]; response_type: string },
  };
}

describe('dlc read verbs', () => {
  it('status shows the job, its pods and recent events, privately', async () => {
    const { ack, body } = await answerTo(`dlc status ${jobId}`);
    expect(ack).toMatch(/Looking that up/);
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('Running');
    const blocks = JSON.stringify(body.blocks);
    expect(blocks).toContain(`${jobId}-worker-0`);
    expect(blocks).toContain('Recent events');
  });

  it('status of an unknown job says so plainly', async () => {
    const { body } = await answerTo('dlc status dlcdoesnotexist1');
    expect(body.text).toMatch(/There is no DLC job dlcdoesnotexist1/);
  });

  it('list shows jobs of the channel workspace; --mine filters by the Slack user', async () => {
    const all = await answerTo('dlc list');
    expect(JSON.stringify(all.body.blocks)).toContain('resnet-50');
    const list = h.sim.callsOf('ListJobs').at(-1)!;
    expect(list.query.WorkspaceId).toBe('100001');
    const mineOther = await answerTo('dlc list --mine', 'U0BOB');
    expect(JSON.stringify(mineOther.body.blocks)).not.toContain('resnet-50');
    const running = await answerTo('dlc list --status running');
    expect(h.sim.callsOf('ListJobs').at(-1)!.query.Status).toBe('Running');
    expect(JSON.stringify(running.body.blocks)).toContain('resnet-50');
  });

  it('logs shows the last lines of the first pod, within Slack limits', async () => {
    const { body } = await answerTo(`dlc logs ${jobId} --tail 5`);
    expect(body.text).toMatch(/worker-0/);
    const call = h.sim.callsOf('GetPodLogs').at(-1)!;
    expect(call.path).toBe(`/api/v1/jobs/${jobId}/pods/${jobId}-worker-0/logs`);
    expect(call.query.MaxLines).toBe('5');
    for (const block of body.blocks as { text?: { text: string } }[])
      expect((block.text?.text ?? '').length).toBeLessThanOrEqual(3000);
  });

  it('logs of a pod the job does not have lists the pods it has', async () => {
    const { body } = await answerTo(`dlc logs ${jobId} --pod nosuchpod`);
    expect(body.text).toContain(`${jobId}-worker-1`);
  });

  it('ws lists configured workspaces with what PAI knows of them', async () => {
    const { body } = await answerTo('ws');
    const text = JSON.stringify(body.blocks);
    expect(text).toContain('ml-dev');
    expect(text).toContain('default here');
    expect(h.sim.callsOf('ListWorkspaces').at(-1)!.query.WorkspaceIds).toBe('100001,100002');
  });

  it('help answers without queueing anything', async () => {
    const before = h.sim.calls.length;
    const reply = await h.command('help dlc');
    expect(reply.json.text).toContain('/pai dlc submit');
    expect(h.sim.calls.length).toBe(before);
  });
});

describe('dlc stop', () => {
  it('stops a running job; the card follows to Stopped', async () => {
    const { body } = await answerTo(`dlc stop ${jobId}`);
    expect(body.text).toMatch(/Stopping job resnet-50/);
    expect(h.sim.callsOf('StopJob')).toHaveLength(1);
    const card = h.slack.messages('C0DEV').find((m) => !m.thread_ts && m.text.includes('resnet-50'))!;
    await eventually(async () => {
      h.clock.advance(5_000);
      await h.bot.pollNow();
      return card.text.includes('Stopped');
    });
  });

  it('refuses to stop a job that already ended', async () => {
    const { body } = await answerTo(`dlc stop ${jobId}`, 'U0BOB');
    expect(body.text).toMatch(/already ended: Stopped/);
    expect(h.sim.callsOf('StopJob')).toHaveLength(1);
  });
});

describe('deliveries and workspaces', () => {
  it('the same slash command delivered twice queues one job', async () => {
    const first = await h.command('dlc submit twice-1 --image img:1 --command run', { triggerId: 'trig-twice-1' });
    const second = await h.command('dlc submit twice-1 --image img:1 --command run', { triggerId: 'trig-twice-1' });
    expect(first.json.text).toContain('Queued');
    expect(second.json.text).toMatch(/already received/);
    await h.slack.waitFor(() => h.slack.messages('C0DEV').find((m) => m.text.includes('twice-1')));
    await new Promise((r) => setTimeout(r, 200));
    expect(
      h.sim.callsOf('CreateJob').filter((c) => (c.body as { DisplayName: string }).DisplayName === 'twice-1'),
    ).toHaveLength(1);
  });

  it('the same lookup delivered twice is looked up once', async () => {
    const before = h.sim.callsOf('GetJob').length;
    const first = await h.command(`dlc status ${jobId}`, { triggerId: 'trig-lookup-twice' });
    await h.slack.waitFor(() => h.slack.responses(first.responseId).at(-1));
    const second = await h.command(`dlc status ${jobId}`, { triggerId: 'trig-lookup-twice' });
    expect(second.json.text).toMatch(/Looking that up/);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.slack.responses(second.responseId)).toHaveLength(0);
    expect(h.sim.callsOf('GetJob').length - before).toBe(1);
  });

  it('the same change typed twice in a row (two trigger ids) runs once', async () => {
    const first = await h.command('dlc submit double-1 --image img:1 --command run');
    const second = await h.command('dlc submit  double-1 --image img:1 --command run');
    expect(first.json.text).toContain('Queued');
    expect(second.json.text).toMatch(/You sent this exact command less than 60 seconds ago; it runs once/);
    await h.slack.waitFor(() => h.slack.messages('C0DEV').find((m) => m.text.includes('double-1')));
    await new Promise((r) => setTimeout(r, 200));
    expect(
      h.sim.callsOf('CreateJob').filter((c) => (c.body as { DisplayName: string }).DisplayName === 'double-1'),
    ).toHaveLength(1);
  });

  it("a change in a prod workspace is not run on one person's say-so: it becomes an approval request", async () => {
    const before = h.sim.callsOf('CreateJob').length;
    await h.command('dlc submit prod-1 --image img:1 --command run', { channel: 'C0PROD' });
    await h.command('dlc submit prod-2 --image img:1 --command run -w prod');
    await h.slack.waitFor(
      () =>
        h.slack.messages('C0PROD').filter((m) => m.text.includes('Approval needed')).length === 1 &&
        h.slack.messages('C0DEV').find((m) => m.text.includes('Approval needed')),
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(h.sim.callsOf('CreateJob')).toHaveLength(before);
  });

  it('read verbs work in a prod workspace', async () => {
    const reply = await h.command('dlc list', { channel: 'C0PROD' });
    const response = await h.slack.waitFor(() => h.slack.responses(reply.responseId).at(-1));
    expect(response.body.text).toContain('prod');
  });
});
