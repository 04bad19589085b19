// What the main thread of an all-in-one process and its worker thread say to each other.

import type { MetricObjectWithValues, MetricValue } from 'prom-client';

/** Given to the worker thread at start (structured-cloned, so plain data only). */
export interface WorkerThreadData {
  keyPrefix?: string | undefined;
  autoPoll?: boolean | undefined;
  perChannelIntervalMs?: number | undefined;
  /** JSON logs go to this file instead of stdout. */
  logFile?: string | undefined;
}

export type ToWorkerThread = { type: 'metrics'; id: number } | { type: 'stop' };

export type FromWorkerThread =
  | { type: 'ready' }
  | { type: 'start-failed'; message: string }
  | { type: 'metrics'; id: number; json: MetricObjectWithValues<MetricValue<string>>[] }
  | { type: 'stopped' };
