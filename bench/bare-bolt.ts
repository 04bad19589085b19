// The baseline: a Bolt app that only acks /pai, nothing else, in its own process. Same Bolt version, same
// HTTP receiver and signature check as the bot; no Redis, no queue, no worker.

import { App } from '@slack/bolt';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Server } from 'node:http';
import { serve } from './ipc.js';

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

const eld = monitorEventLoopDelay({ resolution: 5 });
eld.enable();
let cpuMark = process.cpuUsage();
let wallMark = performance.now();

serve(
  {
    mark: () => {
      cpuMark = process.cpuUsage();
      wallMark = performance.now();
      eld.reset();
      return true;
    },
    usage: () => {
      const cpu = process.cpuUsage(cpuMark);
      return { cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - wallMark, eldP50Ms: eld.percentile(50) / 1e6, eldP99Ms: eld.percentile(99) / 1e6, eldMaxMs: eld.max / 1e6, rss: process.memoryUsage.rss() };
    },
    stop: async () => {
      await app.stop();
      setImmediate(() => process.exit(0));
      return true;
    },
  },
  { port },
);
