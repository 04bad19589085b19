// Event-driven waiting: every recorded call or activity pokes the waiters; a slow poll covers state that
// changes without a call (a test mutating a held object, a timer in the bot).

import type { ActivityKind, ApiCall } from './types.js';

const POLL_MS = 25;

export class Notifier {
  private readonly pokes = new Set<() => void>();
  private readonly listeners = new Set<(kind: ActivityKind, item: unknown) => void>();

  poke(): void {
    for (const p of [...this.pokes]) p();
  }

  emit(kind: ActivityKind, item: unknown): void {
    for (const l of [...this.listeners]) {
      try {
        l(kind, item);
      } catch {
        // a broken transcript printer must not break the fake's HTTP reply
      }
    }
    this.poke();
  }

  onActivity(listener: (kind: ActivityKind, item: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  waitFor<T>(pick: () => T | undefined | false | null, timeoutMs: number, recentCalls: () => ApiCall[]): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let lastError: unknown;
      let done = false;
      const check = () => {
        if (done) return;
        try {
          const v = pick();
          if (v) finish(() => resolve(v));
        } catch (e) {
          lastError = e; // a pick that dereferences not-yet-posted messages just means "not yet"
        }
      };
      const finish = (settle: () => void) => {
        done = true;
        clearInterval(poll);
        clearTimeout(timer);
        this.pokes.delete(check);
        settle();
      };
      const poll = setInterval(check, POLL_MS);
      const timer = setTimeout(() => {
        const calls = recentCalls()
          .map((c) => `  ${c.method} ${c.ok ? 'ok' : (c.error ?? 'error')} ${JSON.stringify(c.args).slice(0, 300)}`)
          .join('\n');
        const why = lastError instanceof Error ? `; last pick error: ${lastError.message}` : '';
        finish(() =>
          reject(
            new Error(`fake Slack waitFor timed out after ${timeoutMs} ms${why}; last calls:\n${calls || '  (none)'}`),
          ),
        );
      }, timeoutMs);
      this.pokes.add(check);
      check();
    });
  }
}
