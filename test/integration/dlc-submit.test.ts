import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from '../support/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

const SUBMIT =
  'dlc submit mnist-1 --image registry.cn-shanghai.aliyuncs.com/pai/pytorch:2.1 --command "python train.py --epochs 3" --workers 2 --instance ecs.gn6i-c4g1.xlarge --data oss://ml-data/mnist/:/mnt/mnist --env LR=0.01 --priority 5 --spot';

describe('dlc submit, end to end', () => {
  it('acks at once, creates exactly one job with the right body, posts a card and follows it to Succeeded', async () => {
    h = await startHarness();
    const reply = await h.command(SUBMIT);
    expect(reply.status).toBe(200);
    expect(reply.elapsedMs).toBeLessThan(3_000);
    expect(reply.json.response_type).toBe('ephemeral');
    expect(reply.json.text).toContain('Queued');

    const card = await h.slack.waitFor(() =>
      h.slack.messages('C0DEV').find((m) => !m.thread_ts && m.text.includes('mnist-1')),
    );
    const creates = h.sim.callsOf('CreateJob');
    expect(creates).toHaveLength(1);
    expect(creates[0]!.body).toEqual({
      DisplayName: 'mnist-1',
      JobType: 'PyTorchJob',
      JobSpecs: [
        {
          Type: 'Worker',
          Image: 'registry.cn-shanghai.aliyuncs.com/pai/pytorch:2.1',
          PodCount: 2,
          EcsSpec: 'ecs.gn6i-c4g1.xlarge',
          SpotSpec: { SpotStrategy: 'SpotWithPriceLimit', SpotDiscountLimit: 0.9 },
        },
      ],
      UserCommand: 'python train.py --epochs 3',
      WorkspaceId: '100001',
      DataSources: [{ Uri: 'oss://ml-data.oss-cn-shanghai-internal.aliyuncs.com/mnist/', MountPath: '/mnt/mnist' }],
      Envs: { LR: '0.01' },
      Priority: 5,
      Settings: {
        Tags: { 'chatops-request': expect.stringMatching(/^req-[0-9a-f]{32}$/), 'chatops-requester': 'U0ALICE' },
      },
    });
    const jobId = h.sim.jobs()[0]!.JobId;
    expect(card.text).toContain(jobId);
    expect(card.text).toContain('Creating');
    expect(JSON.stringify(card.blocks)).toContain('<@U0ALICE>');

    // Walk the simulated job through its life; each poll sees one state.
    for (const state of ['Queuing', 'EnvPreparing', 'Running', 'Succeeded']) {
      await eventually(
        async () => {
          h.clock.advance(1_000);
          await h.bot.pollNow();
          return card.text.includes(state);
        },
        10_000,
        `card showing ${state}`,
      );
    }
    const thread = h.slack.thread('C0DEV', card.ts);
    expect(thread.map((m) => m.text).join('\n')).toMatch(/Creating → Queuing/);
    const final = thread.at(-1)!;
    expect(final.text).toContain('<@U0ALICE>');
    expect(final.text).toContain('Succeeded');
    // Finished jobs are no longer tracked: further polls make no list calls for them, only the one ListJobs of failed
    // jobs of the prod workspace, which is watched whole (`watch: all`, the prod default).
    const report = await h.bot.pollNow();
    expect(report).toEqual({ tracked: 0, listCalls: 1, transitions: 0, externalAlerts: 0 });
    expect(h.sim.callsOf('CreateJob')).toHaveLength(1);
  });

  it('polls with one ListJobs per workspace, not one GetJob per job', async () => {
    h = await startHarness();
    for (let i = 0; i < 5; i++) await h.command(`dlc submit job-${i} --image img:1 --command "run ${i}"`);
    await h.slack.waitFor(() => h.slack.messages('C0DEV').filter((m) => !m.thread_ts).length === 5);
    await eventually(async () => (await h.queueCounts()).completed === 5, 5_000, 'all submits completed');
    const before = h.sim.calls.length;
    const report = await h.bot.pollNow();
    expect(report.tracked).toBe(5);
    expect(report.listCalls).toBe(1);
    const polled = h.sim.calls.slice(before);
    expect(polled.map((c) => c.action)).toEqual(['ListJobs']);
    expect(polled[0]!.query.WorkspaceId).toBe('100001');
    expect(polled[0]!.query.JobIds!.split(',')).toHaveLength(5);
  });
});
