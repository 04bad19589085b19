// Slack limits are in characters. We count UTF-16 code units (JavaScript's `length`), which is never
// less than the code-point count, so a string within the limit here is within it for Slack either
// way. Cuts fall between grapheme clusters, so an emoji (a surrogate pair, or a ZWJ family) or a CJK
// character is never split into mojibake.
//
// cutIndex is the one place where the bot decides where text may be cut: every shortening in the
// renderers goes through it, measured as the text will be sent (escaped, when it will be escaped),
// and, for text that is already mrkdwn, never inside an entity, a mention or a link (fitMrkdwn in
// mrkdwn.ts passes those spans as keepWhole).

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const utf16 = (text: string) => text.length;

/**
 * How much of text fits in budget: the largest end, between grapheme clusters, with
 * measure(text.slice(0, end)) ≤ budget, moved back to the start of any keepWhole span it would cut
 * through. `measure` must add up over pieces of the text and give every character at least 1
 * (length, or the length once escaped); keepWhole must be a global regular expression.
 */
export function cutIndex(
  text: string,
  budget: number,
  measure: (text: string) => number = utf16,
  keepWhole?: RegExp,
): number {
  if (budget < 1) return 0;
  let end = 0;
  let used = 0;
  // Every character costs at least 1, so nothing past budget characters can be kept; segmenting a
  // slightly longer window finds the same boundaries (a boundary depends on the next character only)
  // without walking a megabyte-long log line.
  for (const { segment } of graphemes.segment(text.slice(0, budget + 8))) {
    const cost = measure(segment);
    if (used + cost > budget) break;
    end += segment.length;
    used += cost;
  }
  if (keepWhole) {
    keepWhole.lastIndex = 0;
    for (let m = keepWhole.exec(text); m !== null && m.index < end; m = keepWhole.exec(text)) {
      if (m.index + m[0].length > end) return m.index;
      if (m[0].length === 0) keepWhole.lastIndex++;
    }
  }
  return end;
}

/**
 * Shortens text so that measure(result) ≤ max, cutting between grapheme clusters and marking the cut
 * with "…". `measure` must add up over pieces of the text and give every character at least 1
 * (length, or the length once escaped).
 */
export function truncateTo(text: string, max: number, measure: (text: string) => number = utf16): string {
  if (measure(text) <= max) return text;
  if (max < 1) return '';
  // The ellipsis is one character however it is measured.
  return `${text.slice(0, cutIndex(text, max - 1, measure))}…`;
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
export function lastLinesFitting(
  lines: readonly string[],
  maxChars: number,
  { maxLine = 500, measure = utf16 }: LastLinesOptions = {},
): { lines: string[]; omitted: number } {
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
export function lastLinesWithin(
  lines: readonly string[],
  maxChars: number,
  maxLine = 500,
): { lines: string[]; omitted: number } {
  return lastLinesFitting(lines, maxChars, { maxLine });
}
