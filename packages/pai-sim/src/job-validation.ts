// CreateJob body checks, pure, as strict as the SDK's CreateJobRequest: its required fields, its closed value lists,
// its field names (a key the SDK does not define is refused, so a misspelt field fails a test instead of being
// dropped).
// Messages name the offending field the way POP's InvalidParameter messages do, because the bot shows them verbatim.

import {
  CREATE_JOB_BODY_KEYS,
  CREATE_JOB_REQUIRED,
  DATA_SOURCE_KEYS,
  DLC_ACCESSIBILITY,
  DLC_JOB_TYPES,
  DLC_RESTART_POLICIES,
  DLC_SPEC_TYPES,
  DLC_SPOT_STRATEGIES,
  DLC_SUCCESS_POLICIES,
  JOB_SETTINGS_KEYS,
  JOB_SPEC_KEYS,
  SPOT_SPEC_KEYS,
  type DlcCreateJobRequest,
  type DlcJobType,
} from './wire/dlc.js';

/** What the simulator keeps of a CreateJob body: the typed fields plus everything else, echoed back by GetJob. */
export type CreateJobBody = DlcCreateJobRequest;

export type Validation<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

/** The DisplayName CreateJob accepts; the sandbox console checks `:external-job` names against it before a script starts. */
export const JOB_DISPLAY_NAME = /^[A-Za-z0-9_.-]{1,256}$/;

type Problem = { field: string; message: string } | undefined;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(field: string, message: string): { ok: false; field: string; message: string } {
  return { ok: false, field, message: `The parameter ${field} ${message}.` };
}

function isStringMap(value: unknown): value is Record<string, string> {
  return isObject(value) && Object.values(value).every((v) => typeof v === 'string');
}

function unknownKey(obj: Record<string, unknown>, known: readonly string[], at: string): Problem {
  const extra = Object.keys(obj).find((k) => !known.includes(k));
  return extra === undefined
    ? undefined
    : { field: at ? `${at}.${extra}` : extra, message: 'is not a field of the CreateJob request' };
}

function oneOf(value: unknown, allowed: readonly string[], field: string): Problem {
  if (value === undefined) return undefined;
  return typeof value === 'string' && allowed.includes(value)
    ? undefined
    : { field, message: `must be one of ${allowed.join(', ')}` };
}

function validateSpot(spot: unknown, at: string): Problem {
  if (!isObject(spot)) return { field: at, message: 'must be an object' };
  const extra = unknownKey(spot, SPOT_SPEC_KEYS, at);
  if (extra) return extra;
  // A SpotSpec without its strategy says nothing; the only documented strategy is SpotWithPriceLimit.
  if (spot.SpotStrategy === undefined)
    return { field: `${at}.SpotStrategy`, message: `is required (${DLC_SPOT_STRATEGIES.join(', ')})` };
  const strategy = oneOf(spot.SpotStrategy, DLC_SPOT_STRATEGIES, `${at}.SpotStrategy`);
  if (strategy) return strategy;
  // The SpotSpec documentation: set only one of SpotDiscountLimit and SpotPriceLimit.
  if (spot.SpotDiscountLimit !== undefined && spot.SpotPriceLimit !== undefined) {
    return { field: at, message: 'takes only one of SpotDiscountLimit and SpotPriceLimit' };
  }
  for (const key of ['SpotDiscountLimit', 'SpotPriceLimit'] as const) {
    const v = spot[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v <= 0))
      return { field: `${at}.${key}`, message: 'must be a positive number' };
  }
  return undefined;
}

function validateSpec(spec: unknown, index: number, jobType: DlcJobType): Problem {
  const at = `JobSpecs[${index}]`;
  if (!isObject(spec)) return { field: at, message: 'must be an object' };
  const extra = unknownKey(spec, JOB_SPEC_KEYS, at);
  if (extra) return extra;
  if (typeof spec.Type !== 'string' || spec.Type.trim() === '') {
    return { field: `${at}.Type`, message: 'is required (e.g. Worker, Master, Chief)' };
  }
  const types = DLC_SPEC_TYPES[jobType];
  if (types && !types.includes(spec.Type))
    return { field: `${at}.Type`, message: `must be one of ${types.join(', ')} for a ${jobType}` };
  // The SDK does not mark Image required; a simulated job needs one to run, as every real one does.
  if (typeof spec.Image !== 'string' || spec.Image.trim() === '')
    return { field: `${at}.Image`, message: 'is required' };
  if (typeof spec.PodCount !== 'number' || !Number.isInteger(spec.PodCount) || spec.PodCount < 1) {
    return { field: `${at}.PodCount`, message: 'must be an integer >= 1' };
  }
  if (spec.EcsSpec !== undefined && (typeof spec.EcsSpec !== 'string' || spec.EcsSpec === ''))
    return { field: `${at}.EcsSpec`, message: 'must be an instance type' };
  const restart = oneOf(spec.RestartPolicy, DLC_RESTART_POLICIES, `${at}.RestartPolicy`);
  if (restart) return restart;
  return spec.SpotSpec === undefined ? undefined : validateSpot(spec.SpotSpec, `${at}.SpotSpec`);
}

function validateDataSource(ds: unknown, index: number): Problem {
  const at = `DataSources[${index}]`;
  if (!isObject(ds)) return { field: at, message: 'must be an object' };
  const extra = unknownKey(ds, DATA_SOURCE_KEYS, at);
  if (extra) return extra;
  if (ds.Uri === undefined && ds.DataSourceId === undefined)
    return { field: at, message: 'needs a Uri or a DataSourceId' };
  if (ds.Uri !== undefined && (typeof ds.Uri !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\//.test(ds.Uri))) {
    return {
      field: `${at}.Uri`,
      message: 'must be a URI such as oss://bucket.oss-cn-hangzhou-internal.aliyuncs.com/path/',
    };
  }
  return undefined;
}

function validateSettings(settings: unknown): Problem {
  if (!isObject(settings)) return { field: 'Settings', message: 'must be an object' };
  const extra = unknownKey(settings, JOB_SETTINGS_KEYS, 'Settings');
  if (extra) return extra;
  if (settings.Tags !== undefined && !isStringMap(settings.Tags))
    return { field: 'Settings.Tags', message: 'must map strings to strings' };
  return undefined;
}

function validateOptional(body: Record<string, unknown>): Problem {
  const { Priority, WorkspaceId, ResourceId, Envs, DataSources, Settings, SuccessPolicy, Accessibility } = body;
  if (
    Priority !== undefined &&
    (typeof Priority !== 'number' || !Number.isInteger(Priority) || Priority < 1 || Priority > 9)
  ) {
    return { field: 'Priority', message: 'must be an integer from 1 to 9' };
  }
  if (WorkspaceId !== undefined && typeof WorkspaceId !== 'string')
    return { field: 'WorkspaceId', message: 'must be a string' };
  if (ResourceId !== undefined && typeof ResourceId !== 'string')
    return { field: 'ResourceId', message: 'must be a string' };
  if (Envs !== undefined && !isStringMap(Envs)) return { field: 'Envs', message: 'must map strings to strings' };
  if (DataSources !== undefined) {
    if (!Array.isArray(DataSources)) return { field: 'DataSources', message: 'must be an array' };
    for (const [i, ds] of (DataSources as unknown[]).entries()) {
      const problem = validateDataSource(ds, i);
      if (problem) return problem;
    }
  }
  if (Settings !== undefined) {
    const problem = validateSettings(Settings);
    if (problem) return problem;
  }
  return (
    oneOf(SuccessPolicy, DLC_SUCCESS_POLICIES, 'SuccessPolicy') ??
    oneOf(Accessibility, DLC_ACCESSIBILITY, 'Accessibility')
  );
}

export function validateCreateJob(body: unknown): Validation<CreateJobBody> {
  if (!isObject(body)) return invalid('Body', 'must be a JSON object');
  const extra = unknownKey(body, CREATE_JOB_BODY_KEYS, '');
  if (extra) return invalid(extra.field, extra.message);
  const missing = CREATE_JOB_REQUIRED.find((k) => body[k] === undefined || body[k] === '');
  if (missing) return invalid(missing, 'is required');
  const { DisplayName, JobType, JobSpecs, UserCommand } = body;

  if (typeof DisplayName !== 'string' || !JOB_DISPLAY_NAME.test(DisplayName)) {
    return invalid('DisplayName', 'must be 1-256 characters of letters, digits, "_", "." and "-"');
  }
  if (typeof JobType !== 'string' || !(DLC_JOB_TYPES as readonly string[]).includes(JobType)) {
    return invalid('JobType', `must be one of ${DLC_JOB_TYPES.join(', ')} (case-sensitive)`);
  }
  if (!Array.isArray(JobSpecs) || JobSpecs.length === 0) return invalid('JobSpecs', 'must hold at least one JobSpec');
  for (const [i, spec] of (JobSpecs as unknown[]).entries()) {
    const problem = validateSpec(spec, i, JobType as DlcJobType);
    if (problem) return invalid(problem.field, problem.message);
  }
  if (typeof UserCommand !== 'string' || UserCommand.trim() === '') return invalid('UserCommand', 'is required');
  const problem = validateOptional(body);
  if (problem) return invalid(problem.field, problem.message);
  return { ok: true, value: body as CreateJobBody };
}
