import { HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createSlackApp } from '../../src/slack/create-slack-app.js';

const log = pino({ level: 'silent' });
const routes: never[] = [];

describe('createSlackApp', () => {
  it('uses Socket Mode when an app-level token is configured (no signing secret needed)', () => {
    const app = createSlackApp({
      config: { slack: { botToken: 'xoxb-1', appToken: 'xapp-1-A-1-abc' }, port: 0, logLevel: 'info' },
      log,
      routes,
    });
    expect((app as unknown as { receiver: unknown }).receiver).toBeInstanceOf(SocketModeReceiver);
  });

  it('uses the signature-checking HTTP receiver otherwise', () => {
    const app = createSlackApp({
      config: { slack: { botToken: 'xoxb-1', signingSecret: 'secret' }, port: 0, logLevel: 'info' },
      log,
      routes,
    });
    expect((app as unknown as { receiver: unknown }).receiver).toBeInstanceOf(HTTPReceiver);
  });
});
