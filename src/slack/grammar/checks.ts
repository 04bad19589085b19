// The value checkers of the grammar: each takes the raw word and returns the value or one sentence naming
// what is wrong. Their messages are part of the bot's interface (tests pin them), so change them with care.

import { JOB_STATUSES, JOB_TYPES, type JobType } from '../../pai/dlc-types.js';
import { DSW_INSTANCE_ID, DSW_INSTANCE_STATUSES, type DswInstanceStatus } from '../../pai/dsw-types.js';
import type { OssLocation } from '../../actions/inference/payload.js';
import type { DataMount } from '../../actions/training/payload.js';
import { REQUEST_ID_PATTERN } from './commands.js';
import { didYouMean, fail, ok, show, suggest, type Check, type Failure } from './messages.js';

const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
export const JOB_ID = /^dlc[a-z0-9]{3,61}$/;
const WORKSPACE = /^[A-Za-z0-9_-]{1,64}$/;
const INSTANCE = /^[a-z][a-z0-9]*\.[A-Za-z0-9.-]+$/;
export const BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const POD_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;
// EAS's rule for service names.
export const SERVICE = /^[a-z][a-z0-9_]{0,63}$/;

export function checkJobName(name: string): Check<string> {
  if (name === '') return fail('the job name must not be empty');
  if (name.length > 256) return fail(`the job name must be at most 256 characters (got ${name.length})`);
  if (!/^[A-Za-z0-9]/.test(name)) return fail(`the job name must start with a letter or digit (got ${show(name)})`);
  if (!JOB_NAME.test(name)) {
    return fail(`the job name may contain only letters, digits, ".", "_" and "-" (got ${show(name)})`);
  }
  return ok(name);
}

export function checkJobId(id: string): Check<string> {
  if (JOB_ID.test(id)) return ok(id);
  if (id === '') return fail('the job id must not be empty');
  if (id.length <= 64 && JOB_ID.test(id.toLowerCase()))
    return fail(`job ids are lowercase: did you mean ${id.toLowerCase()}?`);
  if (!id.startsWith('dlc')) return fail(`a job id starts with "dlc", like dlc1a2b3c4d5e6f (got ${show(id)})`);
  if (!/^[a-z0-9]*$/.test(id)) return fail(`a job id has only lowercase letters and digits (got ${show(id)})`);
  return fail(`a job id is 6 to 64 characters long (got ${id.length})`);
}

export function checkWholeNumber(flag: string, raw: string, min: number, max: number): Check<number> {
  const n = /^[0-9]{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= max)) return fail(`${flag} must be a whole number from ${min} to ${max} (got ${show(raw)})`);
  return ok(n);
}

export function checkNonEmpty(flag: string, raw: string): Check<string> {
  const value = raw.trim();
  return value === '' ? fail(`${flag} must not be empty`) : ok(value);
}

export function checkImage(raw: string): Check<string> {
  const image = checkNonEmpty('--image', raw);
  if (image.ok && /\s/.test(image.value)) return fail(`--image must not contain spaces (got ${show(raw)})`);
  return image;
}

export function checkJobType(raw: string): Check<JobType> {
  const exact = JOB_TYPES.find((t) => t === raw);
  if (exact) return ok(exact);
  const folded = JOB_TYPES.find((t) => t.toLowerCase() === raw.toLowerCase());
  if (folded) return fail(`--type is case-sensitive: did you mean ${folded}? (got ${show(raw)})`);
  const guess = suggest(raw, JOB_TYPES);
  const hint = guess ? `; did you mean ${guess}?` : '';
  return fail(`--type must be one of ${JOB_TYPES.join(', ')} (got ${show(raw)})${hint}`);
}

export function checkInstance(raw: string, example = 'ecs.gn6i-c4g1.xlarge'): Check<string> {
  if (raw.length <= 128 && INSTANCE.test(raw)) return ok(raw);
  return fail(
    `--instance must be an instance type like ${example} (letters, digits, dots and hyphens) (got ${show(raw)})`,
  );
}

export function checkWorkspace(flag: string, raw: string): Check<string> {
  if (WORKSPACE.test(raw)) return ok(raw);
  return fail(`${flag} must be a workspace name of 1 to 64 letters, digits, "_" or "-" (got ${show(raw)})`);
}

/** `flag` names what holds the location ("--data", "the location"); `label` starts the bad-bucket message. */
export function checkBucket(flag: string, bucket: string, label = `${flag} bucket`): Failure | undefined {
  if (bucket === '') return fail(`${flag} needs a bucket name after oss://, like oss://bucket/path`);
  if (BUCKET.test(bucket)) return undefined;
  return fail(
    `${label} ${show(bucket)} is not a valid OSS bucket name (3 to 63 lowercase letters, digits or hyphens, not starting or ending with a hyphen)`,
  );
}

/**
 * oss://bucket[/path][:/mount]. The first ':' after the scheme starts the mount path, so an object key
 * cannot contain ':' here; that keeps `oss://b/p:mnt` an error instead of a silently odd key.
 */
export function checkData(raw: string): Check<DataMount> {
  if (!raw.startsWith('oss://')) {
    return fail(
      `--data must be an OSS location like oss://bucket/path or oss://bucket/path:/mnt/data (got ${show(raw)})`,
    );
  }
  const rest = raw.slice('oss://'.length);
  const colon = rest.indexOf(':');
  const location = colon < 0 ? rest : rest.slice(0, colon);
  const slash = location.indexOf('/');
  const bucket = slash < 0 ? location : location.slice(0, slash);
  const badBucket = checkBucket('--data', bucket);
  if (badBucket) return badBucket;
  const mount: DataMount = { uri: `oss://${location}`, bucket, path: slash < 0 ? '' : location.slice(slash + 1) };
  if (colon < 0) return ok(mount);

  const mountPath = rest.slice(colon + 1);
  if (!mountPath.startsWith('/')) {
    return fail(`the mount path in --data must be absolute, like oss://bucket/path:/mnt/data (got ${show(mountPath)})`);
  }
  if (/\s/.test(mountPath)) return fail(`the mount path in --data must not contain spaces (got ${show(mountPath)})`);
  return ok({ ...mount, mountPath });
}

/** --model oss://bucket[/path]: no mount suffix, the bot mounts the model read-only at /models. */
export function checkModel(raw: string): Check<OssLocation> {
  if (!raw.startsWith('oss://'))
    return fail(`--model must be an OSS location like oss://bucket/path (got ${show(raw)})`);
  const rest = raw.slice('oss://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  if (rest.includes(':')) {
    return fail(
      `--model takes no ":" or mount path; the model is always mounted read-only at /models (got ${show(raw)})`,
    );
  }
  const badBucket = checkBucket('--model', bucket);
  if (badBucket) return badBucket;
  if (/\s/.test(rest)) return fail(`--model must not contain spaces (got ${show(raw)})`);
  return ok({ uri: raw, bucket, path: slash < 0 ? '' : rest.slice(slash + 1) });
}

// https://bucket.oss-cn-shanghai.aliyuncs.com/key (or -internal): the form the OSS console copies.
const OSS_URL = /^https?:\/\/([a-z0-9-]{3,63})\.oss-[a-z0-9-]{1,40}\.aliyuncs\.com(?:\/([^?#]*))?$/i;
const MAX_OSS_KEY_BYTES = 1023;

/**
 * The location of `oss check`: oss://bucket[/prefix], prefix possibly empty. Unlike --data there is no
 * :/mount suffix; the usual wrong forms (s3://, an https URL, no scheme at all) each get their own message.
 */
export function checkOssLocation(raw: string): Check<OssLocation> {
  const typed = show(raw);
  if (raw === '') return fail('the OSS location must not be empty; give it as oss://bucket/prefix');
  if (!raw.startsWith('oss://')) {
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]{0,15}):\/\//.exec(raw)?.[1]?.toLowerCase();
    if (scheme === 'oss') return fail(`write the scheme in lowercase: oss://… (got ${typed})`);
    if (scheme === 's3')
      return fail(
        `s3:// is Amazon S3; /pai oss check takes an Alibaba Cloud OSS location like oss://bucket/prefix (got ${typed})`,
      );
    if (scheme === 'http' || scheme === 'https') {
      const url = OSS_URL.exec(raw.slice(0, 2000));
      const guess = url ? ` did you mean ${show(`oss://${(url[1] as string).toLowerCase()}/${url[2] ?? ''}`)}?` : '';
      return fail(
        `give the location as oss://bucket/prefix, not as an ${scheme} URL (got ${typed});${guess || ' the bucket is the first part of the host name'}`,
      );
    }
    if (scheme !== undefined)
      return fail(`the location must be an OSS location like oss://bucket/prefix, not ${scheme}:// (got ${typed})`);
    if (/^oss:\/?[^/]/i.test(raw))
      return fail(`the location must start with oss:// (two slashes), like oss://bucket/prefix (got ${typed})`);
    const bucket = raw.split('/', 1)[0] as string;
    const hint = BUCKET.test(bucket) && !raw.includes(':') ? `; did you mean ${show(`oss://${raw}`)}?` : '';
    return fail(`the location must start with oss://, like oss://bucket/prefix (got ${typed})${hint}`);
  }
  const rest = raw.slice('oss://'.length);
  if (rest.includes(':')) {
    return fail(
      `/pai oss check takes no ":" or mount path, only oss://bucket/prefix; mount paths belong to dlc submit --data (got ${typed})`,
    );
  }
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const badBucket = checkBucket('the location', bucket, 'bucket');
  if (badBucket) return badBucket;
  const path = slash < 0 ? '' : rest.slice(slash + 1);
  if (path.startsWith('/') || path.startsWith('\\')) {
    return fail(
      `an OSS prefix must not start with "/" or "\\": write oss://${bucket}/${path.slice(0, 20).replace(/^[/\\]+/, '')}… (got ${typed})`,
    );
  }
  if (/[\t\n\r]/.test(path)) return fail(`the prefix must not contain tabs or line breaks (got ${typed})`);
  const bytes = new TextEncoder().encode(path).length;
  if (bytes > MAX_OSS_KEY_BYTES) return fail(`an OSS prefix is at most ${MAX_OSS_KEY_BYTES} bytes (got ${bytes})`);
  return ok({ uri: raw, bucket, path });
}

export const REQUEST_ID_HINT = 'request ids look like ar-7k2m9xq1; /pai approvals lists the pending ones';

export function checkRequestId(raw: string): Check<string> {
  if (REQUEST_ID_PATTERN.test(raw)) return ok(raw);
  if (raw.length <= 20 && REQUEST_ID_PATTERN.test(raw.toLowerCase()))
    return fail(`request ids are lowercase: did you mean ${raw.toLowerCase()}?`);
  if (JOB_ID.test(raw))
    return fail(`${show(raw)} is a job id, not a request id; to stop a job, use /pai dlc stop ${raw}`);
  return fail(`${show(raw)} is not a request id: ${REQUEST_ID_HINT}`);
}

export function checkService(raw: string): Check<string> {
  if (SERVICE.test(raw)) return ok(raw);
  if (raw === '') return fail('the service name must not be empty');
  if (raw.length > 64) return fail(`a service name is at most 64 characters (got ${raw.length})`);
  const rule = 'a service name has only lowercase letters, digits and "_", and starts with a letter';
  const fixed = raw.toLowerCase().replace(/[-.]/g, '_');
  if (SERVICE.test(fixed)) return fail(`${rule}: did you mean ${fixed}? (got ${show(raw)})`);
  if (!/^[A-Za-z]/.test(raw)) return fail(`a service name must start with a lowercase letter (got ${show(raw)})`);
  return fail(`${rule} (got ${show(raw)})`);
}

/** A positional count such as `eas scale`'s replicas; `what` names it in the message. */
export function checkCount(what: string, raw: string, min: number, max: number, note = ''): Check<number> {
  const n = /^[0-9]{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (n >= min && n <= max) return ok(n);
  return fail(`${what} must be a whole number from ${min} to ${max}${note} (got ${show(raw)})`);
}

const MAX_QPS = 1_000_000;

export function checkQps(raw: string): Check<number> {
  const n = raw.length <= 20 && /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/.test(raw) ? Number(raw) : NaN;
  if (n > 0 && n <= MAX_QPS) return ok(n);
  return fail(`--qps must be a number greater than 0 and at most ${MAX_QPS}, decimals allowed (got ${show(raw)})`);
}

export function checkEnv(raws: readonly string[]): Check<Record<string, string>> {
  const env: Record<string, string> = {};
  const seen = new Set<string>();
  for (const raw of raws) {
    const eq = raw.indexOf('=');
    if (eq < 0) return fail(`--env must be KEY=VALUE (got ${show(raw)})`);
    const key = raw.slice(0, eq);
    if (key === '') return fail(`--env needs a name before "=" (got ${show(raw)})`);
    if (!ENV_KEY.test(key)) {
      return fail(`--env name ${show(key)} must start with a letter or "_" and have only letters, digits and "_"`);
    }
    if (seen.has(key)) return fail(`--env ${show(key)} was given twice`);
    seen.add(key);
    // defineProperty, so a key like __proto__ is stored as data rather than changing the prototype.
    Object.defineProperty(env, key, { value: raw.slice(eq + 1), enumerable: true, writable: true, configurable: true });
  }
  return ok(env);
}

export function checkStatus(raw: string): Check<string> {
  const status = JOB_STATUSES.find((s) => s.toLowerCase() === raw.toLowerCase());
  if (status) return ok(status);
  return fail(
    `--status must be one of ${JOB_STATUSES.join(', ')} (got ${show(raw)})${didYouMean(suggest(raw, JOB_STATUSES))}`,
  );
}

export function checkPod(raw: string): Check<string> {
  if (POD_ID.test(raw)) return ok(raw);
  return fail(`--pod must be a pod id like dlc1a2b3c4d5e6-worker-0 (got ${show(raw)})`);
}

// ---- DSW notebooks ----

const DSW_LIST_HINT = '/pai dsw list shows the ids';

/** A notebook instance id: dsw- and lowercase letters and digits (DSW_INSTANCE_ID). A notebook's name is not its id. */
export function checkDswInstanceId(raw: string): Check<string> {
  if (DSW_INSTANCE_ID.test(raw)) return ok(raw);
  if (raw === '') return fail('the instance id must not be empty');
  if (raw.length > 64) return fail(`a DSW instance id is at most 64 characters (got ${raw.length})`);
  const lower = raw.toLowerCase();
  if (DSW_INSTANCE_ID.test(lower)) return fail(`instance ids are lowercase: did you mean ${lower}?`);
  if (JOB_ID.test(raw)) return fail(`${show(raw)} is a DLC job id, not a DSW instance id; ${DSW_LIST_HINT}`);
  if (/^dsw[a-z0-9]{4,60}$/.test(lower)) return fail(`did you mean dsw-${lower.slice(3)}? (got ${show(raw)})`);
  if (!lower.startsWith('dsw-')) {
    return fail(
      `a DSW instance id starts with "dsw-", like dsw-05cefd0be2e5a278 (not the notebook's name); ${DSW_LIST_HINT} (got ${show(raw)})`,
    );
  }
  if (/^dsw-[a-z0-9]{0,3}$/.test(lower))
    return fail(`that instance id is too short (got ${show(raw)}); ${DSW_LIST_HINT}`);
  return fail(`a DSW instance id has only lowercase letters and digits after "dsw-" (got ${show(raw)})`);
}

/** One of the 15 statuses of ListInstances, in any case. */
export function checkDswStatus(raw: string): Check<DswInstanceStatus> {
  const status = DSW_INSTANCE_STATUSES.find((s) => s.toLowerCase() === raw.toLowerCase());
  if (status) return ok(status);
  const guess = didYouMean(suggest(raw, DSW_INSTANCE_STATUSES));
  return fail(`--status must be one of ${DSW_INSTANCE_STATUSES.join(', ')} (got ${show(raw)})${guess}`);
}

const MINUTES_PER = { m: 1, h: 60, d: 1_440 } as const;

/**
 * An idle time as people write it (30m, 2h, 1d, 1h30m, 1.5h) in whole minutes, the unit of MaxIdleTimeInMinutes,
 * within [min, max] minutes.
 */
export function checkIdleDuration(flag: string, raw: string, min: number, max: number): Check<number> {
  const text = raw.toLowerCase().replace(/\s+/g, '');
  const bounds = `from ${formatMinutes(min)} to ${formatMinutes(max)}`;
  const parts = text.length <= 20 ? [...text.matchAll(/(\d+(?:\.\d+)?)([mhd])/g)] : [];
  const whole = parts.map((p) => p[0]).join('') === text && parts.length > 0;
  const decimals = parts.filter((p) => (p[1] as string).includes('.')).length;
  if (!whole || (decimals > 0 && parts.length > 1)) {
    if (/^\d{1,6}$/.test(text)) return fail(`${flag} needs a unit: ${text}m, ${text}h or ${text}d (got ${show(raw)})`);
    if (/^\d+(?:\.\d+)?\s*(?:s|ms|sec|secs|seconds?)$/.test(text))
      return fail(`${flag} is counted in minutes: give m, h or d, like 30m (got ${show(raw)})`);
    return fail(`${flag} must be a duration ${bounds}, like 30m, 2h or 1d (got ${show(raw)})`);
  }
  const minutes = parts.reduce((sum, p) => sum + Number(p[1]) * MINUTES_PER[p[2] as keyof typeof MINUTES_PER], 0);
  if (!Number.isInteger(minutes)) return fail(`${flag} must be a whole number of minutes (got ${show(raw)})`);
  if (minutes < min || minutes > max) return fail(`${flag} must be ${bounds} (got ${show(raw)})`);
  return ok(minutes);
}

/** 90 -> "1h30m", 1440 -> "1d": the form checkIdleDuration reads. */
export function formatMinutes(minutes: number): string {
  const d = Math.floor(minutes / 1_440);
  const h = Math.floor((minutes % 1_440) / 60);
  const m = minutes % 60;
  return [d ? `${d}d` : '', h ? `${h}h` : '', m || (!d && !h) ? `${m}m` : ''].join('');
}

/** A whole percentage, with or without the % sign. */
export function checkPercent(flag: string, raw: string, min: number, max: number): Check<number> {
  const digits = /^[0-9]{1,3}%?$/.test(raw) ? raw.replace('%', '') : '';
  const n = digits === '' ? NaN : Number(digits);
  if (n >= min && n <= max) return ok(n);
  return fail(`${flag} must be a whole percentage from ${min} to ${max} (got ${show(raw)})`);
}
