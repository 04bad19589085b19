import { afterEach, describe, expect, it } from 'vitest';
import { JOB_FAILURE_SCENARIOS } from '@pai-bot/pai-sim/failure-scenarios.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { configYaml, oncallAlerts, prodWorkspace } from '../support/config-yaml.js';

let h: Harness;
afterEach(async () => h?.stop());

async function answerTo(text: string, opts: { user?: string; channel?: string } = {}) {
  const reply = await h.command(text, opts);
  expect(reply.status).toBe(200);
  const response = await h.slack.waitFor(() => h.slack.responses(reply.responseId).at(-1));
  return response.body as { text: string; blocks?: unknown[] };
}

describe('/pai oss check', () => {
  it('answers OK with what it saw on an allowed bucket, and warns that it proves only the bot', async () => {
    h = await startHarness();
    const body = await answerTo('oss check oss://ml-data/mnist/');
    const text = JSON.stringify(body.blocks);
    expect(body.text).toMatch(/oss:\/\/ml-data\/mnist\/ is readable by the bot/);
    expect(text).toMatch(/listed 1 key \(sample: mnist\/(train|test)\.csv\)/);
    expect(text).toMatch(/service role/);
    expect(h.oss.calls.filter((c) => c.bucket === 'ml-data')).toHaveLength(1); // one cheap list
  });

  it('explains a denied bucket: code, status, request id, EC, the missing permission and the service role', async () => {
    h = await startHarness();
    const body = await answerTo('oss check oss://locked-data/secret/');
    const text = JSON.stringify(body.blocks);
    expect(text).toMatch(/AccessDenied/);
    expect(text).toMatch(/403/);
    expect(text).toMatch(/[Rr]equest ?[Ii][Dd]/);
    expect(text).toMatch(/0003-00000001/);
    expect(text).toMatch(/oss:ListObjects/);
    expect(text).toMatch(/locked-data/);
    expect(text).toMatch(/AliyunPAIDLCDefaultRole|service role/);
  });

  it('says plainly when the bucket does not exist', async () => {
    h = await startHarness();
    const body = await answerTo('oss check oss://no-such-bucket/x');
    expect(JSON.stringify(body)).toMatch(/NoSuchBucket|does not exist/);
  });

  it("names the bucket's region and endpoint on a wrong-region 403 (from the <Endpoint> ali-oss drops)", async () => {
    h = await startHarness();
    h.oss.addBucket('hz-logs', { region: 'cn-hangzhou', objects: ['2024/01/01.jsonl'] });
    const body = await answerTo('oss check oss://hz-logs/2024/');
    const text = JSON.stringify(body.blocks);
    expect(body.text).toMatch(/Bucket hz-logs is in another region \(cn-hangzhou\)/);
    expect(text).toMatch(/lives in cn-hangzhou, not in cn-shanghai/);
    expect(text).toMatch(/oss-cn-hangzhou\.aliyuncs\.com/);
    expect(text).not.toMatch(/did not say which/);
  });

  it("explains an expired STS key (InvalidAccessKeyId) as the bot's own credentials to refresh, not a permission", async () => {
    const token = 'CAIS-expired-sts-token-0123456789';
    h = await startHarness({
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'STS.NTexpiredTemporaryKey',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'sts-secret-of-an-expired-key',
        ALIBABA_CLOUD_SECURITY_TOKEN: token,
      },
    });
    const body = await answerTo('oss check oss://ml-data/mnist/');
    const text = JSON.stringify(body);
    expect(body.text).toMatch(/The bot's own STS credentials have expired/);
    expect(text).toMatch(/InvalidAccessKeyId/);
    expect(text).toMatch(/0002-00000002/);
    expect(text).toMatch(/not a missing permission/);
    expect(text).toMatch(/ALIBABA_CLOUD_SECURITY_TOKEN/);
    expect(text).not.toMatch(/does not exist or is disabled|Missing permission|must be allowed on bucket/);
    expect(text).not.toContain(token);
    expect(text).not.toContain('sts-secret-of-an-expired-key');
    expect(h.oss.calls.at(-1)).toMatchObject({ bucket: 'ml-data', status: 403, code: 'InvalidAccessKeyId' });
  });
});

describe('preflight on dlc submit --data', () => {
  it('a 403 stops the submit with the explanation and sends nothing to DLC', async () => {
    h = await startHarness();
    const reply = await h.command('dlc submit blocked-1 --image img:1 --command run --data oss://locked-data/secret/');
    expect(reply.json.text).toContain('Queued');
    const told = await h.slack.waitFor(() =>
      h.slack.responses(reply.responseId).find((r) => String(r.body.text).includes('was not submitted')),
    );
    expect(told.body.text).toMatch(/oss:ListObjects/);
    expect(told.body.text).toMatch(/--skip-preflight/);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.sim.callsOf('CreateJob')).toHaveLength(0);
    expect(h.sim.calls).toHaveLength(0);
  });

  it('--skip-preflight submits anyway (for buckets only PAI may read)', async () => {
    h = await startHarness();
    await h.command(
      'dlc submit skipped-1 --image img:1 --command run --data oss://locked-data/secret/ --skip-preflight',
    );
    await h.slack.waitFor(() => h.slack.messages('C0DEV').find((m) => m.text.includes('skipped-1')));
    expect(h.sim.callsOf('CreateJob')).toHaveLength(1);
    expect(h.oss.calls).toHaveLength(0);
  });

  it('an allowed bucket passes and the job is created', async () => {
    h = await startHarness();
    await h.command('dlc submit allowed-1 --image img:1 --command run --data oss://ml-data/mnist/');
    await h.slack.waitFor(() => h.slack.messages('C0DEV').find((m) => m.text.includes('allowed-1')));
    expect(h.sim.callsOf('CreateJob')).toHaveLength(1);
  });
});

const CAUSE_TITLES: Record<keyof typeof JOB_FAILURE_SCENARIOS, RegExp> = {
  oss_permission: /OSS permission/i,
  out_of_memory: /out of memory/i,
  nccl_network: /NCCL|network/i,
  image_pull: /image/i,
  quota_or_stock: /quota|stock/i,
  spot_preemption: /spot|preempt/i,
  user_code: /code/i,
};

describe('root causes of failed jobs', () => {
  it.each(Object.keys(JOB_FAILURE_SCENARIOS) as (keyof typeof JOB_FAILURE_SCENARIOS)[])(
    'classifies %s from realistic reasons, events and logs',
    async (cause) => {
      h = await startHarness();
      h.sim.planNextJob(JOB_FAILURE_SCENARIOS[cause]);
      await h.command(`dlc submit fail-${cause.replace(/_/g, '-')} --image img:1 --command run`);
      const card = await h.slack.waitFor(() =>
        h.slack.messages('C0DEV').find((m) => !m.thread_ts && m.text.includes('fail-')),
      );
      await eventually(
        async () => {
          h.clock.advance(10_000);
          await h.bot.pollNow();
          return card.text.includes('Failed');
        },
        10_000,
        'job failed',
      );
      const final = h.slack.thread('C0DEV', card.ts).at(-1)!;
      const text = JSON.stringify(final.blocks);
      expect(text).toMatch(/Likely cause/);
      expect(text).toMatch(CAUSE_TITLES[cause]);
      expect(text).toMatch(/Next step/);
      expect(JSON.stringify(card.blocks)).toMatch(CAUSE_TITLES[cause]);
    },
  );
});

const PROD_YAML = configYaml({ workspaces: [prodWorkspace({ approvers: ['U0APPR1'] })], alerts: oncallAlerts() });

describe('OSS 403 alerts in prod', () => {
  it('a job failing with an OSS 403 alerts on-call exactly once, naming the bucket and the fix', async () => {
    h = await startHarness({ yaml: PROD_YAML });
    h.sim.planNextJob(JOB_FAILURE_SCENARIOS.oss_permission);
    await h.command('dlc submit prod-etl --image img:1 --command run', { channel: 'C0PROD' });
    const request = await h.slack.waitFor(() =>
      h.slack.messages('C0PROD').find((m) => m.text.includes('Approval needed')),
    );
    await h.react('white_check_mark', request, { user: 'U0APPR1' });
    const card = await h.slack.waitFor(() =>
      h.slack.messages('C0PROD').find((m) => !m.thread_ts && m.text.includes('DLC job prod-etl')),
    );
    for (let i = 0; i < 10; i++) {
      h.clock.advance(10_000);
      await h.bot.pollNow();
    }
    expect(card.text).toContain('Failed');
    const alerts = h.slack.messages('C0ONCALL').filter((m) => !m.thread_ts);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toContain('<!subteam^S0ONCALL>');
    const body = JSON.stringify(alerts[0]!.blocks);
    expect(body).toMatch(/OSS permission denied/);
    expect(body).toMatch(/prod-etl/);
    expect(body).toMatch(/ml-data/);
    expect(body).toMatch(/oss:ListObjects|oss:GetObject/);
    // A job the bot launched links to its console page too, for its region and workspace.
    const jobId = h.sim.jobs()[0]!.JobId;
    expect(body).toContain(
      `https://pai.console.aliyun.com/?regionId=cn-shanghai&workspaceId=100002#/dlc/jobs/${jobId}/overview`,
    );
  });

  it('a prod preflight 403 alerts once; a repeat for the same bucket threads under it', async () => {
    h = await startHarness({ yaml: PROD_YAML });
    for (const name of ['etl-a', 'etl-b']) {
      await h.command(`dlc submit ${name} --image img:1 --command run --data oss://locked-data/secret/`, {
        channel: 'C0PROD',
      });
      const request = await h.slack.waitFor(() =>
        h.slack.messages('C0PROD').find((m) => !m.thread_ts && m.text.includes(`dlc submit ${name}`)),
      );
      await h.react('white_check_mark', request, { user: 'U0APPR1' });
      await eventually(() => JSON.stringify(request.blocks).includes('it failed'), 5_000, `${name} failed`);
    }
    const alerts = h.slack.messages('C0ONCALL').filter((m) => !m.thread_ts);
    expect(alerts).toHaveLength(1);
    expect(JSON.stringify(alerts[0]!.blocks)).toMatch(/locked-data/);
    // No job exists to link: the alert links the workspace's DLC job list in the console.
    expect(JSON.stringify(alerts[0]!.blocks)).toContain(
      "<https://pai.console.aliyun.com/?regionId=cn-shanghai&workspaceId=100002#/dlc/jobs|The workspace's DLC jobs in the PAI console>",
    );
    expect(h.slack.thread('C0ONCALL', alerts[0]!.ts)).toHaveLength(1);
    expect(h.sim.callsOf('CreateJob')).toHaveLength(0);
  });
});

describe("the bot's own permissions", () => {
  it('a PAI Forbidden.RAM answer names the missing RAM action, without a stack trace', async () => {
    h = await startHarness();
    h.sim.denyAction('ListJobs', 'paidlc:ListJobs');
    const body = await answerTo('dlc list');
    expect(body.text).toMatch(/not allowed to call ListJobs \(missing RAM permission `paidlc:ListJobs`\)/);
    expect(body.text).not.toMatch(/\n\s+at /);
  });
});
