// views.publish and views.open through the real @slack/web-api client: what Slack refuses, the fake refuses
// with Slack's error codes, so a bot that builds a bad view fails in tests before it fails in a workspace.

import { WebClient, type WebAPIPlatformError } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOptionsAnswer, createFakeSlack, type FakeSlack } from '../src/index.js';
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

describe('select menus in a modal, and the options an external_select loads', () => {
  const option = (value: string, text = value) => ({ text: { type: 'plain_text', text }, value });
  const withInput = (element: Record<string, unknown>, label = 'Instance type') => ({
    type: 'modal',
    title: { type: 'plain_text', text: 'Form' },
    submit: { type: 'plain_text', text: 'Go' },
    blocks: [{ type: 'input', block_id: 'instance', label: { type: 'plain_text', text: label }, element }],
  });
  const external = {
    type: 'external_select',
    action_id: 'dlc_instance',
    min_query_length: 0,
    initial_option: option('ecs.g6.xlarge'),
  };
  let trigger = 0;
  const open = (view: unknown) => client.views.open({ trigger_id: `9.9.${++trigger}`, view: view as never });

  it('opens a well-formed external_select and static_select', async () => {
    expect((await open(withInput(external))).ok).toBe(true);
    const select = {
      type: 'static_select',
      action_id: 'value',
      options: [option('dev')],
      initial_option: option('dev'),
    };
    expect((await open(withInput(select))).ok).toBe(true);
  });

  it.each([
    ['options of its own', { ...external, options: [option('a')] }, /has none of its own/],
    ['a negative min_query_length', { ...external, min_query_length: -1 }, /min_query_length/],
    [
      'an initial option over 75 characters',
      { ...external, initial_option: option('v', 'x'.repeat(76)) },
      /longer than 75/,
    ],
    ['an option value over 150', { ...external, initial_option: option('v'.repeat(151)) }, /value/],
    [
      'a static_select initial_option that is none of its options',
      { type: 'static_select', action_id: 'value', options: [option('dev')], initial_option: option('prod') },
      /not one of its options/,
    ],
    [
      'a static_select with 101 options',
      { type: 'static_select', options: Array.from({ length: 101 }, (_, i) => option(`o${i}`)) },
      /more than 100 options/,
    ],
  ])('refuses %s', async (_what, element, message) => {
    const refused = await slackError(open(withInput(element)));
    expect(refused.error).toBe('invalid_blocks');
    expect(refused.errors?.join('\n')).toMatch(message);
  });

  it('refuses an input label over 2000 characters', async () => {
    const refused = await slackError(open(withInput(external, 'x'.repeat(2001))));
    expect(refused.errors?.join('\n')).toMatch(/label longer than 2000/);
  });

  it('checks the answer to a block_suggestion as Slack would show it', () => {
    const group = (label: string, n: number) => ({
      label: { type: 'plain_text', text: label },
      options: Array.from({ length: n }, (_, i) => option(`ecs.t${i}.x`)),
    });
    expect(checkOptionsAnswer({ option_groups: [group('GPU', 60), group('CPU', 40)] })).toEqual([]);
    expect(checkOptionsAnswer({ options: [] })).toEqual([]);
    expect(checkOptionsAnswer({ options: [option('a')], option_groups: [group('GPU', 1)] })).toEqual([
      'answer: exactly one of options and option_groups',
    ]);
    expect(checkOptionsAnswer({ option_groups: [group('x'.repeat(76), 1)] }).join()).toMatch(/label longer than 75/);
    expect(checkOptionsAnswer({ option_groups: [group('GPU', 101)] }).join()).toMatch(/1‥100 options/);
    expect(checkOptionsAnswer({ options: [option('a', 'x'.repeat(76))] }).join()).toMatch(/text longer than 75/);
    expect(checkOptionsAnswer({ option_groups: [group('GPU', 0)] }).join()).toMatch(/1‥100 options/);
  });
});
