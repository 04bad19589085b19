// Long lists (jobs, workspaces) go into as many sections as they need, each within Slack's 3000.

export const SECTION_TEXT_MAX = 3_000;

/** Joins lines with newlines into chunks of at most max characters; no line is split or dropped. */
export function packLines(lines: readonly string[], max = SECTION_TEXT_MAX): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + 1 + line.length > max) {
      chunks.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) chunks.push(current);
  return chunks;
}
