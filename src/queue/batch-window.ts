// Collects items for a short window and hands them over as one batch: at a few hundred lookups a
// second, one Redis write for several queue adds instead of one each (a write is a system call, and
// system calls were the largest single cost of an ack in the profiles; see BENCHMARKS.md).

export interface BatchWindowOptions {
  /** How long the first item of a batch may wait for company. */
  windowMs: number;
  /** A batch this large is handed over at once. */
  maxSize: number;
  /** Injected in tests; setTimeout otherwise. Returns a function that cancels the timer. */
  schedule?: (run: () => void, ms: number) => () => void;
}

export interface BatchWindow<T> {
  /** Resolves once the batch holding `item` was handed over, or rejects with that batch's error. */
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

export function batchWindow<T>(handOver: (items: T[]) => Promise<void>, opts: BatchWindowOptions): BatchWindow<T> {
  const schedule = opts.schedule ?? realSchedule;
  let waiting: Waiting<T>[] = [];
  let cancelTimer: (() => void) | undefined;

  const run = async (): Promise<void> => {
    cancelTimer?.();
    cancelTimer = undefined;
    const batch = waiting;
    waiting = [];
    if (!batch.length) return;
    try {
      await handOver(batch.map((w) => w.item));
      for (const w of batch) w.resolve();
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
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
