// Slack limits are in characters. We count UTF-16 code units (JavaScript's `length`), which is never
// less than the code-point count, so a string within the limit here is within it for Slack either
// way. Cuts fall between grapheme clusters, so an emoji (a surrogate pair, or a ZWJ family) or a CJK
// character is never split into mojibake.

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const utf16 = (text: string) => text.length;

/**
 * Shortens text so that measure(result) ≤ max, cutting between grapheme clusters and marking the cut
 * with "…". `measure` must add up over pieces of the text and give every character at least 1
 * (length, or the length once escaped).
 */
export function truncateTo(text: string, max: number, measure: (text: string) => number = utf16): string {
  if (measure(text) <= max) return text;
  if (max < 1) return '';
  const budget = max - 1; // the ellipsis is one character however it is measured
  let out = '';
  let used = 0;
  // Every character costs at least 1, so nothing past budget characters can be kept; segmenting a
  // slightly longer window finds the same boundaries (a boundary depends on the next character only)
  // without walking a megabyte-long log line.
  for (const { segment } of graphemes.segment(text.slice(0, budget + 8))) {
    const cost = measure(segment);
    if (used + cost > budget) break;
    out += segment;
    used += cost;
  }
  return `${out}…`;
}

/** Shortens text to at most max characters (UTF-16 units), marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  return truncateTo(text, max);
}

export interface LastLinesOptions {
  /** Each line is capped at this many (measured) characters before it is counted. Default 500. */
  maxLine?: number;
  /** How a line is counted; pass the escaped length when the lines will be escaped. Default: length. */
  measure?: (text: string) => number;
}

/**
 * Keeps the last lines whose measured size, one newline each included, fits in maxChars (logs: the
 * end matters most). The newest line is always kept, cut down if it alone is too long.
 */
export function lastLinesFitting(lines: readonly string[], maxChars: number, { maxLine = 500, measure = utf16 }: LastLinesOptions = {}): { lines: string[]; omitted: number } {
  const kept: string[] = [];
  let used = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    let line = truncateTo(lines[i]!.replace(/\r/g, ''), maxLine, measure);
    let cost = measure(line) + 1;
    if (used + cost > maxChars) {
      if (kept.length > 0 || maxChars < 2) break;
      line = truncateTo(line, maxChars - 1, measure);
      cost = measure(line) + 1;
    }
    kept.push(line);
    used += cost;
  }
  kept.reverse();
  return { lines: kept, omitted: lines.length - kept.length };
}

/**
 * Keeps the last lines that fit in maxChars (logs: the end matters most), each line itself capped.
 * Returns the kept lines and how many were left out.
 */
export function lastLinesWithin(lines: readonly string[], maxChars: number, maxLine = 500): { lines: string[]; omitted: number } {
  return lastLinesFitting(lines, maxChars, { maxLine });
}
