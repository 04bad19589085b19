// Collects items for a short window and hands them over together: at a few hundred lookups a second,
// queue adds issued in the same tick cost about half as much CPU each as adds issued one at a time
// (measured by `npm run bench`, BENCHMARKS.md).

export interface BatchWindowOptions {
  /** How long the first item of a batch may wait for company. */
  windowMs: number;
  /** A batch this large is handed over at once. */
  maxSize: number;
  /** Injected in tests; setTimeout otherwise. Returns a function that cancels the timer. */
  schedule?: (run: () => void, ms: number) => () => void;
}

/** Takes a batch; returns one promise per item, in order, settled when that item is done. May throw to refuse the whole batch. */
export type HandOver<T> = (items: T[]) => Promise<unknown>[];

export interface BatchWindow<T> {
  /** Resolves once `item` was handed over and done, or rejects with its error (or the batch's, when the whole batch was refused). */
  push(item: T): Promise<void>;
  /** Hands over whatever is waiting now (at shutdown) and resolves when that is done. */
  flush(): Promise<void>;
}

interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const realSchedule = (run: () => void, ms: number): (() => void) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

export function batchWindow<T>(handOver: HandOver<T>, opts: BatchWindowOptions): BatchWindow<T> {
  const schedule = opts.schedule ?? realSchedule;
  let waiting: Waiting<T>[] = [];
  let cancelTimer: (() => void) | undefined;

  const run = async (): Promise<void> => {
    cancelTimer?.();
    cancelTimer = undefined;
    const batch = waiting;
    waiting = [];
    if (!batch.length) return;
    let done: Promise<unknown>[];
    try {
      done = handOver(batch.map((w) => w.item));
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    // Each caller hears about its own item: one failed add must not tell the others theirs failed.
    await Promise.all(batch.map((w, i) => done[i]!.then(() => w.resolve(), w.reject)));
  };

  return {
    push(item) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        if (waiting.length >= opts.maxSize) void run();
        else if (!cancelTimer) cancelTimer = schedule(() => void run(), opts.windowMs);
      });
    },
    flush: run,
  };
}
