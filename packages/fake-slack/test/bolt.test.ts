// A real Bolt App wired to the fake Slack, driven by signed requests from slack-requests.ts: proves the
// request builders pass Bolt's signature check and the bot's Web API calls land in the fake.

import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeSlack, type FakeSlack } from '../src/index.js';
import { eventBody, postToBot, signSlackBody, slashCommandBody } from '@pai-bot/sandbox/slack-requests.js';
import { isValidSlackRequest } from '@slack/bolt';

const TOKEN = 'xoxb-bolt-test';
const SECRET = 'test-signing-secret';

let fake: FakeSlack;
let app: App;
let eventsUrl: string;
const seenEvents: string[] = [];

beforeAll(async () => {
  fake = createFakeSlack({ token: TOKEN, botUserId: 'U0BOT', botId: 'B1' });
  await fake.start();
  app = new App({
    signingSecret: SECRET,
    token: TOKEN,
    botId: 'B1',
    botUserId: 'U0BOT', // with botId, skips the constructor's auth.test (gotcha 2)
    clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } },
    logLevel: LogLevel.ERROR,
  });
  app.command('/pai', async ({ ack, command, client, respond }) => {
    await ack({ response_type: 'ephemeral', text: 'queued' });
    await client.chat.postMessage({ channel: command.channel_id, text: `ran: ${command.text}` });
    await respond({ text: `done: ${command.text}` });
  });
  app.event('reaction_added', async ({ event }) => {
    seenEvents.push(`${event.reaction}@${event.item.type === 'message' ? event.item.ts : ''}`);
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
});

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

const command = (text: string, responseUrl = fake.responseUrl()) =>
  slashCommandBody({ text, userId: 'U1', channelId: 'C0DEV', responseUrl });

describe('signed requests to a real Bolt App', () => {
  it('builds signatures Bolt accepts', () => {
    const body = command('help');
    const ts = Math.floor(Date.now() / 1000);
    const headers = { 'x-slack-signature': signSlackBody(SECRET, body, ts), 'x-slack-request-timestamp': ts };
    expect(isValidSlackRequest({ signingSecret: SECRET, body, headers })).toBe(true);
  });

  it('slash command: signed -> 200 ack, and the listener reaches the fake', async () => {
    const body = command('dlc status dlc-123', fake.responseUrl('cmd-ok'));
    const reply = await postToBot(eventsUrl, body, { secret: SECRET, contentType: 'form' });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ response_type: 'ephemeral', text: 'queued' });
    const msg = await fake.waitFor(() => fake.messages('C0DEV').find((m) => m.text === 'ran: dlc status dlc-123'));
    expect(msg.user).toBe('U0BOT');
    // Bolt's respond() POSTs JSON to the response_url the command carried
    const [resp] = await fake.waitFor(() => fake.responses('cmd-ok').length > 0 && fake.responses('cmd-ok'));
    expect(resp!.body).toMatchObject({ text: 'done: dlc status dlc-123' });
  });

  it('bad signature -> 401', async () => {
    const reply = await postToBot(eventsUrl, command('x'), { secret: SECRET, contentType: 'form', badSignature: true });
    expect(reply.status).toBe(401);
  });

  it('missing signature -> 401', async () => {
    const reply = await postToBot(eventsUrl, command('x'), {
      secret: SECRET,
      contentType: 'form',
      omitSignature: true,
    });
    expect(reply.status).toBe(401);
  });

  it('stale timestamp (over 5 minutes old) -> 401', async () => {
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const reply = await postToBot(eventsUrl, command('x'), { secret: SECRET, contentType: 'form', timestampSec: old });
    expect(reply.status).toBe(401);
  });

  it('event_callback envelope is accepted (and a retry runs again)', async () => {
    const body = eventBody({
      eventId: 'Ev0TEST',
      event: {
        type: 'reaction_added',
        user: 'U1',
        reaction: 'white_check_mark',
        item: { type: 'message', channel: 'C0DEV', ts: '1.000100' },
        item_user: 'U0BOT',
      },
    });
    expect((await postToBot(eventsUrl, body, { secret: SECRET, contentType: 'json' })).status).toBe(200);
    expect((await postToBot(eventsUrl, body, { secret: SECRET, contentType: 'json', retryNum: 1 })).status).toBe(200);
    await fake.waitFor(() => seenEvents.length >= 2);
    expect(seenEvents).toEqual(['white_check_mark@1.000100', 'white_check_mark@1.000100']);
  });
});
