// CreateJob body checks, pure. Messages name the offending field the way POP's InvalidParameter messages do,
// because the bot shows them to users verbatim.

import { JOB_TYPES, type CreateJobRequest } from '../../pai/dlc-types.js';

/** What the simulator keeps of a CreateJob body: the typed fields plus everything else, echoed back by GetJob. */
export type CreateJobBody = CreateJobRequest & Record<string, unknown>;

export type Validation<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

/** The DisplayName CreateJob accepts; the sandbox console checks `:external-job` names against it before a script starts. */
export const JOB_DISPLAY_NAME = /^[A-Za-z0-9_.-]{1,256}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(field: string, message: string): { ok: false; field: string; message: string } {
  return { ok: false, field, message: `The parameter ${field} ${message}.` };
}

function validateSpec(spec: unknown, index: number): { field: string; message: string } | undefined {
  const at = `JobSpecs[${index}]`;
  if (!isObject(spec)) return { field: at, message: 'must be an object' };
  if (typeof spec.Type !== 'string' || spec.Type.trim() === '') {
    return { field: `${at}.Type`, message: 'is required (e.g. Worker, Master, Chief)' };
  }
  if (typeof spec.Image !== 'string' || spec.Image.trim() === '') return { field: `${at}.Image`, message: 'is required' };
  if (typeof spec.PodCount !== 'number' || !Number.isInteger(spec.PodCount) || spec.PodCount < 1) {
    return { field: `${at}.PodCount`, message: 'must be an integer >= 1' };
  }
  return undefined;
}

function isStringMap(value: unknown): value is Record<string, string> {
  return isObject(value) && Object.values(value).every((v) => typeof v === 'string');
}

export function validateCreateJob(body: unknown): Validation<CreateJobBody> {
  if (!isObject(body)) return invalid('Body', 'must be a JSON object');
  const { DisplayName, JobType, JobSpecs, UserCommand, Priority, WorkspaceId, Settings } = body;

  if (DisplayName === undefined || DisplayName === '') return invalid('DisplayName', 'is required');
  if (typeof DisplayName !== 'string' || !JOB_DISPLAY_NAME.test(DisplayName)) {
    return invalid('DisplayName', 'must be 1-256 characters of letters, digits, "_", "." and "-"');
  }
  if (typeof JobType !== 'string' || !(JOB_TYPES as readonly string[]).includes(JobType)) {
    return invalid('JobType', `must be one of ${JOB_TYPES.join(', ')} (case-sensitive)`);
  }
  if (!Array.isArray(JobSpecs) || JobSpecs.length === 0) return invalid('JobSpecs', 'must hold at least one JobSpec');
  for (const [i, spec] of (JobSpecs as unknown[]).entries()) {
    const problem = validateSpec(spec, i);
    if (problem) return invalid(problem.field, problem.message);
  }
  if (typeof UserCommand !== 'string' || UserCommand.trim() === '') return invalid('UserCommand', 'is required');
  if (Priority !== undefined && (typeof Priority !== 'number' || !Number.isInteger(Priority) || Priority < 1 || Priority > 9)) {
    return invalid('Priority', 'must be an integer from 1 to 9');
  }
  if (WorkspaceId !== undefined && typeof WorkspaceId !== 'string') return invalid('WorkspaceId', 'must be a string');
  if (Settings !== undefined) {
    if (!isObject(Settings)) return invalid('Settings', 'must be an object');
    if (Settings.Tags !== undefined && !isStringMap(Settings.Tags)) return invalid('Settings.Tags', 'must map strings to strings');
  }
  return { ok: true, value: body as CreateJobBody };
}
