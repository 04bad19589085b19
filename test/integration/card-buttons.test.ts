// The buttons on the job and service cards run the typed commands' path (src/slack/listeners/card-buttons.ts): the
// same operator check, prod approval and once-only queueing; buttons that no longer apply leave the card, and a click
// on one the card still shows says why and changes nothing.

import { describe, expect, it } from 'vitest';
import {
  JOB_CARD_LOGS_ACTION_ID,
  JOB_CARD_RERUN_ACTION_ID,
  JOB_CARD_STOP_ACTION_ID,
} from '../../src/render/job-card.js';
import {
  SERVICE_CARD_EVENTS_ACTION_ID,
  SERVICE_CARD_SCALE_ACTION_ID,
  SERVICE_CARD_START_ACTION_ID,
  SERVICE_CARD_STOP_ACTION_ID,
  SERVICE_CARD_TRAFFIC_ACTION_ID,
} from '../../src/render/service-card.js';
import { configYaml, devWorkspace, prodWorkspace } from '../support/config-yaml.js';
import { type Card, cardButton, cardButtons, harnessesOn, pollServicesUntil } from '../support/cards.js';
import { eventually, type Harness } from '../support/harness.js';

// Alice is dev's operator, Bob is not; prod takes one approval.
const YAML = configYaml({
  workspaces: [devWorkspace({ operators: ['U0ALICE'] }), prodWorkspace({ approvers: ['U0APPR1'], required: 1 })],
});

const harness = harnessesOn(YAML);

async function jobCard(h: Harness, name: string, channel = 'C0DEV'): Promise<Card> {
  return h.slack.waitFor(() =>
    h.slack.messages(channel).find((m) => !m.thread_ts && m.text.startsWith(`DLC job ${name} (`)),
  );
}

/** Submits a job in dev and waits for its card. */
async function runningJob(h: Harness, name: string): Promise<Card> {
  await h.command(`dlc submit ${name} --image img:1 --command "python train.py"`);
  const card = await jobCard(h, name);
  h.clock.advance(10_000);
  return card;
}

const answerOf = (h: Harness, responseId: string) => h.slack.waitFor(() => h.slack.responses(responseId).at(-1));
const settle = () => new Promise((r) => setTimeout(r, 300)); // time for a second call, were there one

describe('job card buttons', () => {
  it('a running job’s card has Logs, a confirmed Stop and a console link for its region and workspace', async () => {
    const h = await harness();
    const card = await runningJob(h, 'linked');
    const jobId = h.sim.jobs()[0]!.JobId;
    expect(cardButtons(card).map((b) => b.action_id)).toEqual([JOB_CARD_LOGS_ACTION_ID, JOB_CARD_STOP_ACTION_ID]);
    expect(cardButton(card, JOB_CARD_STOP_ACTION_ID)!.confirm).toBeDefined();
    expect(JSON.stringify(card.blocks)).toContain(
      `<https://pai.console.aliyun.com/?regionId=cn-shanghai&workspaceId=100001#/dlc/jobs/${jobId}/overview|Open in the PAI console>`,
    );
  });

  it('Stop runs exactly one StopJob in dev under double clicks and a re-delivered payload', async () => {
    const h = await harness();
    const card = await runningJob(h, 'stop-me');
    const value = cardButton(card, JOB_CARD_STOP_ACTION_ID)!.value;
    const clicks = await Promise.all([
      h.click(JOB_CARD_STOP_ACTION_ID, value, { messageTs: card.ts }),
      h.click(JOB_CARD_STOP_ACTION_ID, value, { messageTs: card.ts }),
    ]);
    const again = await h.click(JOB_CARD_STOP_ACTION_ID, value, { messageTs: card.ts });
    for (const c of [...clicks, again]) expect(c.status).toBe(200);
    await eventually(() => h.sim.callsOf('StopJob').length > 0);
    await settle();
    expect(h.sim.callsOf('StopJob')).toHaveLength(1);
    const answers = await Promise.all([...clicks, again].map((c) => answerOf(h, c.responseId)));
    for (const a of answers) expect(a.body.response_type).toBe('ephemeral');
    expect(answers.map((a) => a.body.text).join('\n')).toMatch(/already received/);
  });

  it('Stop on a prod job’s card makes one approval request and stops nothing', async () => {
    const h = await harness();
    await h.command('dlc submit prod-run --image img:1 --command run', { channel: 'C0PROD' });
    const submit = await h.slack.waitFor(() =>
      h.slack.messages('C0PROD').find((m) => !m.thread_ts && m.text.includes('dlc submit prod-run')),
    );
    await h.react('white_check_mark', submit, { user: 'U0APPR1' });
    const card = await jobCard(h, 'prod-run', 'C0PROD');
    const value = cardButton(card, JOB_CARD_STOP_ACTION_ID)!.value;
    const clicks = await Promise.all([
      h.click(JOB_CARD_STOP_ACTION_ID, value, { channel: 'C0PROD', messageTs: card.ts }),
      h.click(JOB_CARD_STOP_ACTION_ID, value, { channel: 'C0PROD', messageTs: card.ts }),
    ]);
    await h.slack.waitFor(() =>
      clicks
        .flatMap((c) => h.slack.responses(c.responseId))
        .find((r) => /Approval request ar-[a-z0-9]{8}/.test(r.body.text ?? '')),
    );
    await settle();
    const requests = h.slack
      .messages('C0PROD')
      .filter((m) => !m.thread_ts && m.text.includes('Approval needed') && m.text.includes('dlc stop'));
    expect(requests).toHaveLength(1);
    expect(h.sim.callsOf('StopJob')).toHaveLength(0);
  });

  it('a non-operator’s Stop is refused with the reason, and nothing is stopped', async () => {
    const h = await harness();
    const card = await runningJob(h, 'not-yours');
    const click = await h.click(JOB_CARD_STOP_ACTION_ID, cardButton(card, JOB_CARD_STOP_ACTION_ID)!.value, {
      user: 'U0BOB',
      messageTs: card.ts,
    });
    await h.slack.waitFor(() =>
      h.slack.responses(click.responseId).find((r) => /was not stopped.*operators/.test(r.body.text ?? '')),
    );
    await settle();
    expect(h.sim.callsOf('StopJob')).toHaveLength(0);
  });

  it('Logs answers the clicker privately with the job’s last lines', async () => {
    const h = await harness();
    const card = await runningJob(h, 'chatty');
    const click = await h.click(JOB_CARD_LOGS_ACTION_ID, cardButton(card, JOB_CARD_LOGS_ACTION_ID)!.value, {
      user: 'U0BOB',
      messageTs: card.ts,
    });
    const answer = await h.slack.waitFor(() =>
      h.slack.responses(click.responseId).find((r) => /worker-0/.test(r.body.text ?? '')),
    );
    expect(answer.body.response_type).toBe('ephemeral');
    expect(h.sim.callsOf('GetPodLogs')).toHaveLength(1);
  });

  it('once the job has ended its card drops Stop, and a click on the stale Stop says why and stops nothing', async () => {
    const h = await harness();
    const card = await runningJob(h, 'ends-soon');
    const jobId = h.sim.jobs()[0]!.JobId;
    const stale = cardButton(card, JOB_CARD_STOP_ACTION_ID)!.value;
    await h.command(`dlc stop ${jobId}`);
    await eventually(async () => {
      h.clock.advance(5_000);
      await h.bot.pollNow();
      return card.text.includes('Stopped');
    });
    // Stop gone; Rerun in its place, the bot having kept the submit (rerun.test.ts).
    expect(cardButtons(card).map((b) => b.action_id)).toEqual([JOB_CARD_LOGS_ACTION_ID, JOB_CARD_RERUN_ACTION_ID]);
    const click = await h.click(JOB_CARD_STOP_ACTION_ID, stale, { messageTs: card.ts });
    const answer = await answerOf(h, click.responseId);
    expect(answer.body.text).toMatch(new RegExp(`Job ${jobId} has already ended.*Nothing was stopped`));
    await settle();
    expect(h.sim.callsOf('StopJob')).toHaveLength(1); // the typed stop only
  });

  it('a value the cards do not carry changes nothing', async () => {
    const h = await harness();
    const click = await h.click(JOB_CARD_STOP_ACTION_ID, 'dlc1 --pod x', { messageTs: '1.2' });
    expect((await answerOf(h, click.responseId)).body.text).toMatch(/not valid any more/);
    expect(h.sim.callsOf('StopJob')).toHaveLength(0);
  });
});

describe('service card buttons', () => {
  const serviceCard = (h: Harness, service: string) =>
    h.slack.messages('C0DEV').find((m) => !m.thread_ts && m.text.includes(`EAS service ${service}`));

  it('Events, Stop (confirmed) and Start follow the service; a stale Stop changes nothing', async () => {
    const h = await harness();
    await h.command('eas deploy card_svc --image x:1');
    const card = await h.slack.waitFor(() => serviceCard(h, 'card_svc'));
    await pollServicesUntil(h, () => card.text.includes('1/1'), 'running');
    expect(JSON.stringify(card.blocks)).toContain(
      `<https://pai.console.aliyun.com/?regionId=cn-shanghai&workspaceId=100001#/eas/serviceDetail/card_svc/detail|Open in the PAI console>`,
    );
    const modals = [SERVICE_CARD_SCALE_ACTION_ID, SERVICE_CARD_TRAFFIC_ACTION_ID];
    expect(cardButtons(card).map((b) => b.action_id)).toEqual([
      SERVICE_CARD_EVENTS_ACTION_ID,
      SERVICE_CARD_STOP_ACTION_ID,
      ...modals,
    ]);
    expect(cardButton(card, SERVICE_CARD_STOP_ACTION_ID)!.confirm).toBeDefined();

    const events = await h.click(
      SERVICE_CARD_EVENTS_ACTION_ID,
      cardButton(card, SERVICE_CARD_EVENTS_ACTION_ID)!.value,
      {
        messageTs: card.ts,
      },
    );
    await h.slack.waitFor(() =>
      h.slack.responses(events.responseId).find((r) => /events of card_svc/i.test(r.body.text ?? '')),
    );

    const stop = cardButton(card, SERVICE_CARD_STOP_ACTION_ID)!.value;
    await Promise.all([
      h.click(SERVICE_CARD_STOP_ACTION_ID, stop, { messageTs: card.ts }),
      h.click(SERVICE_CARD_STOP_ACTION_ID, stop, { messageTs: card.ts }),
    ]);
    await eventually(() => h.sim.callsOf('StopService').length > 0);
    await pollServicesUntil(h, () => card.text.includes('Stopped'), 'stopped');
    expect(h.sim.callsOf('StopService')).toHaveLength(1);
    expect(cardButtons(card).map((b) => b.action_id)).toEqual([
      SERVICE_CARD_EVENTS_ACTION_ID,
      SERVICE_CARD_START_ACTION_ID,
      ...modals,
    ]);

    const staleStop = await h.click(SERVICE_CARD_STOP_ACTION_ID, stop, { messageTs: card.ts, user: 'U0ALICE' });
    expect((await answerOf(h, staleStop.responseId)).body.text).toMatch(/already stopped.*Nothing was changed/);

    await h.click(SERVICE_CARD_START_ACTION_ID, cardButton(card, SERVICE_CARD_START_ACTION_ID)!.value, {
      messageTs: card.ts,
    });
    await eventually(() => h.sim.callsOf('StartService').length === 1);
    await pollServicesUntil(h, () => card.text.includes('Running') && card.text.includes('1/1'), 'started again');
    // A Stop after the Start is a new request, not a re-delivery of the first: within a minute the typed command's
    // double-submit guard answers it, as it would the same command typed again.
    const stopAgain = cardButton(card, SERVICE_CARD_STOP_ACTION_ID)!.value;
    expect(stopAgain).not.toBe(stop);
    const again = await h.click(SERVICE_CARD_STOP_ACTION_ID, stopAgain, { messageTs: card.ts });
    expect((await answerOf(h, again.responseId)).body.text).toMatch(/exact command less than 60 seconds ago/);
    expect(h.sim.callsOf('StopService')).toHaveLength(1);
  });
});
