// The results every checker returns, and the helpers that quote user input and guess what was meant.
// Kept apart from the checkers so the scanner, the checkers and the verb specs share one vocabulary.

export type Failure = { ok: false; message: string };
export type Check<T> = { ok: true; value: T } | Failure;

export const ok = <T>(value: T): Check<T> => ({ ok: true, value });
export const fail = (message: string): Failure => ({ ok: false, message });

const MAX_ECHO = 60;

/** Quotes user input for a message, flattened and cut short so a message never carries much of it. */
export function show(input: string): string {
  let flat = input.length > 4 * MAX_ECHO ? input.slice(0, 4 * MAX_ECHO) : input;
  flat = flat.replace(/\s+/g, ' ');
  if (flat.length > MAX_ECHO) {
    let cut = flat.slice(0, MAX_ECHO - 1);
    // Never leave half a surrogate pair behind.
    if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
    flat = `${cut}…`;
  }
  return `"${flat}"`;
}

/** Optimal string alignment distance: a swapped pair ('sumbit') counts as one edit. */
function editDistance(a: string, b: string): number {
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (prev2[j - 2] as number) + 1);
      row.push(d);
    }
    prev2 = prev;
    prev = row;
  }
  return prev[b.length] as number;
}

/** The closest candidate, if it is close enough to be what was meant. Bounded work for any input. */
export function suggest(input: string, candidates: readonly string[]): string | undefined {
  if (input.length === 0 || input.length > 40) return undefined;
  const typed = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    let d = editDistance(typed, lower);
    if (typed.replace(/^-+/, '').length >= 3 && lower.startsWith(typed)) d = Math.min(d, 1);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const allowed = best.replace(/^-+/, '').length <= 4 ? 1 : 2;
  return bestDistance <= allowed ? best : undefined;
}

export const didYouMean = (guess: string | undefined): string => (guess ? `; did you mean ${guess}?` : '');
