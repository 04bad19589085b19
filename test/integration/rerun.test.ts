// Rerun on a finished job's card (src/render/job-card.ts, src/slack/listeners/rerun-command.ts): the bot keeps the
// submit with the tracked job, and a click runs that `dlc submit` through the typed command's path.

import { describe, expect, it } from 'vitest';
import { createTrackedJobStore } from '../../src/actions/watchers/tracked-jobs.js';
import { keySpace } from '../../src/redis/redis.js';
import { JOB_CARD_LOGS_ACTION_ID, JOB_CARD_RERUN_ACTION_ID } from '../../src/render/job-card.js';
import { configYaml, devWorkspace, prodWorkspace } from '../support/config-yaml.js';
import { type Card, cardButton, cardButtons, harnessesOn } from '../support/cards.js';
import { eventually, type Harness } from '../support/harness.js';

const YAML = configYaml({
  workspaces: [devWorkspace({ operators: ['U0ALICE'] }), prodWorkspace({ approvers: ['U0APPR1'], required: 1 })],
});

const harness = harnessesOn(YAML);
const ids = (card: Card) => cardButtons(card).map((b) => b.action_id);

const jobCard = (h: Harness, name: string, channel: string) =>
  h.slack.waitFor(() => h.slack.messages(channel).find((m) => !m.thread_ts && m.text.startsWith(`DLC job ${name} (`)));

async function finished(h: Harness, card: Card): Promise<void> {
  await eventually(
    async () => {
      h.clock.advance(10_000);
      await h.bot.pollNow();
      return card.text.endsWith(': Succeeded');
    },
    15_000,
    'the job to succeed',
  );
}

const settle = () => new Promise((r) => setTimeout(r, 300)); // time for a second call, were there one
const SECRET = `tok "en" with 'quotes', spaces & ünïcode 🚀`;
const SUBMIT =
  'dlc submit again --image img:1 --command "python train.py --lr \\"0.1\\" — ok" --workers 3 ' +
  `--data oss://my-bucket/glue:/mnt/data --env "API_TOKEN=${SECRET.replaceAll('"', '\\"')}" --env MODE=x --skip-preflight`;

type CreateJobBody = Record<string, unknown>;
function asked(body: unknown) {
  const b = body as CreateJobBody;
  return {
    DisplayName: b.DisplayName,
    JobType: b.JobType,
    JobSpecs: b.JobSpecs,
    UserCommand: b.UserCommand,
    DataSources: b.DataSources,
    Envs: b.Envs,
  };
}

describe('Rerun on a job card', () => {
  it('a finished dev job’s card shows Rerun, and two clicks make exactly one same CreateJob', async () => {
    const h = await harness();
    await h.command(SUBMIT);
    const card = await jobCard(h, 'again', 'C0DEV');
    expect(ids(card)).not.toContain(JOB_CARD_RERUN_ACTION_ID); // not while it runs
    await finished(h, card);
    expect(ids(card)).toEqual([JOB_CARD_LOGS_ACTION_ID, JOB_CARD_RERUN_ACTION_ID]);
    expect(JSON.stringify(card.blocks)).not.toContain('API_TOKEN'); // env stays off the card
    expect(JSON.stringify(card.blocks)).not.toContain('ünïcode');

    const value = cardButton(card, JOB_CARD_RERUN_ACTION_ID)!.value;
    const clicks = await Promise.all([
      h.click(JOB_CARD_RERUN_ACTION_ID, value, { messageTs: card.ts }),
      h.click(JOB_CARD_RERUN_ACTION_ID, value, { messageTs: card.ts }),
    ]);
    await eventually(() => h.sim.callsOf('CreateJob').length >= 2);
    await settle();
    const creates = h.sim.callsOf('CreateJob');
    expect(creates).toHaveLength(2);
    expect(asked(creates[1]!.body)).toEqual(asked(creates[0]!.body));
    expect((creates[1]!.body as CreateJobBody).Envs).toEqual({ API_TOKEN: SECRET, MODE: 'x' });
    expect((creates[1]!.body as CreateJobBody).JobSpecs).toMatchObject([{ PodCount: 3 }]);
    const [first, second] = h.sim.jobs();
    expect(second!.WorkspaceId).toBe(first!.WorkspaceId);
    expect(second!.JobId).not.toBe(first!.JobId);
    for (const c of clicks) {
      const answer = await h.slack.waitFor(() => h.slack.responses(c.responseId).at(-1));
      expect(answer.body.response_type).toBe('ephemeral');
    }
  });

  it('in prod a click makes one approval request and creates nothing', async () => {
    const h = await harness();
    await h.command('dlc submit prod-again --image img:1 --command run', { channel: 'C0PROD' });
    const submit = await h.slack.waitFor(() =>
      h.slack.messages('C0PROD').find((m) => !m.thread_ts && m.text.includes('dlc submit prod-again')),
    );
    await h.react('white_check_mark', submit, { user: 'U0APPR1' });
    const card = await jobCard(h, 'prod-again', 'C0PROD');
    await finished(h, card);
    const value = cardButton(card, JOB_CARD_RERUN_ACTION_ID)!.value;
    const clicks = await Promise.all([
      h.click(JOB_CARD_RERUN_ACTION_ID, value, { channel: 'C0PROD', messageTs: card.ts }),
      h.click(JOB_CARD_RERUN_ACTION_ID, value, { channel: 'C0PROD', messageTs: card.ts }),
    ]);
    await h.slack.waitFor(() =>
      clicks
        .flatMap((c) => h.slack.responses(c.responseId))
        .find((r) => /Approval request ar-[a-z0-9]{8}/.test(r.body.text ?? '')),
    );
    await settle();
    // Besides the first submit's request (approved by now), the rerun's, once.
    const requests = h.slack
      .messages('C0PROD')
      .filter((m) => !m.thread_ts && m.ts !== submit.ts && m.text.includes('dlc submit prod-again'));
    expect(requests).toHaveLength(1);
    expect(requests[0]!.text).toContain('Approval needed');
    expect(h.sim.callsOf('CreateJob')).toHaveLength(1);
  });

  it('a job tracked without its submit shows no Rerun; a click on a job not known says why', async () => {
    const h = await harness();
    await h.command('dlc submit old-record --image img:1 --command run');
    const card = await jobCard(h, 'old-record', 'C0DEV');
    const jobId = h.sim.jobs()[0]!.JobId;
    // As a record an earlier release wrote: no submit kept.
    const store = createTrackedJobStore(h.redis, keySpace(h.keyPrefix));
    await store.update(jobId, (j) => (j ? (({ submit: _s, ...rest }) => rest)(j) : undefined));
    await finished(h, card);
    expect(ids(card)).toEqual([JOB_CARD_LOGS_ACTION_ID]);

    const click = await h.click(JOB_CARD_RERUN_ACTION_ID, jobId, { messageTs: card.ts });
    const answer = await h.slack.waitFor(() => h.slack.responses(click.responseId).at(-1));
    expect(answer.body.text).toMatch(
      new RegExp(`no longer knows how job ${jobId} was submitted.*Nothing was submitted`),
    );
    await settle();
    expect(h.sim.callsOf('CreateJob')).toHaveLength(1);
  });

  it('Rerun on a job still running says so and submits nothing', async () => {
    const h = await harness();
    await h.command('dlc submit busy --image img:1 --command run');
    const card = await jobCard(h, 'busy', 'C0DEV');
    const jobId = h.sim.jobs()[0]!.JobId;
    const click = await h.click(JOB_CARD_RERUN_ACTION_ID, jobId, { messageTs: card.ts });
    const answer = await h.slack.waitFor(() => h.slack.responses(click.responseId).at(-1));
    expect(answer.body.text).toMatch(new RegExp(`Job ${jobId} is \\w+, not finished.*Nothing was submitted`));
    await settle();
    expect(h.sim.callsOf('CreateJob')).toHaveLength(1);
  });
});
