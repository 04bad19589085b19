// What `npm start` runs. `--role web` and `--role worker` are one bot each (startBot). `--role all`, the
// default, is both roles in one process, each on an event loop of its own: the web role here, the worker
// role on a worker thread (worker-thread.ts). On one event loop, acks waited behind lookups and poll
// cycles: `npm run bench` measured p50 ack latency at 300 lookups/s rising fivefold.
//
// The two halves share nothing but Redis, exactly like a web and a worker process. /metrics of the web
// role includes the thread's metrics; if the thread dies, `failure` settles and the process should exit.

import { Worker } from 'node:worker_threads';
import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import type { Logger } from 'pino';
import { startBot } from '../bot.js';
import type { Config } from '../config/load-config.js';
import type { FromWorkerThread, ToWorkerThread, WorkerThreadData } from './worker-thread-protocol.js';
import { lowerProcessPriority } from './worker-priority.js';

export interface ProcessOptions {
  config: Config;
  log: Logger;
  keyPrefix?: string;
  /** false = no interval poller (the bench triggers poll cycles itself). */
  autoPoll?: boolean;
  slackPacing?: { perChannelIntervalMs?: number };
  /** Role all: the worker thread's JSON logs go to this file instead of stdout. */
  workerLogFile?: string;
}

export interface RunningProcess {
  port: number;
  /** Resolves with the reason if the worker thread stops on its own; never settles otherwise. */
  failure: Promise<Error>;
  stop(): Promise<void>;
}

const STOP_LIMIT_MS = 20_000;

export async function startProcess({
  config,
  log,
  keyPrefix,
  autoPoll,
  slackPacing,
  workerLogFile,
}: ProcessOptions): Promise<RunningProcess> {
  const common = {
    ...(keyPrefix ? { keyPrefix } : {}),
    ...(autoPoll !== undefined ? { autoPoll } : {}),
    ...(slackPacing ? { slackPacing } : {}),
  };
  if (config.role !== 'all') {
    if (config.role === 'worker') lowerProcessPriority(log);
    const bot = await startBot({ config, log, ...common });
    return { port: bot.port, failure: new Promise<Error>(() => undefined), stop: () => bot.stop() };
  }
  const thread = await startWorkerThread(
    { keyPrefix, autoPoll, perChannelIntervalMs: slackPacing?.perChannelIntervalMs, logFile: workerLogFile },
    log,
  );
  try {
    const web = await startBot({ config: { ...config, role: 'web' }, log, ...common, moreMetrics: thread.metricsJson });
    return {
      port: web.port,
      failure: thread.failure,
      // Both halves stop taking work at once, as the two phases of one bot's shutdown would.
      stop: async () => void (await Promise.all([web.stop(), thread.stop()])),
    };
  } catch (err) {
    await thread.stop();
    throw err;
  }
}

interface WorkerThreadHandle {
  metricsJson(): Promise<MetricObjectWithValues<MetricValue<string>>[]>;
  failure: Promise<Error>;
  stop(): Promise<void>;
}

async function startWorkerThread(data: WorkerThreadData, log: Logger): Promise<WorkerThreadHandle> {
  const worker = import.meta.url.endsWith('.js')
    ? new Worker(new URL('./worker-thread.js', import.meta.url), { workerData: data })
    : // Under tsx (development, tests, the bench) this module is TypeScript, and so is its sibling; tsx's
      // --import does not reach worker threads, so the thread registers it before loading the entry.
      new Worker(
        `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./worker-thread.ts', import.meta.url).href)}); })`,
        { eval: true, workerData: data },
      );
  const send = (msg: ToWorkerThread) => worker.postMessage(msg);
  let stopping = false;
  let seq = 0;
  const pendingMetrics = new Map<number, (json: MetricObjectWithValues<MetricValue<string>>[]) => void>();
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  let reportFailure: (err: Error) => void = () => undefined;
  const failure = new Promise<Error>((resolve) => (reportFailure = resolve));

  worker.on('error', (err) => log.error({ err }, 'worker thread failed'));
  worker.on('message', (msg: FromWorkerThread) => {
    if (msg.type === 'metrics') {
      pendingMetrics.get(msg.id)?.(msg.json);
      pendingMetrics.delete(msg.id);
    }
  });
  void exited.then((code) => {
    for (const answer of pendingMetrics.values()) answer([]);
    pendingMetrics.clear();
    if (!stopping) reportFailure(new Error(`the worker thread stopped unexpectedly (exit code ${code})`));
  });

  await new Promise<void>((resolve, reject) => {
    const onMessage = (msg: FromWorkerThread) => {
      if (msg.type === 'ready') done(resolve);
      if (msg.type === 'start-failed') done(() => reject(new Error(`worker role could not start: ${msg.message}`)));
    };
    const onExit = (code: number) =>
      done(() => reject(new Error(`the worker thread exited with code ${code} while starting`)));
    const done = (settle: () => void) => {
      worker.off('message', onMessage);
      worker.off('exit', onExit);
      settle();
    };
    worker.on('message', onMessage);
    worker.on('exit', onExit);
  });

  return {
    failure,
    metricsJson: () =>
      new Promise((resolve) => {
        const id = ++seq;
        pendingMetrics.set(id, resolve);
        send({ type: 'metrics', id });
      }),
    async stop() {
      if (stopping) return void (await exited);
      stopping = true;
      send({ type: 'stop' });
      const limit = setTimeout(() => {
        log.error({ limitMs: STOP_LIMIT_MS }, 'the worker thread did not stop in time; terminating it');
        void worker.terminate();
      }, STOP_LIMIT_MS);
      await exited;
      clearTimeout(limit);
    },
  };
}
