// Query parameter parsing shared by the route handlers. Bad values become InvalidParameter with the parameter named,
// rather than being silently ignored, so a bot that sends a malformed filter finds out in tests.

import { parseTimeParam } from './time-format.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export const SEVEN_DAYS_MS = 7 * 24 * 60 * 60 * 1000;

export function intParam(
  query: Record<string, string>,
  name: string,
  opts: { default: number; min: number; max?: number },
): Parsed<number> {
  const raw = query[name];
  if (raw === undefined || raw === '') return { ok: true, value: opts.default };
  const value = Number(raw);
  const tooBig = opts.max !== undefined && value > opts.max;
  if (!Number.isInteger(value) || value < opts.min || tooBig) {
    const range = opts.max === undefined ? `>= ${opts.min}` : `from ${opts.min} to ${opts.max}`;
    return { ok: false, message: `The parameter ${name} must be an integer ${range}, got "${raw}".` };
  }
  return { ok: true, value };
}

/** Comma-separated lists (JobIds, WorkspaceIds); blanks dropped. */
export function listParam(query: Record<string, string>, name: string): string[] | undefined {
  const raw = query[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export interface TimeWindow {
  start: number;
  end: number;
}

/** StartTime/EndTime as PAI reads them: both default so that the window is the last 7 days of the (simulated) now. */
export function timeWindowParams(query: Record<string, string>, now: number): Parsed<TimeWindow> {
  const start = parseTimeParam(query.StartTime);
  const end = parseTimeParam(query.EndTime);
  if (start !== undefined && Number.isNaN(start)) return { ok: false, message: `The parameter StartTime must be a UTC ISO time, got "${query.StartTime}".` };
  if (end !== undefined && Number.isNaN(end)) return { ok: false, message: `The parameter EndTime must be a UTC ISO time, got "${query.EndTime}".` };
  return { ok: true, value: { start: start ?? now - SEVEN_DAYS_MS, end: end ?? now } };
}

export function boolParam(query: Record<string, string>, name: string): boolean {
  return (query[name] ?? '').toLowerCase() === 'true';
}
