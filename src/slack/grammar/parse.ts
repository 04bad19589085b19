// The pure parser for `/pai …` text. Every mistake becomes a ParseError (one sentence + the usage of the
// verb concerned); nothing here throws, touches the config, or does worse than linear work.
// To build a new verb: write a `(args) => Check<Command>` function and set it as `parse` in GROUPS.

import { JOB_STATUSES, JOB_TYPES, type JobType } from '../../pai/dlc-types.js';
import { REQUEST_ID_PATTERN, type Command, type DataMount, type EasLifecycle, type HelpTopic, type OssLocation, type ParseError, type ParseResult } from './commands.js';
import { tokenize, type Token } from './tokenize.js';
import { TOP_LEVEL_USAGE, groupUsage, usageFor, type UsageGroup, type UsageKey } from './usage.js';

export const MAX_COMMAND_LENGTH = 4000;
export const DEFAULT_JOB_TYPE: JobType = 'PyTorchJob';
export const DEFAULT_WORKERS = 1;
export const DEFAULT_LOG_TAIL = 50;
export const DEFAULT_EAS_REPLICAS = 1;

// ---- results ----

type Failure = { ok: false; message: string };
type Check<T> = { ok: true; value: T } | Failure;

const ok = <T>(value: T): Check<T> => ({ ok: true, value });
const fail = (message: string): Failure => ({ ok: false, message });
const parseError = (message: string, usage: string): ParseResult => ({ ok: false, error: { message, usage } satisfies ParseError });

// ---- message helpers ----

const MAX_ECHO = 60;

/** Quotes user input for a message, flattened and cut short so a message never carries much of it. */
export function show(input: string): string {
  let flat = input.length > 4 * MAX_ECHO ? input.slice(0, 4 * MAX_ECHO) : input;
  flat = flat.replace(/\s+/g, ' ');
  if (flat.length > MAX_ECHO) {
    let cut = flat.slice(0, MAX_ECHO - 1);
    // Never leave half a surrogate pair behind.
    if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
    flat = cut + '…';
  }
  return `"${flat}"`;
}

/** Optimal string alignment distance: a swapped pair ('sumbit') counts as one edit. */
function editDistance(a: string, b: string): number {
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (prev2[j - 2] as number) + 1);
      row.push(d);
    }
    prev2 = prev;
    prev = row;
  }
  return prev[b.length] as number;
}

/** The closest candidate, if it is close enough to be what was meant. Bounded work for any input. */
export function suggest(input: string, candidates: readonly string[]): string | undefined {
  if (input.length === 0 || input.length > 40) return undefined;
  const typed = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    let d = editDistance(typed, lower);
    if (typed.replace(/^-+/, '').length >= 3 && lower.startsWith(typed)) d = Math.min(d, 1);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const allowed = best.replace(/^-+/, '').length <= 4 ? 1 : 2;
  return bestDistance <= allowed ? best : undefined;
}

const didYouMean = (guess: string | undefined): string => (guess ? `; did you mean ${guess}?` : '');

// ---- flags ----

type FlagKind = 'value' | 'switch' | 'repeat';
interface FlagSpec {
  kind: FlagKind;
  aliases?: readonly string[];
}
type FlagTable = ReadonlyMap<string, FlagSpec>;

interface Args {
  positionals: Token[];
  values: Map<string, string>;
  lists: Map<string, string[]>;
  switches: Set<string>;
}

const WORKSPACE_FLAG: FlagSpec = { kind: 'value', aliases: ['--workspace'] };

function flagLabel(canonical: string, spec: FlagSpec): string {
  return [canonical, ...(spec.aliases ?? [])].join('/');
}

// Every flag table is a module constant, so its name lookup is built once, not on every command.
const lookups = new WeakMap<FlagTable, ReadonlyMap<string, string>>();

function flagLookup(table: FlagTable): ReadonlyMap<string, string> {
  const cached = lookups.get(table);
  if (cached) return cached;
  const names = new Map<string, string>();
  for (const [canonical, spec] of table) {
    names.set(canonical, canonical);
    for (const alias of spec.aliases ?? []) names.set(alias, canonical);
  }
  lookups.set(table, names);
  return names;
}

// A quoted word is data; so is a negative number, so `--tail -5` and `eas scale svc -1` report a bad number,
// not a missing value or an unknown flag.
const isFlag = (t: Token): boolean => !t.literal && t.value.length > 1 && t.value.startsWith('-') && !/^-[0-9]/.test(t.value);
const looksLikeFlag = (t: Token): boolean => !t.literal && /^--?[A-Za-z]/.test(t.value);

function unknownFlag(name: string, table: FlagTable, verb: string): string {
  if (table.size === 0) return `/pai ${verb} takes no flags (got ${show(name)})`;
  return `unknown flag ${show(name)} for /pai ${verb}` + didYouMean(suggest(name, [...flagLookup(table).keys()]));
}

/** Sorts words into positionals and flags; accepts `--flag value` and `--flag=value` in any order. */
function scanArgs(tokens: readonly Token[], table: FlagTable, verb: string): Check<Args> {
  const names = flagLookup(table);
  const args: Args = { positionals: [], values: new Map(), lists: new Map(), switches: new Set() };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (!isFlag(token)) {
      args.positionals.push(token);
      continue;
    }
    const eq = token.value.indexOf('=');
    const name = eq < 0 ? token.value : token.value.slice(0, eq);
    const canonical = names.get(name);
    const spec = canonical === undefined ? undefined : table.get(canonical);
    if (canonical === undefined || !spec) return fail(unknownFlag(name, table, verb));
    const label = flagLabel(canonical, spec);

    if (spec.kind === 'switch') {
      if (eq >= 0) return fail(`${name} is a switch and takes no value (got ${show(token.value.slice(eq))})`);
      if (args.switches.has(canonical)) return fail(`${label} was given twice; give it once`);
      args.switches.add(canonical);
      continue;
    }

    let value: string;
    if (eq >= 0) {
      value = token.value.slice(eq + 1);
    } else {
      const next = tokens[i + 1];
      if (!next) return fail(`${name} needs a value`);
      if (looksLikeFlag(next)) return fail(`${name} needs a value (got the flag ${show(next.value)})`);
      value = next.value;
      i++;
    }
    if (spec.kind === 'repeat') {
      const list = args.lists.get(canonical) ?? [];
      list.push(value);
      args.lists.set(canonical, list);
    } else {
      if (args.values.has(canonical)) return fail(`${label} was given twice; give it once`);
      args.values.set(canonical, value);
    }
  }
  return ok(args);
}

function noExtra(positionals: readonly Token[], expected: number, hint = ''): Failure | undefined {
  const extra = positionals[expected];
  return extra ? fail(`unexpected argument ${show(extra.value)}${hint}`) : undefined;
}

// ---- value checks ----

const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const JOB_ID = /^dlc[a-z0-9]{3,61}$/;
const WORKSPACE = /^[A-Za-z0-9_-]{1,64}$/;
const INSTANCE = /^[a-z][a-z0-9]*\.[A-Za-z0-9.-]+$/;
const BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const POD_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;
// EAS's rule for service names.
const SERVICE = /^[a-z][a-z0-9_]{0,63}$/;

function checkJobName(name: string): Check<string> {
  if (name === '') return fail('the job name must not be empty');
  if (name.length > 256) return fail(`the job name must be at most 256 characters (got ${name.length})`);
  if (!/^[A-Za-z0-9]/.test(name)) return fail(`the job name must start with a letter or digit (got ${show(name)})`);
  if (!JOB_NAME.test(name)) {
    return fail(`the job name may contain only letters, digits, ".", "_" and "-" (got ${show(name)})`);
  }
  return ok(name);
}

function checkJobId(id: string): Check<string> {
  if (JOB_ID.test(id)) return ok(id);
  if (id === '') return fail('the job id must not be empty');
  if (id.length <= 64 && JOB_ID.test(id.toLowerCase())) return fail(`job ids are lowercase: did you mean ${id.toLowerCase()}?`);
  if (!id.startsWith('dlc')) return fail(`a job id starts with "dlc", like dlc1a2b3c4d5e6f (got ${show(id)})`);
  if (!/^[a-z0-9]*$/.test(id)) return fail(`a job id has only lowercase letters and digits (got ${show(id)})`);
  return fail(`a job id is 6 to 64 characters long (got ${id.length})`);
}

function checkWholeNumber(flag: string, raw: string, min: number, max: number): Check<number> {
  const n = /^[0-9]{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= max)) return fail(`${flag} must be a whole number from ${min} to ${max} (got ${show(raw)})`);
  return ok(n);
}

function checkNonEmpty(flag: string, raw: string): Check<string> {
  const value = raw.trim();
  return value === '' ? fail(`${flag} must not be empty`) : ok(value);
}

function checkImage(raw: string): Check<string> {
  const image = checkNonEmpty('--image', raw);
  if (image.ok && /\s/.test(image.value)) return fail(`--image must not contain spaces (got ${show(raw)})`);
  return image;
}

function checkJobType(raw: string): Check<JobType> {
  const exact = JOB_TYPES.find((t) => t === raw);
  if (exact) return ok(exact);
  const folded = JOB_TYPES.find((t) => t.toLowerCase() === raw.toLowerCase());
  if (folded) return fail(`--type is case-sensitive: did you mean ${folded}? (got ${show(raw)})`);
  const guess = suggest(raw, JOB_TYPES);
  const hint = guess ? `; did you mean ${guess}?` : '';
  return fail(`--type must be one of ${JOB_TYPES.join(', ')} (got ${show(raw)})${hint}`);
}

function checkInstance(raw: string, example = 'ecs.gn6i-c4g1.xlarge'): Check<string> {
  if (raw.length <= 128 && INSTANCE.test(raw)) return ok(raw);
  return fail(`--instance must be an instance type like ${example} (letters, digits, dots and hyphens) (got ${show(raw)})`);
}

function checkWorkspace(flag: string, raw: string): Check<string> {
  if (WORKSPACE.test(raw)) return ok(raw);
  return fail(`${flag} must be a workspace name of 1 to 64 letters, digits, "_" or "-" (got ${show(raw)})`);
}

/** `flag` names what holds the location ("--data", "the location"); `label` starts the bad-bucket message. */
function checkBucket(flag: string, bucket: string, label = `${flag} bucket`): Failure | undefined {
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
function checkData(raw: string): Check<DataMount> {
  if (!raw.startsWith('oss://')) {
    return fail(`--data must be an OSS location like oss://bucket/path or oss://bucket/path:/mnt/data (got ${show(raw)})`);
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
function checkModel(raw: string): Check<OssLocation> {
  if (!raw.startsWith('oss://')) return fail(`--model must be an OSS location like oss://bucket/path (got ${show(raw)})`);
  const rest = raw.slice('oss://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  if (rest.includes(':')) {
    return fail(`--model takes no ":" or mount path; the model is always mounted read-only at /models (got ${show(raw)})`);
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
function checkOssLocation(raw: string): Check<OssLocation> {
  const typed = show(raw);
  if (raw === '') return fail('the OSS location must not be empty; give it as oss://bucket/prefix');
  if (!raw.startsWith('oss://')) {
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]{0,15}):\/\//.exec(raw)?.[1]?.toLowerCase();
    if (scheme === 'oss') return fail(`write the scheme in lowercase: oss://… (got ${typed})`);
    if (scheme === 's3') return fail(`s3:// is Amazon S3; /pai oss check takes an Alibaba Cloud OSS location like oss://bucket/prefix (got ${typed})`);
    if (scheme === 'http' || scheme === 'https') {
      const url = OSS_URL.exec(raw.slice(0, 2000));
      const guess = url ? ` did you mean ${show(`oss://${(url[1] as string).toLowerCase()}/${url[2] ?? ''}`)}?` : '';
      return fail(`give the location as oss://bucket/prefix, not as an ${scheme} URL (got ${typed});${guess || ' the bucket is the first part of the host name'}`);
    }
    if (scheme !== undefined) return fail(`the location must be an OSS location like oss://bucket/prefix, not ${scheme}:// (got ${typed})`);
    if (/^oss:\/?[^/]/i.test(raw)) return fail(`the location must start with oss:// (two slashes), like oss://bucket/prefix (got ${typed})`);
    const bucket = raw.split('/', 1)[0] as string;
    const hint = BUCKET.test(bucket) && !raw.includes(':') ? `; did you mean ${show(`oss://${raw}`)}?` : '';
    return fail(`the location must start with oss://, like oss://bucket/prefix (got ${typed})${hint}`);
  }
  const rest = raw.slice('oss://'.length);
  if (rest.includes(':')) {
    return fail(`/pai oss check takes no ":" or mount path, only oss://bucket/prefix; mount paths belong to dlc submit --data (got ${typed})`);
  }
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const badBucket = checkBucket('the location', bucket, 'bucket');
  if (badBucket) return badBucket;
  const path = slash < 0 ? '' : rest.slice(slash + 1);
  if (path.startsWith('/') || path.startsWith('\\')) {
    return fail(`an OSS prefix must not start with "/" or "\\": write oss://${bucket}/${path.slice(0, 20).replace(/^[/\\]+/, '')}… (got ${typed})`);
  }
  if (/[\t\n\r]/.test(path)) return fail(`the prefix must not contain tabs or line breaks (got ${typed})`);
  const bytes = new TextEncoder().encode(path).length;
  if (bytes > MAX_OSS_KEY_BYTES) return fail(`an OSS prefix is at most ${MAX_OSS_KEY_BYTES} bytes (got ${bytes})`);
  return ok({ uri: raw, bucket, path });
}

const REQUEST_ID_HINT = 'request ids look like ar-7k2m9xq1; /pai approvals lists the pending ones';

function checkRequestId(raw: string): Check<string> {
  if (REQUEST_ID_PATTERN.test(raw)) return ok(raw);
  if (raw.length <= 20 && REQUEST_ID_PATTERN.test(raw.toLowerCase())) return fail(`request ids are lowercase: did you mean ${raw.toLowerCase()}?`);
  if (JOB_ID.test(raw)) return fail(`${show(raw)} is a job id, not a request id; to stop a job, use /pai dlc stop ${raw}`);
  return fail(`${show(raw)} is not a request id: ${REQUEST_ID_HINT}`);
}

function checkService(raw: string): Check<string> {
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
function checkCount(what: string, raw: string, min: number, max: number, note = ''): Check<number> {
  const n = /^[0-9]{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (n >= min && n <= max) return ok(n);
  return fail(`${what} must be a whole number from ${min} to ${max}${note} (got ${show(raw)})`);
}

const MAX_QPS = 1_000_000;

function checkQps(raw: string): Check<number> {
  const n = raw.length <= 20 && /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/.test(raw) ? Number(raw) : NaN;
  if (n > 0 && n <= MAX_QPS) return ok(n);
  return fail(`--qps must be a number greater than 0 and at most ${MAX_QPS}, decimals allowed (got ${show(raw)})`);
}

function checkEnv(raws: readonly string[]): Check<Record<string, string>> {
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

function checkStatus(raw: string): Check<string> {
  const status = JOB_STATUSES.find((s) => s.toLowerCase() === raw.toLowerCase());
  if (status) return ok(status);
  return fail(`--status must be one of ${JOB_STATUSES.join(', ')} (got ${show(raw)})${didYouMean(suggest(raw, JOB_STATUSES))}`);
}

function checkPod(raw: string): Check<string> {
  if (POD_ID.test(raw)) return ok(raw);
  return fail(`--pod must be a pod id like dlc1a2b3c4d5e6-worker-0 (got ${show(raw)})`);
}

/** Runs `check` on a flag's value when the flag was given. */
function optional<T>(args: Args, flag: string, check: (raw: string) => Check<T>): Check<T | undefined> {
  const raw = args.values.get(flag);
  return raw === undefined ? ok(undefined) : check(raw);
}

function required<T>(args: Args, flag: string, check: (raw: string) => Check<T>): Check<T> {
  const raw = args.values.get(flag);
  return raw === undefined ? fail(`${flag} is required`) : check(raw);
}

function all<T>(raws: readonly string[], check: (raw: string) => Check<T>): Check<T[]> {
  const out: T[] = [];
  for (const raw of raws) {
    const r = check(raw);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}

// ---- verbs ----

type VerbParser = (args: readonly Token[]) => Check<Command>;

const HELP_TOPICS: readonly HelpTopic[] = ['dlc', 'eas', 'oss', 'approvals'];
const NO_FLAGS: FlagTable = new Map();

function parseHelp(tokens: readonly Token[]): Check<Command> {
  const scanned = scanArgs(tokens, NO_FLAGS, 'help');
  if (!scanned.ok) return scanned;
  const [topicToken] = scanned.value.positionals;
  const extra = noExtra(scanned.value.positionals, 1);
  if (extra) return extra;
  if (!topicToken) return ok({ kind: 'help' });
  const topic = HELP_TOPICS.find((t) => t === topicToken.value.toLowerCase());
  if (topic) return ok({ kind: 'help', topic });
  const group = groupOfVerb(topicToken.value.toLowerCase());
  const hint = group && isHelpTopic(group) ? `; did you mean /pai help ${group}?` : didYouMean(suggest(topicToken.value, HELP_TOPICS));
  return fail(`there is no help topic ${show(topicToken.value)}; topics are ${HELP_TOPICS.join(', ')}${hint}`);
}

function parseWs(tokens: readonly Token[]): Check<Command> {
  const scanned = scanArgs(tokens, NO_FLAGS, 'ws');
  if (!scanned.ok) return scanned;
  return noExtra(scanned.value.positionals, 0) ?? ok({ kind: 'ws' });
}

const SUBMIT_FLAGS: FlagTable = new Map<string, FlagSpec>([
  ['--image', { kind: 'value' }],
  ['--command', { kind: 'value' }],
  ['--type', { kind: 'value' }],
  ['--workers', { kind: 'value' }],
  ['--instance', { kind: 'value' }],
  ['--data', { kind: 'repeat' }],
  ['--env', { kind: 'repeat' }],
  ['--priority', { kind: 'value' }],
  ['--spot', { kind: 'switch' }],
  ['--skip-preflight', { kind: 'switch' }],
  ['-w', WORKSPACE_FLAG],
]);

// Most stray words in a submit are an unquoted --command; say so.
const QUOTE_HINT = '; put values with spaces in quotes, e.g. --command "python train.py --epochs 3"';

function parseDlcSubmit(tokens: readonly Token[]): Check<Command> {
  const scanned = scanArgs(tokens, SUBMIT_FLAGS, 'dlc submit');
  if (!scanned.ok) return scanned;
  const a = scanned.value;
  const [nameToken] = a.positionals;
  if (!nameToken) return fail('missing the job name: it comes right after "dlc submit"');
  const extra = noExtra(a.positionals, 1, QUOTE_HINT);
  if (extra) return extra;

  const name = checkJobName(nameToken.value);
  if (!name.ok) return name;
  const image = required(a, '--image', checkImage);
  if (!image.ok) return image;
  const command = required(a, '--command', (raw) => checkNonEmpty('--command', raw));
  if (!command.ok) return command;
  const jobType = optional(a, '--type', checkJobType);
  if (!jobType.ok) return jobType;
  const workers = optional(a, '--workers', (raw) => checkWholeNumber('--workers', raw, 1, 100));
  if (!workers.ok) return workers;
  const instance = optional(a, '--instance', checkInstance);
  if (!instance.ok) return instance;
  const data = all(a.lists.get('--data') ?? [], checkData);
  if (!data.ok) return data;
  const env = checkEnv(a.lists.get('--env') ?? []);
  if (!env.ok) return env;
  const priority = optional(a, '--priority', (raw) => checkWholeNumber('--priority', raw, 1, 9));
  if (!priority.ok) return priority;
  const workspace = optional(a, '-w', (raw) => checkWorkspace('-w', raw));
  if (!workspace.ok) return workspace;

  return ok({
    kind: 'dlc.submit',
    name: name.value,
    image: image.value,
    command: command.value,
    jobType: jobType.value ?? DEFAULT_JOB_TYPE,
    workers: workers.value ?? DEFAULT_WORKERS,
    ...(instance.value !== undefined && { instance: instance.value }),
    data: data.value,
    env: env.value,
    ...(priority.value !== undefined && { priority: priority.value }),
    spot: a.switches.has('--spot'),
    skipPreflight: a.switches.has('--skip-preflight'),
    ...(workspace.value !== undefined && { workspace: workspace.value }),
  });
}

/** The shape shared by `dlc status` and `dlc stop`: exactly one job id, no flags. */
function jobIdOnly(verb: 'status' | 'stop'): VerbParser {
  return (tokens) => {
    const scanned = scanArgs(tokens, NO_FLAGS, `dlc ${verb}`);
    if (!scanned.ok) return scanned;
    const [idToken] = scanned.value.positionals;
    if (!idToken) return fail(`missing the job id: it comes right after "dlc ${verb}"`);
    const extra = noExtra(scanned.value.positionals, 1);
    if (extra) return extra;
    const jobId = checkJobId(idToken.value);
    if (!jobId.ok) return jobId;
    return ok(verb === 'status' ? { kind: 'dlc.status', jobId: jobId.value } : { kind: 'dlc.stop', jobId: jobId.value });
  };
}

const LIST_FLAGS: FlagTable = new Map<string, FlagSpec>([
  ['--status', { kind: 'value' }],
  ['--mine', { kind: 'switch' }],
  ['-w', WORKSPACE_FLAG],
]);

function parseDlcList(tokens: readonly Token[]): Check<Command> {
  const scanned = scanArgs(tokens, LIST_FLAGS, 'dlc list');
  if (!scanned.ok) return scanned;
  const a = scanned.value;
  const extra = noExtra(a.positionals, 0);
  if (extra) return extra;
  const status = optional(a, '--status', checkStatus);
  if (!status.ok) return status;
  const workspace = optional(a, '-w', (raw) => checkWorkspace('-w', raw));
  if (!workspace.ok) return workspace;
  return ok({
    kind: 'dlc.list',
    ...(status.value !== undefined && { status: status.value }),
    mine: a.switches.has('--mine'),
    ...(workspace.value !== undefined && { workspace: workspace.value }),
  });
}

const LOGS_FLAGS: FlagTable = new Map<string, FlagSpec>([
  ['--pod', { kind: 'value' }],
  ['--tail', { kind: 'value' }],
]);

function parseDlcLogs(tokens: readonly Token[]): Check<Command> {
  const scanned = scanArgs(tokens, LOGS_FLAGS, 'dlc logs');
  if (!scanned.ok) return scanned;
  const a = scanned.value;
  const [idToken] = a.positionals;
  if (!idToken) return fail('missing the job id: it comes right after "dlc logs"');
  const extra = noExtra(a.positionals, 1);
  if (extra) return extra;
  const jobId = checkJobId(idToken.value);
  if (!jobId.ok) return jobId;
  const pod = optional(a, '--pod', checkPod);
  if (!pod.ok) return pod;
  const tail = optional(a, '--tail', (raw) => checkWholeNumber('--tail', raw, 1, 500));
  if (!tail.ok) return tail;
  return ok({
    kind: 'dlc.logs',
    jobId: jobId.value,
    ...(pod.value !== undefined && { pod: pod.value }),
    tail: tail.value ?? DEFAULT_LOG_TAIL,
  });
}

// ---- eas verbs ----

const DEPLOY_FLAGS: FlagTable = new Map<string, FlagSpec>([
  ['--image', { kind: 'value' }],
  ['--instance', { kind: 'value' }],
  ['--replicas', { kind: 'value' }],
  ['--port', { kind: 'value' }],
  ['--command', { kind: 'value' }],
  ['--model', { kind: 'value' }],
  ['-w', WORKSPACE_FLAG],
]);

const EAS_QUOTE_HINT = '; put values with spaces in quotes, e.g. --command "python app.py --port 8000"';

/** The service name, the first positional: present and valid. */
function serviceArg(positionals: readonly Token[], verb: string): Check<string> {
  const [serviceToken] = positionals;
  if (!serviceToken) return fail(`missing the service name: it comes right after "eas ${verb}"`);
  return checkService(serviceToken.value);
}

function parseEasDeploy(tokens: readonly Token[]): Check<Command> {
  const scanned = scanArgs(tokens, DEPLOY_FLAGS, 'eas deploy');
  if (!scanned.ok) return scanned;
  const a = scanned.value;
  const service = serviceArg(a.positionals, 'deploy');
  if (!service.ok) return service;
  const extra = noExtra(a.positionals, 1, EAS_QUOTE_HINT);
  if (extra) return extra;

  const image = required(a, '--image', checkImage);
  if (!image.ok) return image;
  const instance = optional(a, '--instance', (raw) => checkInstance(raw, 'ecs.gn6i-c4g1.xlarge or ml.gu7i.c16m60.1-gu30'));
  if (!instance.ok) return instance;
  const replicas = optional(a, '--replicas', (raw) => checkWholeNumber('--replicas', raw, 1, 100));
  if (!replicas.ok) return replicas;
  const port = optional(a, '--port', (raw) => checkWholeNumber('--port', raw, 1, 65535));
  if (!port.ok) return port;
  const command = optional(a, '--command', (raw) => checkNonEmpty('--command', raw));
  if (!command.ok) return command;
  const model = optional(a, '--model', checkModel);
  if (!model.ok) return model;
  const workspace = optional(a, '-w', (raw) => checkWorkspace('-w', raw));
  if (!workspace.ok) return workspace;

  return ok({
    kind: 'eas.deploy',
    service: service.value,
    image: image.value,
    ...(instance.value !== undefined && { instance: instance.value }),
    replicas: replicas.value ?? DEFAULT_EAS_REPLICAS,
    ...(port.value !== undefined && { port: port.value }),
    ...(command.value !== undefined && { command: command.value }),
    ...(model.value !== undefined && { model: model.value }),
    ...(workspace.value !== undefined && { workspace: workspace.value }),
  });
}

/** `eas status` and `eas events`: exactly one service name, no flags. */
function serviceOnly(verb: 'status' | 'events'): VerbParser {
  return (tokens) => {
    const scanned = scanArgs(tokens, NO_FLAGS, `eas ${verb}`);
    if (!scanned.ok) return scanned;
    const service = serviceArg(scanned.value.positionals, verb);
    if (!service.ok) return service;
    const extra = noExtra(scanned.value.positionals, 1);
    if (extra) return extra;
    return ok(verb === 'status' ? { kind: 'eas.status', service: service.value } : { kind: 'eas.events', service: service.value });
  };
}

const EAS_LIST_FLAGS: FlagTable = new Map<string, FlagSpec>([['-w', WORKSPACE_FLAG]]);

function parseEasList(tokens: readonly Token[]): Check<Command> {
  const scanned = scanArgs(tokens, EAS_LIST_FLAGS, 'eas list');
  if (!scanned.ok) return scanned;
  const extra = noExtra(scanned.value.positionals, 0);
  if (extra) return extra;
  const workspace = optional(scanned.value, '-w', (raw) => checkWorkspace('-w', raw));
  if (!workspace.ok) return workspace;
  return ok({ kind: 'eas.list', ...(workspace.value !== undefined && { workspace: workspace.value }) });
}

/**
 * `eas scale <service> <replicas>` and `eas traffic <service> <weight>`: a service name and a number, no
 * flags. The number given first (`eas scale 3 svc`) gets a message saying which comes first.
 */
function serviceAndCount(
  verb: 'scale' | 'traffic',
  what: string,
  check: (raw: string) => Check<number>,
): (tokens: readonly Token[]) => Check<{ service: string; count: number }> {
  return (tokens) => {
    const scanned = scanArgs(tokens, NO_FLAGS, `eas ${verb}`);
    if (!scanned.ok) return scanned;
    const [first, second] = scanned.value.positionals;
    if (first && second && /^[0-9]+$/.test(first.value) && SERVICE.test(second.value)) {
      return fail(`the service name comes first: /pai eas ${verb} ${second.value} ${first.value.slice(0, 7)}`);
    }
    const service = serviceArg(scanned.value.positionals, verb);
    if (!service.ok) return service;
    if (!second) return fail(`missing ${what} after the service name, e.g. /pai eas ${verb} ${service.value} ${verb === 'scale' ? 2 : 100}`);
    const extra = noExtra(scanned.value.positionals, 2);
    if (extra) return extra;
    const count = check(second.value);
    if (!count.ok) return count;
    return ok({ service: service.value, count: count.value });
  };
}

const scaleArgs = serviceAndCount('scale', 'the number of replicas', (raw) =>
  checkCount('the number of replicas', raw, 0, 100, ' (0 scales the service to zero)'),
);

function parseEasScale(tokens: readonly Token[]): Check<Command> {
  const r = scaleArgs(tokens);
  return r.ok ? ok({ kind: 'eas.scale', service: r.value.service, replicas: r.value.count }) : r;
}

const trafficArgs = serviceAndCount('traffic', 'the traffic weight', (raw) => {
  if (/^[0-9.]+%$/.test(raw)) {
    return fail(`the traffic weight is a whole number from 0 to 1000, relative to the other services of its group, not a percentage (got ${show(raw)})`);
  }
  return checkCount('the traffic weight', raw, 0, 1000, ', relative to the other services of its group');
});

function parseEasTraffic(tokens: readonly Token[]): Check<Command> {
  const r = trafficArgs(tokens);
  return r.ok ? ok({ kind: 'eas.traffic', service: r.value.service, weight: r.value.count }) : r;
}

const AUTOSCALE_FLAGS: FlagTable = new Map<string, FlagSpec>([
  ['--min', { kind: 'value' }],
  ['--max', { kind: 'value' }],
  ['--qps', { kind: 'value' }],
  ['--cpu', { kind: 'value' }],
]);

function parseEasAutoscale(tokens: readonly Token[]): Check<Command> {
  const scanned = scanArgs(tokens, AUTOSCALE_FLAGS, 'eas autoscale');
  if (!scanned.ok) return scanned;
  const a = scanned.value;
  const service = serviceArg(a.positionals, 'autoscale');
  if (!service.ok) return service;
  const extra = noExtra(a.positionals, 1);
  if (extra) return extra;
  if (!a.values.has('--min') && !a.values.has('--max')) return fail('--min and --max are required');
  const min = required(a, '--min', (raw) => checkWholeNumber('--min', raw, 0, 100));
  if (!min.ok) return min;
  const max = required(a, '--max', (raw) => checkWholeNumber('--max', raw, 1, 100));
  if (!max.ok) return max;
  // EAS refuses an autoscaler whose maximum is not above its minimum (CreateServiceAutoScaler; see the SDK's models).
  if (max.value <= min.value) return fail(`--max (${max.value}) must be greater than --min (${min.value}); for a fixed number of replicas use /pai eas scale`);
  const qps = optional(a, '--qps', checkQps);
  if (!qps.ok) return qps;
  const cpu = optional(a, '--cpu', (raw) => checkWholeNumber('--cpu', raw, 1, 100));
  if (!cpu.ok) return cpu;
  return ok({
    kind: 'eas.autoscale',
    service: service.value,
    min: min.value,
    max: max.value,
    ...(qps.value !== undefined && { qps: qps.value }),
    ...(cpu.value !== undefined && { cpu: cpu.value }),
  });
}

const LIFECYCLE_FLAGS: FlagTable = new Map<string, FlagSpec>([['--yes', { kind: 'switch' }]]);

/** stop, start, restart, delete: one service name and `--yes` (which skips the confirmation of stop and delete). */
function lifecycle(verb: 'stop' | 'start' | 'restart' | 'delete'): VerbParser {
  const kind: EasLifecycle['kind'] = `eas.${verb}`;
  return (tokens) => {
    const scanned = scanArgs(tokens, LIFECYCLE_FLAGS, `eas ${verb}`);
    if (!scanned.ok) return scanned;
    const service = serviceArg(scanned.value.positionals, verb);
    if (!service.ok) return service;
    const yesHint = /^y(es)?$/i.test(scanned.value.positionals[1]?.value ?? '') ? '; to skip the confirmation, add --yes' : '';
    const extra = noExtra(scanned.value.positionals, 1, yesHint);
    if (extra) return extra;
    return ok({ kind, service: service.value, yes: scanned.value.switches.has('--yes') });
  };
}

// ---- oss, approvals, cancel, alerts ----

const OSS_CHECK_FLAGS: FlagTable = new Map<string, FlagSpec>([['-w', WORKSPACE_FLAG]]);

function parseOssCheck(tokens: readonly Token[]): Check<Command> {
  const scanned = scanArgs(tokens, OSS_CHECK_FLAGS, 'oss check');
  if (!scanned.ok) return scanned;
  const [locationToken] = scanned.value.positionals;
  if (!locationToken) return fail('missing the OSS location: it comes right after "oss check", like oss://bucket/prefix');
  const extra = noExtra(scanned.value.positionals, 1, '; check one location at a time, and quote a prefix that has spaces');
  if (extra) return extra;
  const location = checkOssLocation(locationToken.value);
  if (!location.ok) return location;
  const workspace = optional(scanned.value, '-w', (raw) => checkWorkspace('-w', raw));
  if (!workspace.ok) return workspace;
  return ok({ kind: 'oss.check', location: location.value, ...(workspace.value !== undefined && { workspace: workspace.value }) });
}

function parseApprovals(tokens: readonly Token[]): Check<Command> {
  const scanned = scanArgs(tokens, NO_FLAGS, 'approvals');
  if (!scanned.ok) return scanned;
  const [first] = scanned.value.positionals;
  if (!first) return ok({ kind: 'approvals' });
  if (scanned.value.positionals.length === 1 && first.value.toLowerCase() === 'help') return ok({ kind: 'help', topic: 'approvals' });
  const lower = first.value.toLowerCase();
  const hint = lower === 'cancel' || REQUEST_ID_PATTERN.test(lower)
    ? '; to withdraw a request, use /pai cancel <request-id>'
    : '; it lists every pending request';
  return fail(`/pai approvals takes no arguments (got ${show(first.value)})${hint}`);
}

function parseCancel(tokens: readonly Token[]): Check<Command> {
  const scanned = scanArgs(tokens, NO_FLAGS, 'cancel');
  if (!scanned.ok) return scanned;
  const [idToken] = scanned.value.positionals;
  if (!idToken) return fail(`missing the request id: it comes right after "cancel"; ${REQUEST_ID_HINT}`);
  const extra = noExtra(scanned.value.positionals, 1, '; cancel one request at a time');
  if (extra) return extra;
  const requestId = checkRequestId(idToken.value);
  if (!requestId.ok) return requestId;
  return ok({ kind: 'cancel', requestId: requestId.value });
}

const ALERTS_FLAGS: FlagTable = new Map<string, FlagSpec>([['-w', WORKSPACE_FLAG]]);

function parseAlerts(tokens: readonly Token[]): Check<Command> {
  const scanned = scanArgs(tokens, ALERTS_FLAGS, 'alerts');
  if (!scanned.ok) return scanned;
  const [first] = scanned.value.positionals;
  if (first) {
    const hint = /^(ack|acknowledge|mute|unmute)$/i.test(first.value)
      ? '; acknowledge and mute an alert with the buttons under it'
      : '; it lists the open alerts, of one workspace with -w <workspace>';
    return fail(`/pai alerts takes no arguments (got ${show(first.value)})${hint}`);
  }
  const workspace = optional(scanned.value, '-w', (raw) => checkWorkspace('-w', raw));
  if (!workspace.ok) return workspace;
  return ok({ kind: 'alerts', ...(workspace.value !== undefined && { workspace: workspace.value }) });
}

// ---- the verb table ----

interface Verb {
  usage: UsageKey;
  parse: VerbParser;
}

/** A group is either a verb on its own (`/pai ws`) or a set of sub-verbs (`/pai dlc submit`). */
type Group = { verb: Verb } | { usage: UsageGroup; verbs: ReadonlyMap<string, Verb> };

// Maps, not object literals, so `/pai constructor` or `__proto__` cannot reach Object.prototype.
const GROUPS: ReadonlyMap<string, Group> = new Map<string, Group>([
  ['help', { verb: { usage: 'help', parse: parseHelp } }],
  ['ws', { verb: { usage: 'ws', parse: parseWs } }],
  [
    'dlc',
    {
      usage: 'dlc',
      verbs: new Map<string, Verb>([
        ['submit', { usage: 'dlc.submit', parse: parseDlcSubmit }],
        ['status', { usage: 'dlc.status', parse: jobIdOnly('status') }],
        ['list', { usage: 'dlc.list', parse: parseDlcList }],
        ['stop', { usage: 'dlc.stop', parse: jobIdOnly('stop') }],
        ['logs', { usage: 'dlc.logs', parse: parseDlcLogs }],
      ]),
    },
  ],
  [
    'eas',
    {
      usage: 'eas',
      verbs: new Map<string, Verb>([
        ['deploy', { usage: 'eas.deploy', parse: parseEasDeploy }],
        ['status', { usage: 'eas.status', parse: serviceOnly('status') }],
        ['list', { usage: 'eas.list', parse: parseEasList }],
        ['scale', { usage: 'eas.scale', parse: parseEasScale }],
        ['autoscale', { usage: 'eas.autoscale', parse: parseEasAutoscale }],
        ['stop', { usage: 'eas.stop', parse: lifecycle('stop') }],
        ['start', { usage: 'eas.start', parse: lifecycle('start') }],
        ['restart', { usage: 'eas.restart', parse: lifecycle('restart') }],
        ['delete', { usage: 'eas.delete', parse: lifecycle('delete') }],
        ['traffic', { usage: 'eas.traffic', parse: parseEasTraffic }],
        ['events', { usage: 'eas.events', parse: serviceOnly('events') }],
      ]),
    },
  ],
  ['oss', { usage: 'oss', verbs: new Map<string, Verb>([['check', { usage: 'oss.check', parse: parseOssCheck }]]) }],
  ['approvals', { verb: { usage: 'approvals', parse: parseApprovals } }],
  ['cancel', { verb: { usage: 'cancel', parse: parseCancel } }],
  ['alerts', { verb: { usage: 'alerts', parse: parseAlerts } }],
]);

function isHelpTopic(name: string): name is HelpTopic {
  return (HELP_TOPICS as readonly string[]).includes(name);
}

/** Which group has a sub-verb of this name (for `/pai submit` -> "did you mean /pai dlc submit?"). */
function groupOfVerb(verb: string): string | undefined {
  for (const [name, group] of GROUPS) if ('verbs' in group && group.verbs.has(verb)) return name;
  return undefined;
}

function runVerb(verb: Verb, args: readonly Token[]): ParseResult {
  const result = verb.parse(args);
  return result.ok ? { ok: true, command: result.value } : parseError(result.message, usageFor(verb.usage));
}

function unknownGroup(word: string): ParseResult {
  const lower = word.toLowerCase();
  const owner = groupOfVerb(lower);
  const hint = owner
    ? `; did you mean /pai ${owner} ${lower}?`
    : didYouMean(suggest(lower.replace(/^-+/, ''), [...GROUPS.keys()])) || '; see /pai help';
  return parseError(`unknown command ${show(word)}${hint}`, TOP_LEVEL_USAGE);
}

function runGroup(name: string, group: Group, rest: readonly Token[]): ParseResult {
  if ('verb' in group) return runVerb(group.verb, rest);
  const [verbToken, ...args] = rest;
  if (!verbToken) return parseError(`/pai ${name} needs a command: one of ${[...group.verbs.keys()].join(', ')}`, groupUsage(group.usage));
  const verbName = verbToken.value.toLowerCase();
  if (verbName === 'help' && isHelpTopic(name) && args.length === 0) return { ok: true, command: { kind: 'help', topic: name } };
  const verb = group.verbs.get(verbName);
  if (!verb) {
    return parseError(`unknown ${name} command ${show(verbToken.value)}${didYouMean(suggest(verbName, [...group.verbs.keys()]))}`, groupUsage(group.usage));
  }
  return runVerb(verb, args);
}

/** When the words cannot be split (an open quote), the first two still tell whose usage to show. */
function usageForPrefix(text: string): string {
  const [first = '', second = ''] = text.slice(0, 100).trim().toLowerCase().split(/\s+/, 2);
  const group = GROUPS.get(first);
  if (!group) return TOP_LEVEL_USAGE;
  if ('verb' in group) return usageFor(group.verb.usage);
  const verb = group.verbs.get(second);
  return verb ? usageFor(verb.usage) : groupUsage(group.usage);
}

function parseUnchecked(text: string): ParseResult {
  if (typeof text !== 'string') return parseError('the command text is missing', TOP_LEVEL_USAGE);
  if (text.length > MAX_COMMAND_LENGTH) {
    return parseError(`the command is too long (at most ${MAX_COMMAND_LENGTH} characters, got ${text.length})`, TOP_LEVEL_USAGE);
  }
  const tokenized = tokenize(text);
  if (!tokenized.ok) return parseError(tokenized.message, usageForPrefix(text));
  const [head, ...rest] = tokenized.tokens;
  if (!head) return { ok: true, command: { kind: 'help' } };
  const name = head.value.toLowerCase();
  const group = GROUPS.get(name);
  return group ? runGroup(name, group, rest) : unknownGroup(head.value);
}

/** Parses the raw `text` of a `/pai` slash command. Never throws. */
export function parseCommand(text: string): ParseResult {
  try {
    return parseUnchecked(text);
  } catch {
    // Unreachable by design; a parser bug must still reach the user as a reply, not a crash.
    return parseError('could not read the command; see /pai help', TOP_LEVEL_USAGE);
  }
}
