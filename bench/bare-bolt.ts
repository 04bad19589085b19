// The baseline: a Bolt app that only acks /pai, nothing else, in its own process. Same Bolt version, same
// HTTP receiver and signature check as the bot; no Redis, no queue, no worker.

import { App } from '@slack/bolt';
import type { Server } from 'node:http';
import { serve } from './ipc.js';
import { usageMeter } from './usage-meter.js';

const env = process.env;
const app = new App({
  signingSecret: env.BENCH_SIGNING_SECRET!,
  token: env.BENCH_BOT_TOKEN!,
  botId: 'B0BOT',
  botUserId: 'U0BOT',
  clientOptions: { slackApiUrl: env.BENCH_SLACK_API_URL! },
});
app.command('/pai', async ({ ack }) => {
  await ack();
});
const server = (await app.start(0)) as Server;
const address = server.address();
const port = address && typeof address === 'object' ? address.port : 0;

const meter = usageMeter();

serve(
  {
    ...meter,
    stop: async () => {
      await app.stop();
      setImmediate(() => process.exit(0));
      return true;
    },
  },
  { port },
);
