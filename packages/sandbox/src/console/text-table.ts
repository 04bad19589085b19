// The console's simulator listings (:jobs, :services, :notebooks): a header and rows in padded columns, indented.

/** One line per row, the header first, each column as wide as its widest cell, two spaces apart. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map(
    (cells) =>
      `  ${cells
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd()}`,
  );
}
