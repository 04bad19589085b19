// The fake Slack against the real @slack/web-api client: if the transport drifts from what web-api sends,
// these fail before any integration test does.

import { ErrorCode, WebClient, type WebAPIPlatformError, type WebAPIRateLimitedError } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeSlack, type FakeSlack } from '../src/index.js';
import { SILENT_WEB_LOGGER } from '../../../test/support/silent-web-logger.js';

const TOKEN = 'xoxb-test-token';
const card = [
  { type: 'header', text: { type: 'plain_text', text: 'train-bert' } },
  { type: 'section', fields: [{ type: 'mrkdwn', text: '*Status*\nQueuing' }] },
];

const clientFor = (token: string | undefined, extra: Record<string, unknown> = {}) =>
  new WebClient(token, { slackApiUrl: fake.url, retryConfig: { retries: 0 }, logger: SILENT_WEB_LOGGER, ...extra });

let fake: FakeSlack;
let client: WebClient;

beforeAll(async () => {
  fake = createFakeSlack({ token: TOKEN, botUserId: 'U0BOT', botId: 'B1', teamId: 'T1' });
  await fake.start();
  client = clientFor(TOKEN);
});
afterAll(() => fake.stop());

describe('fake Slack Web API', () => {
  it('serves the base URL under /api/ on loopback', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
  });

  it('answers auth.test with the configured identity', async () => {
    const r = await client.auth.test();
    expect(r).toMatchObject({ ok: true, user_id: 'U0BOT', bot_id: 'B1', team_id: 'T1' });
  });

  it('records postMessage, update and a threaded reply with channel/ts/thread and parsed blocks', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0DEV', text: 'train-bert queued', blocks: card });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    const ts = posted.ts!;

    const updated = await client.chat.update({
      channel: 'C0DEV',
      ts,
      text: 'train-bert running',
      blocks: [card[0]!, { type: 'section', fields: [{ type: 'mrkdwn', text: '*Status*\nRunning' }] }],
    });
    expect(updated).toMatchObject({ ok: true, channel: 'C0DEV', ts });

    const reply = await client.chat.postMessage({ channel: 'C0DEV', thread_ts: ts, text: 'Queuing → Running' });
    expect(Number(reply.ts)).toBeGreaterThan(Number(ts));

    const msgs = fake.messages('C0DEV');
    expect(msgs.map((m) => m.ts)).toEqual([ts, reply.ts]);
    const [top] = msgs;
    expect(top).toMatchObject({ channel: 'C0DEV', user: 'U0BOT', text: 'train-bert running', edits: 1 });
    expect(top!.blocks?.[1]).toEqual({ type: 'section', fields: [{ type: 'mrkdwn', text: '*Status*\nRunning' }] });
    expect(top!.history).toEqual([{ text: 'train-bert queued', blocks: card }]);
    expect(fake.thread('C0DEV', ts)).toEqual([expect.objectContaining({ text: 'Queuing → Running', thread_ts: ts })]);

    const call = fake.calls.find((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0DEV');
    expect(call?.token).toBe(TOKEN);
    expect(Array.isArray(call?.args.blocks)).toBe(true); // JSON-stringified on the wire, objects again here
  });

  it('keeps blocks an update omits and rejects unknown targets', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'C0KEEP', text: 't', blocks: card });
    await client.chat.update({ channel: 'C0KEEP', ts: ts!, text: 'only text' });
    expect(fake.messages('C0KEEP')[0]!.blocks).toEqual(card);
    await expect(client.chat.update({ channel: 'C0KEEP', ts: '1.000001', text: 'x' })).rejects.toMatchObject({
      data: { error: 'message_not_found' },
    });
    await expect(
      client.chat.postMessage({ channel: 'C0KEEP', thread_ts: '1.000001', text: 'x' }),
    ).rejects.toMatchObject({
      data: { error: 'thread_not_found' },
    });
  });

  it('validates messages the way Slack would reject them', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ text: 'x'.repeat(40_001) }, 'msg_too_long'],
      [{ text: 'x', blocks: [{ text: 'no type' }] }, 'invalid_blocks'],
      [{ text: 'x', blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) }, 'invalid_blocks'],
      [
        { text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) } }] },
        'invalid_blocks',
      ],
      [
        { text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] },
        'invalid_blocks',
      ],
      [{}, 'no_text'],
    ];
    for (const [args, error] of cases) {
      await expect(client.chat.postMessage({ channel: 'C0VAL', ...args } as never)).rejects.toMatchObject({
        code: ErrorCode.PlatformError,
        data: { error },
      });
    }
    expect(fake.messages('C0VAL')).toEqual([]);
  });

  it('records ephemerals, reactions, users, usergroups and conversations', async () => {
    const eph = await client.chat.postEphemeral({ channel: 'C0DEV', user: 'U1', text: 'usage: /pai dlc status <id>' });
    expect(eph.message_ts).toBeTruthy();
    expect(fake.ephemerals('C0DEV')).toEqual([
      expect.objectContaining({ channel: 'C0DEV', user: 'U1', text: 'usage: /pai dlc status <id>' }),
    ]);

    const { ts } = await client.chat.postMessage({ channel: 'C0PROD', text: 'approval needed' });
    await client.reactions.add({ channel: 'C0PROD', timestamp: ts!, name: 'eyes' });
    await expect(client.reactions.add({ channel: 'C0PROD', timestamp: ts!, name: 'eyes' })).rejects.toMatchObject({
      data: { error: 'already_reacted' },
    });
    fake.addReaction('C0PROD', ts!, 'white_check_mark', 'U0APPR1');
    const got = await client.reactions.get({ channel: 'C0PROD', timestamp: ts!, full: true });
    expect(got.message?.reactions).toEqual([
      { name: 'eyes', count: 1, users: ['U0BOT'] },
      { name: 'white_check_mark', count: 1, users: ['U0APPR1'] },
    ]);

    expect((await client.users.info({ user: 'U1' })).user).toMatchObject({ id: 'U1', is_bot: false, deleted: false });
    fake.setUsergroup('S0LEADS', ['U0APPR1', 'U0APPR2']);
    expect((await client.usergroups.users.list({ usergroup: 'S0LEADS' })).users).toEqual(['U0APPR1', 'U0APPR2']);
    await expect(client.usergroups.users.list({ usergroup: 'S0NONE' })).rejects.toMatchObject({
      data: { error: 'no_such_subteam' },
    });
    expect((await client.conversations.info({ channel: 'C0DEV' })).channel).toMatchObject({
      id: 'C0DEV',
      is_member: true,
    });
    await expect(client.apiCall('files.nonsense')).rejects.toMatchObject({ data: { error: 'unknown_method' } });
  });

  it('rejects a bad token with invalid_auth and a missing one with not_authed', async () => {
    const bad = clientFor('xoxb-wrong');
    const err = (await bad.chat
      .postMessage({ channel: 'C0DEV', text: 'x' })
      .catch((e: unknown) => e)) as WebAPIPlatformError;
    expect(err.code).toBe(ErrorCode.PlatformError);
    expect(err.data.error).toBe('invalid_auth');

    const anon = clientFor(undefined);
    await expect(anon.auth.test()).rejects.toMatchObject({ data: { error: 'not_authed' } });
  });

  it('answers 429 with Retry-After, seen by WebClient', async () => {
    fake.rateLimitNext(1, 7, 'chat.postMessage');
    const strict = clientFor(TOKEN, { rejectRateLimitedCalls: true });
    const err = (await strict.chat
      .postMessage({ channel: 'C0RL', text: 'x' })
      .catch((e: unknown) => e)) as WebAPIRateLimitedError;
    expect(err.code).toBe(ErrorCode.RateLimitedError);
    expect(err.retryAfter).toBe(7);
    expect(fake.calls.at(-1)).toMatchObject({ method: 'chat.postMessage', status: 429, error: 'ratelimited' });

    // the default client waits Retry-After, then (with retries: 0) gives up with a request error
    fake.rateLimitNext(1, 0);
    await expect(client.chat.postMessage({ channel: 'C0RL', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.RequestError,
    });
    await client.chat.postMessage({ channel: 'C0RL', text: 'after' }); // the injection is used up
    expect(fake.messages('C0RL').map((m) => m.text)).toEqual(['after']);
  });

  it('fails the next N calls of a method on demand', async () => {
    fake.failNext(2, 'not_in_channel', 'chat.postMessage');
    await client.auth.test(); // other methods are unaffected
    for (let i = 0; i < 2; i++)
      await expect(client.chat.postMessage({ channel: 'C0F', text: 'x' })).rejects.toMatchObject({
        data: { error: 'not_in_channel' },
      });
    await client.chat.postMessage({ channel: 'C0F', text: 'x' });
    expect(fake.messages('C0F')).toHaveLength(1);
  });

  it('hands out strictly increasing ts values', async () => {
    const tss: string[] = [];
    for (let i = 0; i < 5; i++) tss.push((await client.chat.postMessage({ channel: 'C0TS', text: String(i) })).ts!);
    expect(new Set(tss).size).toBe(5);
    expect([...tss].sort((a, b) => Number(a) - Number(b))).toEqual(tss);
  });
});
