// A service card's Scale… and Traffic… buttons (issue 21, item 1) open a small modal; a submission is the typed
// `eas scale` / `eas traffic` through its own path (src/slack/listeners/service-forms.ts): a bad value is shown on the
// field and queues nothing, a good one makes exactly one PAI call even when delivered twice, prod asks for approval,
// and a click on a service that is gone says why and opens nothing.

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  SERVICE_CARD_EVENTS_ACTION_ID,
  SERVICE_CARD_SCALE_ACTION_ID,
  SERVICE_CARD_STOP_ACTION_ID,
  SERVICE_CARD_TRAFFIC_ACTION_ID,
} from '../../src/render/service-card.js';
import { configYaml, devWorkspace, prodWorkspace } from '../support/config-yaml.js';
import { type Card, cardButton, cardButtons, harnessesOn, pollServicesUntil } from '../support/cards.js';
import { eventually, type Harness } from '../support/harness.js';

const YAML = configYaml({
  workspaces: [devWorkspace({ operators: ['U0ALICE'] }), prodWorkspace({ approvers: ['U0APPR1'], required: 1 })],
});

const harness = harnessesOn(YAML);

type View = {
  id: string;
  callback_id?: unknown;
  private_metadata?: unknown;
  title: { text: string };
  blocks: { block_id?: string; label: { text: string }; element: { initial_value?: string } }[];
};

const buttonValue = (card: Card, actionId: string) => cardButton(card, actionId)?.value;
const settle = () => new Promise((r) => setTimeout(r, 300)); // time for a second call, were there one

/** Deploys `service` in dev with 2 replicas and waits for its card to show them running. */
async function runningService(h: Harness, service: string): Promise<Card> {
  await h.command(`eas deploy ${service} --image x:1 --replicas 2`);
  const card = await h.slack.waitFor(() =>
    h.slack.messages('C0DEV').find((m) => !m.thread_ts && m.text.includes(`EAS service ${service}`)),
  );
  await pollServicesUntil(h, () => card.text.includes('2/2'), 'running');
  return card;
}

/** Clicks a card button and returns the modal it opened. */
async function open(h: Harness, card: Card, actionId: string, channel = 'C0DEV'): Promise<View> {
  const before = h.slack.openedViews().length;
  await h.click(actionId, buttonValue(card, actionId)!, { channel, messageTs: card.ts });
  await eventually(() => h.slack.openedViews().length === before + 1, 5_000, 'the modal');
  return { ...(h.slack.openedViews().at(-1)!.view as unknown as View), id: `V${randomUUID().slice(0, 8)}` };
}

async function queued(h: Harness): Promise<number> {
  const c = await h.queueCounts();
  return Object.values(c).reduce((a, b) => a + b, 0);
}

describe('Scale… and Traffic… on a service card', () => {
  it('Scale… opens a modal with the current replicas; bad values stay on the field; a good one scales once', async () => {
    const h = await harness();
    const card = await runningService(h, 'modal_svc');
    expect(cardButtons(card).map((b) => b.action_id)).toEqual([
      SERVICE_CARD_EVENTS_ACTION_ID,
      SERVICE_CARD_STOP_ACTION_ID,
      SERVICE_CARD_SCALE_ACTION_ID,
      SERVICE_CARD_TRAFFIC_ACTION_ID,
    ]);
    const view = await open(h, card, SERVICE_CARD_SCALE_ACTION_ID);
    expect(view.title.text).toBe('Scale modal_svc');
    expect(view.blocks).toHaveLength(1);
    expect(view.blocks[0]!.block_id).toBe('replicas');
    expect(view.blocks[0]!.label.text).toBe('Replicas');
    expect(view.blocks[0]!.element.initial_value).toBe('2');

    for (const bad of ['10000', '-1', 'abc', '3 -w prod', '']) {
      const before = await queued(h);
      const reply = await h.submitView(view, { replicas: bad });
      expect(reply.status).toBe(200);
      expect(reply.json.response_action).toBe('errors');
      expect(Object.keys(reply.json.errors)).toEqual(['replicas']);
      expect(reply.json.errors.replicas).toMatch(/replicas/);
      expect(await queued(h)).toBe(before);
    }
    expect(h.sim.callsOf('ScaleService')).toHaveLength(0);

    const twice = await Promise.all([h.submitView(view, { replicas: '3' }), h.submitView(view, { replicas: '3' })]);
    const again = await h.submitView(view, { replicas: '3' });
    for (const r of [...twice, again]) expect(r.json?.response_action).toBeUndefined();
    await eventually(() => h.sim.callsOf('ScaleService').length > 0, 5_000, 'ScaleService');
    await eventually(
      () => h.slack.ephemerals('C0DEV').some((e) => e.user === 'U0ALICE' && /Queued/.test(e.text)),
      5_000,
      'the private answer',
    );
    await settle();
    expect(h.sim.callsOf('ScaleService')).toHaveLength(1);
    expect(h.sim.callsOf('ScaleService')[0]!.body).toMatchObject({ Instance: 3 });
  });

  it('Traffic… opens a weight modal with the current weight; 1001 stays on the field; 500 releases once', async () => {
    const h = await harness();
    const card = await runningService(h, 'weighted_svc');
    const view = await open(h, card, SERVICE_CARD_TRAFFIC_ACTION_ID);
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.blocks.map((b) => b.block_id)).toEqual(['weight']);
    expect(view.blocks[0]!.label.text).toBe('Weight (0–1000)');
    // The simulator gives a new service weight 100, as DescribeService shows it.
    expect(view.blocks[0]!.element.initial_value).toBe('100');

    const bad = await h.submitView(view, { weight: '1001' });
    expect(bad.json.response_action).toBe('errors');
    expect(bad.json.errors.weight).toMatch(/traffic weight/);
    await Promise.all([h.submitView(view, { weight: '500' }), h.submitView(view, { weight: '500' })]);
    await eventually(() => h.sim.callsOf('ReleaseService').length > 0, 5_000, 'ReleaseService');
    await settle();
    expect(h.sim.callsOf('ReleaseService')).toHaveLength(1);

    // The watcher keeps the new weight (no card edit for it), and the next form shows it.
    const lists = h.sim.callsOf('ListServices').length;
    await pollServicesUntil(h, () => h.sim.callsOf('ListServices').length > lists, 'a poll after the release');
    const next = await open(h, card, SERVICE_CARD_TRAFFIC_ACTION_ID);
    expect(next.blocks[0]!.element.initial_value).toBe('500');
  });

  it('a long service name is cut in the title to Slack’s 24 characters', async () => {
    const h = await harness();
    const card = await runningService(h, 'a_service_with_a_long_name');
    const view = await open(h, card, SERVICE_CARD_SCALE_ACTION_ID);
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.title.text).toMatch(/^Scale a_service.*…$/);
  });

  it('in prod a submission makes one approval request and scales nothing', async () => {
    const h = await harness();
    await h.command('eas deploy prod_svc --image x:1 --replicas 2', { channel: 'C0PROD' });
    const request = await h.slack.waitFor(() =>
      h.slack.messages('C0PROD').find((m) => !m.thread_ts && m.text.includes('eas deploy prod_svc')),
    );
    await h.react('white_check_mark', request, { user: 'U0APPR1' });
    const card = await h.slack.waitFor(() =>
      h.slack.messages('C0PROD').find((m) => !m.thread_ts && m.text.includes('EAS service prod_svc')),
    );
    await pollServicesUntil(h, () => card.text.includes('2/2'), 'running');
    const view = await open(h, card, SERVICE_CARD_SCALE_ACTION_ID, 'C0PROD');
    await Promise.all([h.submitView(view, { replicas: '4' }), h.submitView(view, { replicas: '4' })]);
    await eventually(
      () => h.slack.ephemerals('C0PROD').some((e) => /Approval request ar-[a-z0-9]{8}/.test(e.text)),
      5_000,
      'the approval receipt',
    );
    await settle();
    const requests = h.slack
      .messages('C0PROD')
      .filter((m) => !m.thread_ts && m.text.includes('Approval needed') && m.text.includes('eas scale'));
    expect(requests).toHaveLength(1);
    expect(h.sim.callsOf('ScaleService')).toHaveLength(0);
  });

  it('a click once the service is being deleted says why and opens nothing', async () => {
    const h = await harness();
    const card = await runningService(h, 'doomed_svc');
    const value = buttonValue(card, SERVICE_CARD_SCALE_ACTION_ID)!;
    await h.command('eas delete doomed_svc --yes');
    await eventually(() => h.sim.callsOf('DeleteService').length === 1, 5_000, 'DeleteService');
    await pollServicesUntil(h, () => !buttonValue(card, SERVICE_CARD_SCALE_ACTION_ID), 'the card without buttons');
    const before = h.slack.openedViews().length;
    const click = await h.click(SERVICE_CARD_SCALE_ACTION_ID, value, { messageTs: card.ts });
    const answer = await h.slack.waitFor(() => h.slack.responses(click.responseId).at(-1));
    expect(answer.body.text).toMatch(/doomed_svc .*(deleting|deleted|no longer followed).*Nothing was opened/);
    await settle();
    expect(h.slack.openedViews()).toHaveLength(before);
  });
});
