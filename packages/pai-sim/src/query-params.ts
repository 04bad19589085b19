// Query parameter parsing shared by the route handlers. Bad values become InvalidParameter with the parameter named,
// rather than being silently ignored, so a bot that sends a malformed filter finds out in tests.

import { parseTimeParam } from './time-format.js';
import { DLC_TIME } from './wire/dlc.js';

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

/** One DLC time parameter in the form the SDK documents (2020-11-08T16:00:00Z); undefined when absent, NaN when not so. */
function dlcTimeParam(value: string | undefined): number | undefined {
  const parsed = parseTimeParam(value);
  return parsed === undefined || (value !== undefined && DLC_TIME.test(value)) ? parsed : Number.NaN;
}

/**
 * DLC StartTime/EndTime: both default so that the window is the last 7 days of the (simulated) now. Only the documented
 * form is accepted (UTC, whole seconds, Z): real DLC's handling of milliseconds or offsets is unconfirmed, so sending
 * any other form is a bug the tests should see.
 */
export function timeWindowParams(query: Record<string, string>, now: number): Parsed<TimeWindow> {
  const start = dlcTimeParam(query.StartTime);
  const end = dlcTimeParam(query.EndTime);
  const form = 'a UTC time like 2020-11-08T16:00:00Z (whole seconds)';
  if (start !== undefined && Number.isNaN(start))
    return { ok: false, message: `The parameter StartTime must be ${form}, got "${query.StartTime}".` };
  if (end !== undefined && Number.isNaN(end))
    return { ok: false, message: `The parameter EndTime must be ${form}, got "${query.EndTime}".` };
  return { ok: true, value: { start: start ?? now - SEVEN_DAYS_MS, end: end ?? now } };
}

/** A boolean query value as the SDK flattens it ('true' / 'false'); absent is `fallback`, anything else an error. */
export function strictBool(query: Record<string, string>, name: string, fallback: boolean): Parsed<boolean> {
  const raw = query[name];
  if (raw === undefined || raw === '') return { ok: true, value: fallback };
  if (raw === 'true' || raw === 'false') return { ok: true, value: raw === 'true' };
  return { ok: false, message: `The parameter ${name} must be true or false, got "${raw}".` };
}

/** A value of a closed list (case-sensitive, as the SDK lists it); absent or empty is undefined. */
export function enumParam<T extends string>(
  query: Record<string, string>,
  name: string,
  allowed: readonly T[],
): Parsed<T | undefined> {
  const raw = query[name];
  if (raw === undefined || raw === '') return { ok: true, value: undefined };
  if ((allowed as readonly string[]).includes(raw)) return { ok: true, value: raw as T };
  return { ok: false, message: `The parameter ${name} must be one of ${allowed.join(', ')}, got "${raw}".` };
}
