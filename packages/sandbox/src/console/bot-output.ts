// Everything the bot says, in arrival order: printed as it happens and kept so `:wait` can match it.
// `:wait` consumes what it matched (like expect): a later `:wait Succeeded` needs a new Succeeded,
// not the one an earlier job already printed.

export interface WaitOutcome {
  matched: boolean;
  /** The entry that matched, when one did. */
  entry?: string;
}

export class BotOutput {
  private readonly entries: string[] = [];
  private cursor = 0;
  private held: string[] | undefined;
  private lastAt = 0;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly print: (text: string) => void) {}

  /** `now` prints even while held: the ack a hold waits for. */
  add(text: string, now = false): void {
    this.entries.push(text);
    this.lastAt = Date.now();
    if (this.held && !now) this.held.push(text);
    else this.print(text);
    for (const wake of [...this.waiters]) wake();
  }

  get count(): number {
    return this.entries.length;
  }

  /** Holds printing (not recording) while a command's ack is in flight, so the ack prints first. */
  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const text of held) this.print(text);
  }

  waitFor(pattern: RegExp, timeoutMs: number): Promise<WaitOutcome> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        for (let i = this.cursor; i < this.entries.length; i++) {
          if (pattern.test(this.entries[i]!)) {
            this.cursor = i + 1;
            resolve({ matched: true, entry: this.entries[i]! });
            return true;
          }
        }
        return false;
      };
      if (check()) return;
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        resolve({ matched: false });
      }, timeoutMs);
      const wake = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      this.waiters.add(wake);
    });
  }

  /**
   * Lets the output a command triggers arrive before the next script line echoes: waits for a first
   * entry after `since` (at most `firstMs`), then until the bot has been quiet for `quietMs`.
   */
  async settle(since: number, firstMs = 1_000, quietMs = 250, maxMs = 3_000): Promise<void> {
    const started = Date.now();
    while (this.entries.length <= since && Date.now() - started < firstMs) await sleep(25);
    if (this.entries.length > since) await this.quiet(quietMs, maxMs - (Date.now() - started));
  }

  /** Waits until nothing new arrived for `quietMs` (bounded by `maxMs`: a busy bot is never quiet). */
  async quiet(quietMs = 250, maxMs = 1_500): Promise<void> {
    const started = Date.now();
    while (Date.now() - this.lastAt < quietMs && Date.now() - started < maxMs) await sleep(25);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
