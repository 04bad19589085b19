// SlackOutput.respond: what reaches a response_url, with secrets scrubbed from the text and the blocks.

import { WebClient } from '@slack/web-api';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createSlackOutput } from '../../src/slack-out/slack-output.js';

const SECRET = 'ak-secret-0123456789';

function output(status = 200) {
  const posted: { url: string; body: unknown }[] = [];
  const slack = createSlackOutput({
    client: new WebClient('xoxb-unused'),
    log: pino({ level: 'silent' }),
    postJson: async (url, body) => {
      posted.push({ url, body: JSON.parse(body) });
      return status;
    },
    scrub: (text) => text.split(SECRET).join('[redacted]'),
  });
  return { slack, posted };
}

describe('SlackOutput.respond', () => {
  it('posts the message as an ephemeral answer, secrets scrubbed from text and blocks', async () => {
    const { slack, posted } = output();
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: `key ${SECRET} in a "quoted" block` } }];
    await slack.respond('https://hooks.example/r/1', { text: `failed with ${SECRET}`, blocks });
    expect(posted).toEqual([
      {
        url: 'https://hooks.example/r/1',
        body: {
          text: 'failed with [redacted]',
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'key [redacted] in a "quoted" block' } }],
          response_type: 'ephemeral',
        },
      },
    ]);
    expect(blocks[0]!.text.text).toContain(SECRET); // the caller's message is left as it was
  });

  it('says in_channel and replace_original when asked, and has no blocks key without blocks', async () => {
    const { slack, posted } = output();
    await slack.respond('https://hooks.example/r/2', { text: 'done' }, { inChannel: true, replaceOriginal: true });
    expect(posted[0]!.body).toEqual({ text: 'done', response_type: 'in_channel', replace_original: true });
  });

  it('fails when the response_url does not answer 2xx', async () => {
    const { slack } = output(404);
    await expect(slack.respond('https://hooks.example/r/3', { text: 'x' })).rejects.toThrow(/HTTP 404/);
  });
});
