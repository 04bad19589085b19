// Timestamp formats PAI uses on the wire.

/** DLC job times: UTC ISO without milliseconds, e.g. 2026-01-01T00:00:02Z. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Pod log line prefix: `2026-01-01 00:00:02`, as DLC's own example logs show. */
export function logStamp(ms: number): string {
  return isoSeconds(ms).replace('T', ' ').replace('Z', '');
}

/** Parses an ISO time query parameter; undefined when absent, NaN when garbled. */
export function parseTimeParam(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  return Date.parse(value);
}
