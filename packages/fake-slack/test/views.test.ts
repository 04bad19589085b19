// views.publish and views.open through the real @slack/web-api client: what Slack refuses, the fake refuses
// with Slack's error codes, so a bot that builds a bad view fails in tests before it fails in a workspace.

import { WebClient, type WebAPIPlatformError } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeSlack, type FakeSlack } from '../src/index.js';
import { SILENT_WEB_LOGGER } from '../../../test/support/silent-web-logger.js';

const TOKEN = 'xoxb-test-token';
let fake: FakeSlack;
let client: WebClient;

beforeAll(async () => {
  fake = createFakeSlack({ token: TOKEN });
  await fake.start();
  client = new WebClient(TOKEN, { slackApiUrl: fake.url, retryConfig: { retries: 0 }, logger: SILENT_WEB_LOGGER });
});
afterAll(() => fake.stop());

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const blocks = (n: number) => Array.from({ length: n }, (_, i) => section(`row ${i}`));
const modal = (title: string, n = 1) => ({
  type: 'modal',
  title: { type: 'plain_text', text: title },
  blocks: blocks(n),
});

async function slackError(call: Promise<unknown>): Promise<{ error: string; errors?: string[] }> {
  try {
    await call;
  } catch (err) {
    const data = (err as WebAPIPlatformError).data as { error: string; errors?: string[] };
    return data;
  }
  throw new Error('the call succeeded');
}

describe('views.publish', () => {
  it('records a home view of 100 blocks for the user', async () => {
    const r = await client.views.publish({ user_id: 'U0HOME', view: { type: 'home', blocks: blocks(100) } });
    expect(r.ok).toBe(true);
    const [published] = fake.homeViews('U0HOME');
    expect(published?.view.blocks).toHaveLength(100);
    expect(fake.homeViews('U0OTHER')).toEqual([]);
  });

  it('refuses a view without a user, of another type or with 101 blocks', async () => {
    const noUser = await slackError(client.apiCall('views.publish', { view: { type: 'home', blocks: blocks(1) } }));
    expect(noUser.error).toBe('invalid_arguments');
    const asModal = await slackError(client.views.publish({ user_id: 'U0HOME', view: modal('Hi') as never }));
    expect(asModal.error).toBe('invalid_arguments');
    const tooMany = await slackError(
      client.views.publish({ user_id: 'U0HOME', view: { type: 'home', blocks: blocks(101) } as never }),
    );
    expect(tooMany).toMatchObject({ error: 'invalid_arguments', errors: [expect.stringContaining('100 blocks')] });
  });

  it('refuses a block Slack would refuse (a section over 3000 characters)', async () => {
    const long = await slackError(
      client.views.publish({ user_id: 'U0HOME', view: { type: 'home', blocks: [section('x'.repeat(3001))] } as never }),
    );
    expect(long.error).toBe('invalid_blocks');
  });
});

describe('views.open', () => {
  it('opens a modal once per trigger id', async () => {
    fake.issueTrigger('1.1.abc');
    expect((await client.views.open({ trigger_id: '1.1.abc', view: modal('Submit a job') as never })).ok).toBe(true);
    expect(fake.openedViews().map((v) => v.triggerId)).toContain('1.1.abc');
    const again = await slackError(client.views.open({ trigger_id: '1.1.abc', view: modal('Submit a job') as never }));
    expect(again.error).toBe('expired_trigger_id');
  });

  it('refuses a trigger id issued more than 3 s ago', async () => {
    const realNow = Date.now;
    fake.issueTrigger('2.2.old');
    Date.now = () => realNow() + 3_500;
    try {
      const late = await slackError(client.views.open({ trigger_id: '2.2.old', view: modal('Late') as never }));
      expect(late.error).toBe('expired_trigger_id');
    } finally {
      Date.now = realNow;
    }
  });

  it('refuses a modal title over 24 characters, a missing trigger id and 101 blocks', async () => {
    const title = await slackError(client.views.open({ trigger_id: '3.3.a', view: modal('x'.repeat(25)) as never }));
    expect(title).toMatchObject({ error: 'invalid_arguments', errors: [expect.stringContaining('/view/title')] });
    const noTrigger = await slackError(client.apiCall('views.open', { view: modal('Hi') }));
    expect(noTrigger.error).toBe('invalid_arguments');
    const tooMany = await slackError(client.views.open({ trigger_id: '3.3.b', view: modal('Hi', 101) as never }));
    expect(tooMany.error).toBe('invalid_arguments');
    // A refused view leaves its trigger id unused: the fixed modal opens with it.
    expect((await client.views.open({ trigger_id: '3.3.a', view: modal('Short') as never })).ok).toBe(true);
  });
});
