// EAS request checks, pure, as strict as the SDK's request models: required fields, closed value lists, and no field
// the
// model does not define (a misspelt key fails a test instead of being dropped). The service config itself is JSON text
// whose schema is the "parameters of model services" documentation, checked only where the simulator needs it.
// Messages name the offending field, because the bot shows InvalidParameter messages verbatim.

import type { SimAutoscaler } from './eas-plan.js';
import {
  AUTOSCALER_BEHAVIOR_KEYS,
  AUTOSCALER_BODY_KEYS,
  AUTOSCALER_STRATEGY_KEYS,
  EAS_AUTOSCALER_METRICS,
  EAS_TRAFFIC_STATES,
  EAS_WEIGHT_RANGE,
  RELEASE_SERVICE_BODY_KEYS,
  SCALE_SERVICE_BODY_KEYS,
} from './wire/eas.js';

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/** EAS service names: a lower-case letter, then lower-case letters, digits and underscores, 64 characters at most. */
export const SERVICE_NAME = /^[a-z][a-z0-9_]{0,63}$/;
export const MAX_INSTANCES = 1000;

export type ServiceConfigObject = Record<string, unknown> & { metadata: Record<string, unknown> };

export interface ValidConfig {
  config: ServiceConfigObject;
  name: string;
  instances: number;
  image: string;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bad<T>(message: string): Checked<T> {
  return { ok: false, message };
}

/** A key the request model does not define, named with its path; undefined when all are known. */
function unknownKey(
  obj: Record<string, unknown>,
  known: readonly string[],
  action: string,
  at = '',
): string | undefined {
  const extra = Object.keys(obj).find((k) => !known.includes(k));
  return extra === undefined
    ? undefined
    : `The parameter ${at}${extra} is not a field of the ${action} request (it takes ${known.join(', ')}).`;
}

function isCount(value: unknown, max = MAX_INSTANCES): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

/** The request body of CreateService / UpdateService: the client sends the config JSON text verbatim as the body. */
export function configBody(body: unknown): Checked<Record<string, unknown>> {
  if (body === undefined) return bad('The request body must be the service config as JSON text; the body is empty.');
  if (!isObject(body)) {
    return bad(
      'The request body must be the service config as a JSON object (send the config JSON text itself as the body, not a JSON-encoded string or array).',
    );
  }
  return { ok: true, value: body };
}

export function checkServiceName(name: unknown, field = 'metadata.name'): Checked<string> {
  if (name === undefined || name === '') return bad(`The parameter ${field} is required.`);
  if (typeof name !== 'string' || !SERVICE_NAME.test(name)) {
    return bad(
      `The parameter ${field} must start with a lower-case letter and contain only lower-case letters, digits and "_" (at most 64 characters), got ${JSON.stringify(name)}.`,
    );
  }
  return { ok: true, value: name };
}

/** A complete service config: metadata.name, metadata.instance and containers[0].image are required. */
export function validateConfig(config: Record<string, unknown>): Checked<ValidConfig> {
  const { metadata, containers } = config;
  if (metadata === undefined) return bad('The parameter metadata is required (metadata.name, metadata.instance).');
  if (!isObject(metadata)) return bad('The parameter metadata must be an object.');
  const name = checkServiceName(metadata.name);
  if (!name.ok) return name;
  if (metadata.instance === undefined) return bad('The parameter metadata.instance is required.');
  if (!isCount(metadata.instance))
    return bad(
      `The parameter metadata.instance must be an integer from 0 to ${MAX_INSTANCES}, got ${JSON.stringify(metadata.instance)}.`,
    );
  for (const key of ['cpu', 'memory', 'gpu'] as const) {
    const v = metadata[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0))
      return bad(`The parameter metadata.${key} must be a non-negative number.`);
  }
  if (metadata.workspace_id !== undefined && typeof metadata.workspace_id !== 'string')
    return bad('The parameter metadata.workspace_id must be a string.');
  if (containers === undefined)
    return bad('The parameter containers[0].image is required (containers must hold at least one container).');
  if (!Array.isArray(containers) || containers.length === 0)
    return bad('The parameter containers must be a non-empty array; containers[0].image is required.');
  for (const [i, c] of (containers as unknown[]).entries()) {
    if (!isObject(c)) return bad(`The parameter containers[${i}] must be an object.`);
    if (typeof c.image !== 'string' || c.image.trim() === '')
      return bad(`The parameter containers[${i}].image is required.`);
    if (
      c.port !== undefined &&
      (typeof c.port !== 'number' || !Number.isInteger(c.port) || c.port < 1 || c.port > 65535)
    ) {
      return bad(`The parameter containers[${i}].port must be an integer from 1 to 65535.`);
    }
  }
  const first = (containers as Record<string, unknown>[])[0] as { image: string };
  return {
    ok: true,
    value: {
      config: config as ServiceConfigObject,
      name: name.value,
      instances: metadata.instance,
      image: first.image,
    },
  };
}

/** UpdateType=merge: objects merge key by key, anything else (arrays included) is replaced. */
export function mergeConfig(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] = isObject(current) && isObject(value) ? mergeConfig(current, value) : value;
  }
  return out;
}

/** Config equality ignoring key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameJson(a[k], b[k]));
  }
  return a === b;
}

/** The config without metadata.instance, to tell a pure scale from a rollout. */
export function withoutInstance(config: Record<string, unknown>): Record<string, unknown> {
  const metadata = isObject(config.metadata) ? { ...config.metadata } : {};
  delete metadata.instance;
  return { ...config, metadata };
}

export function scaleBody(body: unknown): Checked<number> {
  if (!isObject(body) || body.Instance === undefined) return bad('The parameter Instance is required.');
  const extra = unknownKey(body, SCALE_SERVICE_BODY_KEYS, 'ScaleService');
  if (extra) return bad(extra);
  if (!isCount(body.Instance))
    return bad(
      `The parameter Instance must be an integer from 0 to ${MAX_INSTANCES}, got ${JSON.stringify(body.Instance)}.`,
    );
  const toDelete = body.InstancesToDelete;
  if (toDelete !== undefined && (!Array.isArray(toDelete) || !toDelete.every((n) => typeof n === 'string'))) {
    return bad('The parameter InstancesToDelete must be an array of instance names.');
  }
  return { ok: true, value: body.Instance };
}

function checkBehavior(behavior: unknown, action: string): string | undefined {
  if (behavior === undefined) return undefined;
  if (!isObject(behavior)) return 'The parameter behavior must be an object (onZero, scaleUp, scaleDown).';
  return unknownKey(behavior, AUTOSCALER_BEHAVIOR_KEYS, action, 'behavior.');
}

/** Create/UpdateServiceAutoScaler: lower-case keys; min, max and scaleStrategies required; max above min. */
export function autoscalerBody(body: unknown, action = 'CreateServiceAutoScaler'): Checked<SimAutoscaler> {
  if (!isObject(body)) return bad('The request body must be a JSON object with min, max and scaleStrategies.');
  const extra = unknownKey(body, AUTOSCALER_BODY_KEYS, action) ?? checkBehavior(body.behavior, action);
  if (extra) return bad(extra);
  const { min, max, scaleStrategies } = body;
  if (min === undefined) return bad('The parameter min is required.');
  if (max === undefined) return bad('The parameter max is required.');
  if (!isCount(min))
    return bad(`The parameter min must be an integer from 0 to ${MAX_INSTANCES}, got ${JSON.stringify(min)}.`);
  if (!isCount(max) || max < 1)
    return bad(`The parameter max must be an integer from 1 to ${MAX_INSTANCES}, got ${JSON.stringify(max)}.`);
  // As strict as the SDK: max above min, and scaleStrategies required (at least one metric).
  if (max <= min) return bad(`The parameter max (${max}) must be greater than min (${min}).`);
  const strategies: SimAutoscaler['scaleStrategies'] = [];
  if (scaleStrategies === undefined)
    return bad('The parameter scaleStrategies is required (e.g. [{"metricName":"cpu","threshold":50}]).');
  if (!Array.isArray(scaleStrategies) || scaleStrategies.length === 0)
    return bad('The parameter scaleStrategies must be a non-empty array.');
  for (const [i, s] of (scaleStrategies as unknown[]).entries()) {
    if (!isObject(s) || typeof s.metricName !== 'string' || s.metricName === '')
      return bad(`The parameter scaleStrategies[${i}].metricName is required (e.g. qps, cpu).`);
    const strategyExtra = unknownKey(s, AUTOSCALER_STRATEGY_KEYS, action, `scaleStrategies[${i}].`);
    if (strategyExtra) return bad(strategyExtra);
    if (!(EAS_AUTOSCALER_METRICS as readonly string[]).includes(s.metricName)) {
      return bad(
        `The parameter scaleStrategies[${i}].metricName must be one of ${EAS_AUTOSCALER_METRICS.join(', ')}, got ${JSON.stringify(s.metricName)}.`,
      );
    }
    if (typeof s.threshold !== 'number' || !Number.isFinite(s.threshold) || s.threshold <= 0) {
      return bad(`The parameter scaleStrategies[${i}].threshold must be a positive number.`);
    }
    strategies.push({ metricName: s.metricName, threshold: s.threshold });
  }
  return { ok: true, value: { min, max, scaleStrategies: strategies } };
}

export const TRAFFIC_STATES = EAS_TRAFFIC_STATES;

/** ReleaseService: Weight in [-1, 1000] and/or TrafficState (the SDK marks neither required; one of them must change something). */
export function releaseBody(body: unknown): Checked<{ weight?: number; trafficState?: string }> {
  if (!isObject(body) || (body.Weight === undefined && body.TrafficState === undefined))
    return bad('The parameter Weight or TrafficState is required.');
  const extra = unknownKey(body, RELEASE_SERVICE_BODY_KEYS, 'ReleaseService');
  if (extra) return bad(extra);
  const { Weight, TrafficState } = body;
  const { min, max } = EAS_WEIGHT_RANGE;
  if (
    Weight !== undefined &&
    (typeof Weight !== 'number' || !Number.isInteger(Weight) || Weight < min || Weight > max)
  ) {
    return bad(`The parameter Weight must be an integer from ${min} to ${max}, got ${JSON.stringify(Weight)}.`);
  }
  if (TrafficState !== undefined && !(TRAFFIC_STATES as readonly unknown[]).includes(TrafficState)) {
    return bad(
      `The parameter TrafficState must be one of ${TRAFFIC_STATES.join(', ')}, got ${JSON.stringify(TrafficState)}.`,
    );
  }
  return {
    ok: true,
    value: {
      ...(typeof Weight === 'number' ? { weight: Weight } : {}),
      ...(typeof TrafficState === 'string' ? { trafficState: TrafficState } : {}),
    },
  };
}

/** CreateService `Labels` / ListServices `Label`: a JSON object of strings sent as a query string. */
export function labelsParam(query: Record<string, string>, name: string): Checked<Record<string, string> | undefined> {
  const raw = query[name];
  if (raw === undefined || raw === '') return { ok: true, value: undefined };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return bad(`The parameter ${name} must be a JSON object of strings, got ${JSON.stringify(raw)}.`);
  }
  if (!isObject(parsed) || !Object.values(parsed).every((v) => typeof v === 'string')) {
    return bad(`The parameter ${name} must be a JSON object of strings, got ${JSON.stringify(raw)}.`);
  }
  return { ok: true, value: parsed as Record<string, string> };
}
