// GetInstanceMetrics from a notebook's run segments: one series per pod (each start is a new pod), a point every
// TimeStep while the pod ran, Time in Unix seconds as the SDK's example (1670890560). CpuCoreUsage and GpuCoreUsage
// follow the utilisation a test set; every other metric type reads 0 (the simulator models no memory, disk or network).

import type { NotebookState } from './dsw-lifecycle.js';
import { podIdFor } from './dsw-store.js';
import { enumParam, type Parsed } from './query-params.js';
import { DSW_METRIC_TYPES, DSW_TIME, DSW_TIME_STEP, type DswMetricType, type WirePodMetrics } from './wire/dsw.js';

/** Without StartTime/EndTime/TimeStep: the last hour, a point a minute (the simulator's choice; PAI's is not given). */
export const DEFAULT_METRICS_WINDOW_MS = 60 * 60_000;
export const DEFAULT_TIME_STEP = '1m';
/** More points than this in one answer is refused rather than truncated. */
export const MAX_METRIC_POINTS = 1440;

export interface MetricsQuery {
  metricType: DswMetricType;
  start: number;
  end: number;
  stepMs: number;
}

function timeParam(query: Record<string, string>, name: string, fallback: number): Parsed<number> {
  const raw = query[name];
  if (raw === undefined || raw === '') return { ok: true, value: fallback };
  const value = Date.parse(raw);
  if (!DSW_TIME.test(raw) || !Number.isFinite(value)) {
    return { ok: false, message: `The parameter ${name} must be a UTC time like 2020-11-08T15:00:00Z, got "${raw}".` };
  }
  return { ok: true, value };
}

export function parseMetricsQuery(query: Record<string, string>, now: number): Parsed<MetricsQuery> {
  if (!query.MetricType) return { ok: false, message: 'The parameter MetricType is required.' };
  const metricType = enumParam(query, 'MetricType', DSW_METRIC_TYPES);
  if (!metricType.ok) return metricType;
  if (metricType.value === undefined) return { ok: false, message: 'The parameter MetricType is required.' };
  const end = timeParam(query, 'EndTime', now);
  if (!end.ok) return end;
  const start = timeParam(query, 'StartTime', end.value - DEFAULT_METRICS_WINDOW_MS);
  if (!start.ok) return start;
  if (start.value > end.value) return { ok: false, message: 'The parameter StartTime must not be after EndTime.' };
  const step = query.TimeStep ?? DEFAULT_TIME_STEP;
  if (!DSW_TIME_STEP.test(step)) {
    return { ok: false, message: `The parameter TimeStep must be a number of minutes like 15m, got "${step}".` };
  }
  const stepMs = Number.parseInt(step, 10) * 60_000;
  if ((end.value - start.value) / stepMs + 1 > MAX_METRIC_POINTS) {
    return { ok: false, message: `The time range holds more than ${MAX_METRIC_POINTS} points of TimeStep ${step}.` };
  }
  return { ok: true, value: { metricType: metricType.value, start: start.value, end: end.value, stepMs } };
}

function utilisationOf(type: DswMetricType, u: { cpu: number; gpu: number }): number {
  if (type === 'CpuCoreUsage') return u.cpu;
  if (type === 'GpuCoreUsage') return u.gpu;
  return 0;
}

/** A CPU instance has no GPU series: GPU metric types answer its pods with no points. */
export function podMetrics(
  instanceId: string,
  state: NotebookState,
  q: MetricsQuery,
  gpu: boolean,
  now: number,
): WirePodMetrics[] {
  const byPod = new Map<number, WirePodMetrics & { Metrics: { Time: number; Value: number }[] }>();
  const gpuType = q.metricType === 'GpuCoreUsage' || q.metricType === 'GpuMemoryUsage';
  for (const segment of state.segments) {
    const to = segment.to ?? now + 1;
    if (segment.from > q.end || to <= q.start) continue;
    let series = byPod.get(segment.pod);
    if (!series) {
      series = { PodId: podIdFor(instanceId, segment.pod), Metrics: [] };
      byPod.set(segment.pod, series);
    }
    if (gpuType && !gpu) continue;
    const first = q.start + Math.max(0, Math.ceil((segment.from - q.start) / q.stepMs)) * q.stepMs;
    for (let t = first; t <= q.end && t < to; t += q.stepMs) {
      series.Metrics.push({ Time: Math.floor(t / 1000), Value: utilisationOf(q.metricType, segment.utilisation) });
    }
  }
  return [...byPod.values()];
}
