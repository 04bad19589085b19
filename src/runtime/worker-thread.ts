// The worker role of an all-in-one process (`npm start`, role all), on a thread of its own: its lookups,
// PAI calls and poll cycles then never hold up the event loop that must ack Slack within 3 seconds.
// Started by start-process.ts; reads the same environment and config file as the main thread.

import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { startBot, type RunningBot } from '../bot.js';
import { configSecrets } from '../config/config-secrets.js';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../log/logger.js';
import { lowerThreadPriority } from './worker-priority.js';
import type { FromWorkerThread, ToWorkerThread, WorkerThreadData } from './worker-thread-protocol.js';

const port = parentPort!;
const send = (msg: FromWorkerThread) => port.postMessage(msg);
const data = workerData as WorkerThreadData;
const config = loadConfig({ env: process.env, role: 'worker', readFile: (p) => readFileSync(p, 'utf8') });
const log = createLogger({
  level: config.logLevel,
  secrets: configSecrets(config),
  ...(data.logFile ? { destination: pino.destination({ dest: data.logFile, mkdir: true, sync: false }) } : {}),
}).child({ thread: 'worker' });

// This thread only: the web role's main thread shares the process and must keep acking first.
lowerThreadPriority(log);

let bot: RunningBot;
try {
  bot = await startBot({
    config,
    log,
    workerThread: true,
    ...(data.keyPrefix ? { keyPrefix: data.keyPrefix } : {}),
    ...(data.autoPoll !== undefined ? { autoPoll: data.autoPoll } : {}),
    ...(data.perChannelIntervalMs !== undefined
      ? { slackPacing: { perChannelIntervalMs: data.perChannelIntervalMs } }
      : {}),
  });
} catch (err) {
  log.fatal({ err }, 'worker thread could not start');
  send({ type: 'start-failed', message: (err as Error).message });
  await new Promise<void>((resolve) => log.flush(() => resolve()));
  process.exit(1);
}

port.on('message', (msg: ToWorkerThread) => {
  if (msg.type === 'metrics') {
    void bot.metricsJson().then(
      (json) => send({ type: 'metrics', id: msg.id, json }),
      () => send({ type: 'metrics', id: msg.id, json: [] }),
    );
    return;
  }
  void bot
    .stop()
    .catch((err: unknown) => log.error({ err }, 'error while stopping the worker thread'))
    .then(() => new Promise<void>((resolve) => log.flush(() => resolve())))
    .then(() => {
      send({ type: 'stopped' });
      process.exit(0); // ends this thread only
    });
});
send({ type: 'ready' });
