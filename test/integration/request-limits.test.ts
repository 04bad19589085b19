import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postToBot, slashCommandBody } from '@pai-bot/sandbox/slack-requests.js';
import { eventually, SIGNING_SECRET, startHarness, type Harness } from '../support/harness.js';
import { configYaml, devWorkspace, prodWorkspace } from '../support/config-yaml.js';

const YAML = configYaml({
  workspaces: [
    devWorkspace({ operators: ['S0MLOPS'] }),
    prodWorkspace({ approvers: ['U0APPR1', 'U0APPR2'], required: 2 }),
  ],
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ yaml: YAML });
  h.slack.setUsergroup('S0MLOPS', ['U0OPS']);
});
afterAll(async () => h?.stop());

describe('request limits', () => {
  it("rejects an oversized body (over Bolt's 4 MB limit) with 413 and does nothing", async () => {
    const body = slashCommandBody({
      text: `dlc submit big --image img:1 --command "${'x'.repeat(5 * 1024 * 1024)}"`,
      userId: 'U0OPS',
      channelId: 'C0DEV',
      responseUrl: h.slack.responseUrl(),
    });
    const reply = await postToBot(h.eventsUrl, body, { secret: SIGNING_SECRET, contentType: 'form' });
    expect(reply.status).toBe(413);
    const counts = await h.queueCounts();
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('keeps an event id for at least 10 minutes to drop redeliveries', async () => {
    await h.command('dlc submit prod-x --image img:1 --command run', { user: 'U0ALICE', channel: 'C0PROD' });
    const request = await h.slack.waitFor(() =>
      h.slack.messages('C0PROD').find((m) => m.text.includes('Approval needed')),
    );
    const eventId = await h.react('white_check_mark', request, { user: 'U0APPR1' });
    const key = `${h.keyPrefix}:slack-event:${eventId}`;
    await eventually(async () => (await h.redis.exists(key)) === 1, 5_000, 'event id recorded');
    expect(await h.redis.ttl(key)).toBeGreaterThanOrEqual(600);
  });
});

describe('operators given as a user group', () => {
  it('lets a member of the group change things and refuses others with the reason; reads stay open', async () => {
    const outsider = await h.command('dlc submit nope --image img:1 --command run', { user: 'U0ALICE' });
    expect(outsider.json.text).toMatch(/Only the operators of workspace dev/);
    const member = await h.command('dlc submit yes-1 --image img:1 --command run', { user: 'U0OPS' });
    expect(member.json.text).toContain('Queued');
    const read = await h.command('dlc list', { user: 'U0ALICE' });
    expect(read.json.text).toMatch(/Looking that up/);
  });
});
