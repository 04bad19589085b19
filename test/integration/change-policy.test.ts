import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDlcClient } from '../../src/pai/dlc-client.js';
import { createOpenApiTransport } from '../../src/pai/openapi.js';
import { ACCESS_KEY_ID, ACCESS_KEY_SECRET, startHarness, type Harness } from '../support/harness.js';
import { configYaml, devWorkspace, prodWorkspace } from '../support/config-yaml.js';

const YAML = configYaml({
  workspaces: [devWorkspace({ operators: ['U0OPS'] }), prodWorkspace({ approvers: ['U0APPR1'] })],
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ yaml: YAML });
});
afterAll(async () => h?.stop());

/** A job created in PAI directly, as another tool would. */
async function jobCreatedOutsideTheBot(workspaceId: string, name: string): Promise<string> {
  const dlc = createDlcClient(
    createOpenApiTransport({
      endpoint: h.simUrl,
      credentials: { accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET },
    }),
  );
  const { JobId } = await dlc.createJob({
    DisplayName: name,
    JobType: 'PyTorchJob',
    JobSpecs: [{ Type: 'Worker', Image: 'img:1', PodCount: 1, EcsSpec: 'ecs.g6.xlarge' }],
    UserCommand: 'run',
    WorkspaceId: workspaceId,
  });
  return JobId;
}

describe('who may change what', () => {
  it('refuses a submit from someone who is not an operator, and queues nothing', async () => {
    const reply = await h.command('dlc submit mine --image img:1 --command run', { user: 'U0ALICE' });
    expect(reply.json.text).toMatch(/Only the operators of workspace dev.*Nothing was queued/);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.sim.callsOf('CreateJob')).toHaveLength(0);
  });

  it('lets an operator submit', async () => {
    const reply = await h.command('dlc submit ops-job --image img:1 --command run', { user: 'U0OPS' });
    expect(reply.json.text).toContain('Queued');
    await h.slack.waitFor(() => h.slack.messages('C0DEV').find((m) => m.text.includes('ops-job')));
  });

  it('turns a stop of a prod job into an approval request and does not call StopJob', async () => {
    const jobId = await jobCreatedOutsideTheBot('100002', 'prod-training');
    const reply = await h.command(`dlc stop ${jobId}`, { user: 'U0OPS', channel: 'C0PROD' });
    const answer = await h.slack.waitFor(() => h.slack.responses(reply.responseId).at(-1));
    expect(answer.body.text).toMatch(/Approval request ar-[a-z0-9]{8} .*needs 1 approval/);
    // The request is posted through the outbox, which may come after the answer to the command.
    const request = await h.slack.waitFor(() =>
      h.slack.messages('C0PROD').find((m) => m.text.includes('Approval needed')),
    );
    expect(JSON.stringify(request.blocks)).toContain(`StopJob  POST /api/v1/jobs/${jobId}/stop`);
    expect(h.sim.callsOf('StopJob')).toHaveLength(0);
  });

  it('refuses to stop a dev job for a non-operator', async () => {
    const jobId = await jobCreatedOutsideTheBot('100001', 'dev-training');
    const reply = await h.command(`dlc stop ${jobId}`, { user: 'U0ALICE' });
    const answer = await h.slack.waitFor(() => h.slack.responses(reply.responseId).at(-1));
    expect(answer.body.text).toMatch(/was not stopped.*operators/);
    expect(h.sim.callsOf('StopJob')).toHaveLength(0);
  });

  it('will not touch a job in a workspace the bot is not configured for', async () => {
    const jobId = await jobCreatedOutsideTheBot('100009', 'other-team-job');
    for (const verb of ['status', 'stop', 'logs']) {
      const reply = await h.command(`dlc ${verb} ${jobId}`, { user: 'U0OPS' });
      const answer = await h.slack.waitFor(() => h.slack.responses(reply.responseId).at(-1));
      expect(answer.body.text).toMatch(/workspace 100009, which this bot is not configured for/);
    }
    expect(h.sim.callsOf('StopJob')).toHaveLength(0);
    expect(h.sim.callsOf('GetPodLogs')).toHaveLength(0);
  });
});
