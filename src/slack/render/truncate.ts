// Slack limits are in characters; JavaScript strings are UTF-16. Cutting by code point keeps
// emoji and CJK text whole.

/** Shortens text to at most max code points, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  const points = Array.from(text);
  if (points.length <= max) return text;
  return points.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/**
 * Keeps the last lines that fit in maxChars (logs: the end matters most), each line itself capped.
 * Returns the kept lines and how many were left out.
 */
export function lastLinesWithin(lines: readonly string[], maxChars: number, maxLine = 500): { lines: string[]; omitted: number } {
  const kept: string[] = [];
  let used = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = truncate(lines[i]!.replace(/\r/g, ''), maxLine);
    const cost = Array.from(line).length + 1;
    if (used + cost > maxChars) break;
    kept.unshift(line);
    used += cost;
  }
  return { lines: kept, omitted: lines.length - kept.length };
}
