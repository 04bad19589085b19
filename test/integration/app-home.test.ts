// The App Home: a signed app_home_opened event publishes that user's view, from Redis only (the PAI simulator sees
// no call), listing their running jobs; an approver sees the pending requests they may decide with the Approve and
// Reject buttons of the request card, and a click there is the same vote; the requester cannot decide their own.

import { afterEach, describe, expect, it } from 'vitest';
import { eventBody, postToBot } from '@pai-bot/sandbox/slack-requests.js';
import { APPROVE_ACTION_ID } from '../../src/render/approval-request.js';
import {
  buttonsOf,
  clickInHome as clickInHomeOf,
  type HomeClick,
  openHome as openHomeOf,
} from '../support/app-home.js';
import { eventually, SIGNING_SECRET, startHarness, type Harness } from '../support/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

const openHome = (user: string, tab = 'home') => openHomeOf(h, user, tab);
const clickInHome = (user: string, action: HomeClick) => clickInHomeOf(h, user, action);

describe('the App Home', () => {
  it("lists the user's running job with its card and console links within 1 s, without a PAI call", async () => {
    h = await startHarness();
    await h.command('dlc submit home-job --image img:1 --command "python train.py"', { user: 'U0ALICE' });
    const card = await h.slack.waitFor(() =>
      h.slack.messages('C0DEV').find((m) => !m.thread_ts && m.text.includes('home-job')),
    );
    const jobId = h.sim.jobs()[0]!.JobId;
    // The card's ts is recorded once the outbox posted it.
    await eventually(async () => (await h.redis.hget(`${h.keyPrefix}:tracked:dlc-cards`, jobId)) === card.ts);
    const paiCalls = h.sim.calls.length;

    const { view, elapsedMs } = await openHome('U0ALICE');
    expect(elapsedMs).toBeLessThan(1_000);
    expect(view.view.type).toBe('home');
    const text = JSON.stringify(view.view.blocks);
    expect(text).toContain('home-job');
    expect(text).toContain(jobId);
    expect(text).toContain(`https://slack.com/archives/C0DEV/p${card.ts.replace('.', '')}`);
    expect(text).toContain(`#/dlc/jobs/${jobId}/overview`);
    expect(h.sim.calls.length).toBe(paiCalls);

    // Another user's Home does not list it; another tab publishes nothing.
    expect(JSON.stringify((await openHome('U0BOB')).view.view.blocks)).not.toContain('home-job');
    const published = h.slack.homeViews().length;
    await postToBot(
      h.eventsUrl,
      eventBody({ event: { type: 'app_home_opened', user: 'U0ALICE', channel: 'D0HOME', tab: 'messages' } }),
      { secret: SIGNING_SECRET, contentType: 'json' },
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(h.slack.homeViews()).toHaveLength(published);
    expect(h.sim.calls.length).toBe(paiCalls);
  });

  it('shows an approver the pending request with its buttons; Approve there is a vote; the requester cannot decide it', async () => {
    h = await startHarness();
    await h.command('dlc submit prod-home --image img:1 --command "python train.py"', {
      user: 'U0ALICE',
      channel: 'C0PROD',
    });
    const message = await h.slack.waitFor(() =>
      h.slack.messages('C0PROD').find((m) => !m.thread_ts && m.text.includes('dlc submit prod-home')),
    );
    const id = /\((ar-[a-z0-9]{8})\)/.exec(message.text)![1]!;

    const approver = (await openHome('U0APPR1')).view;
    const [approve] = buttonsOf(approver, APPROVE_ACTION_ID).filter((b) => b.value === id);
    expect(approve).toBeDefined();
    expect(JSON.stringify(approver.view.blocks)).toContain('prod-home');

    await clickInHome('U0APPR1', { action_id: APPROVE_ACTION_ID, block_id: approve!.block_id, value: id });
    await h.slack.waitFor(() => message.text.includes('1 of 2'));
    const votes = await h.redis.hgetall(`${h.keyPrefix}:approval:${id}:votes`);
    expect(Object.keys(votes)).toEqual(['U0APPR1']);
    expect(votes.U0APPR1).toMatch(/\|button$/);
    expect(h.sim.callsOf('CreateJob')).toHaveLength(0);

    // The requester's Home does not offer their own request; the second approver's still does.
    const own = (await openHome('U0ALICE')).view;
    expect(buttonsOf(own, APPROVE_ACTION_ID).filter((b) => b.value === id)).toEqual([]);
    const second = (await openHome('U0APPR2')).view;
    expect(buttonsOf(second, APPROVE_ACTION_ID).map((b) => b.value)).toContain(id);
  });
});
