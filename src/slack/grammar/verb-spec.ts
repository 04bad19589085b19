// The shape of one entry of the verb table (spec/table.ts) and the constructors its entries are written
// with. An entry says everything about a verb once: its words, positionals, flags (with check, default and
// usage token), its help lines and the job it queues; parse.ts, derive-usage.ts, help.ts and
// describe-action.ts read it and nothing else.
// The keys of `args` and `flags` are the fields of the verb's Command, so `verb()` checks at compile time
// that the values parsed are exactly that Command (commands.ts), and the engine builds it as
// `{ kind, ...values }` with the absent optional fields left out.

import type { ActionJob, ActionType, JobOf } from '../../actions/action-jobs.js';
import type { Command, CommandKind, HelpTopic } from './commands.js';
import { checkWholeNumber, checkWorkspace } from './checks.js';
import { fail, ok, type Check } from './messages.js';
import type { FlagArity } from './scan.js';
import type { Token } from './tokenize.js';

export type GroupName = 'dlc' | 'eas' | 'oss' | 'dsw' | 'gallery';

/** What a flag's reader is given: the value (value flags), the values (repeat flags), whether it was given. */
export interface FlagInput {
  value: string | undefined;
  list: readonly string[];
  given: boolean;
}

export interface Flag<T> {
  name: string;
  aliases?: readonly string[];
  arity: FlagArity;
  /** Its token in the usage line, e.g. `[--tail N]`. */
  usage: string;
  /** Starts a new usage line: the long usages wrap where the README's command list wraps them. */
  wrap?: boolean;
  read: (input: FlagInput) => Check<T>;
}

export interface Arg<T> {
  /** Its token in the usage line, e.g. `<job-id>`. */
  usage: string;
  /** The message when it is missing; without one the positional is optional. `before` are the words before it. */
  missing?: (verb: string, before: readonly string[]) => string;
  check: (raw: string) => Check<T>;
  /** Checked as soon as it is read, before extra words are refused (a bad eas service name is the likelier mistake). */
  early?: boolean;
}

type ValueOf<X> = X extends Flag<infer T> ? T : X extends Arg<infer T> ? T : never;
export type Values<A, F> = { [K in keyof A]: ValueOf<A[K]> } & { [K in keyof F]: ValueOf<F[K]> };

export type KindOf<G extends GroupName | undefined, N extends string> = G extends GroupName ? `${G}.${N}` : N;
type Fields<K extends CommandKind> = Omit<Extract<Command, { kind: K }>, 'kind'>;

/** Compiles only when the parsed values are exactly the fields of the Command of kind K. */
type Agrees<K extends string, V> = [K] extends [CommandKind]
  ? [V] extends [Fields<K>]
    ? [Exclude<keyof V, keyof Fields<K>> | Exclude<keyof Fields<K>, keyof V>] extends [never]
      ? unknown
      : { fieldsDifferFromCommand: Exclude<keyof V, keyof Fields<K>> | Exclude<keyof Fields<K>, keyof V> }
    : { valuesDoNotFitCommand: Fields<K> }
  : { notACommandKind: K };

/** A check that spans flags (autoscale's max above min), run once the flag `after` has been read. */
export interface Relation<V> {
  after: keyof V & string;
  check: (values: Partial<V>) => string | undefined;
}

interface Help {
  /** The explanation in `/pai help`. */
  summary: string;
  /** The explanation in the topic's help, when it says more than the summary. */
  detail?: string;
  /** Bullets under the verb in the topic's help. */
  notes?: readonly string[];
  /** The heading of `/pai help` the verb is listed under (none: right under the title). */
  section?: string;
  /** The `/pai help <topic>` page the verb is on; a group's verbs are on the group's page. */
  topic?: HelpTopic;
}

/**
 * The job a verb queues (none for the verbs the listener answers itself), and what of it a message names: the
 * verb's words, then what it acts on (describe-action.ts), e.g. "dlc submit train-1", "eas list -w dev".
 */
export interface Queues<T extends ActionType> {
  type: T;
  /** Which of the entry's names queued the job, when several verbs queue one type (`eas scale`, `eas stop`…). */
  name?: (job: JobOf<T>) => string;
  /** What the job acts on, as the requester typed it: `train-1`, `-w dev`. */
  subject?: (job: JobOf<T>) => string;
}

export interface VerbSpec<G extends GroupName | undefined, N extends string, A, F, T extends ActionType> extends Help {
  group?: G;
  /** Several names share one spec when only the kind differs (`eas stop|start|restart|delete`). */
  names: readonly N[];
  args: A;
  flags: F;
  queues?: Queues<T>;
  /** Added to "unexpected argument …", given the first extra word. */
  extraHint?: (extra: string) => string;
  /** Runs first, on the positionals: a verb-specific refusal, or a command other than the usual one. */
  pre?: (positionals: readonly Token[], verb: string) => Check<Command> | undefined;
  /** Refused with `message` when none of these flags is given, before any flag is checked. */
  requireSome?: { flags: readonly string[]; message: string };
  relations?: readonly Relation<Values<A, F>>[];
}

/** A table entry with its types erased, as the engine and the derivations read it. K and T are kept for coverage. */
export interface VerbEntry<K extends CommandKind = CommandKind, T extends ActionType = ActionType> extends Help {
  group?: GroupName;
  names: readonly string[];
  args: Readonly<Record<string, Arg<unknown>>>;
  flags: Readonly<Record<string, Flag<unknown>>>;
  queues?: { type: ActionType; name?: (job: ActionJob) => string; subject?: (job: ActionJob) => string };
  extraHint?: (extra: string) => string;
  pre?: (positionals: readonly Token[], verb: string) => Check<Command> | undefined;
  requireSome?: { flags: readonly string[]; message: string };
  relations?: readonly { after: string; check(values: Readonly<Record<string, unknown>>): string | undefined }[];
  /** Never set: carry the kinds and the job types to the table's coverage checks. */
  readonly kinds?: K;
  readonly jobTypes?: T;
}

export function verb<
  const G extends GroupName | undefined = undefined,
  const N extends string = never,
  A extends Record<string, Arg<unknown>> = never,
  F extends Record<string, Flag<unknown>> = never,
  const T extends ActionType = never,
>(spec: VerbSpec<G, N, A, F, T> & Agrees<KindOf<G, N>, Values<A, F>>): VerbEntry<KindOf<G, N> & CommandKind, T> {
  return spec as unknown as VerbEntry<KindOf<G, N> & CommandKind, T>;
}

// ---- positionals ----

export function arg<T>(
  usage: string,
  missing: Arg<T>['missing'],
  check: (raw: string) => Check<T>,
  early = false,
): Arg<T> {
  return { usage, missing, check, early };
}

export function optionalArg<T>(usage: string, check: (raw: string) => Check<T>): Arg<T | undefined> {
  return { usage, check };
}

// ---- flags ----

interface FlagOptions {
  aliases?: readonly string[];
  wrap?: boolean;
}

const extras = (o: FlagOptions): Pick<Flag<unknown>, 'aliases' | 'wrap'> => ({
  ...(o.aliases && { aliases: o.aliases }),
  ...(o.wrap && { wrap: true }),
});

/** `--image <image>`: refused when absent. */
export function required<T>(
  name: string,
  metavar: string,
  check: (raw: string) => Check<T>,
  o: FlagOptions = {},
): Flag<T> {
  return {
    name,
    arity: 'value',
    usage: `${name} ${metavar}`,
    ...extras(o),
    read: (i) => (i.value === undefined ? fail(`${name} is required`) : check(i.value)),
  };
}

/** `[--pod <pod-id>]`: undefined when absent. */
export function optional<T>(
  name: string,
  metavar: string,
  check: (raw: string) => Check<T>,
  o: FlagOptions = {},
): Flag<T | undefined> {
  return {
    name,
    arity: 'value',
    usage: `[${name} ${metavar}]`,
    ...extras(o),
    read: (i) => (i.value === undefined ? ok(undefined) : check(i.value)),
  };
}

/** `[--tail N]`: `fallback` when absent. */
export function withDefault<T>(
  name: string,
  metavar: string,
  check: (raw: string) => Check<T>,
  fallback: T,
  o: FlagOptions = {},
): Flag<T> {
  return {
    name,
    arity: 'value',
    usage: `[${name} ${metavar}]`,
    ...extras(o),
    read: (i) => (i.value === undefined ? ok(fallback) : check(i.value)),
  };
}

/** `[--spot]`: true when given. */
export function toggle(name: string, o: FlagOptions = {}): Flag<boolean> {
  return { name, arity: 'switch', usage: `[${name}]`, ...extras(o), read: (i) => ok(i.given) };
}

/** `[--env KEY=VALUE]...`: every value at once, so the check can refuse duplicates. */
export function repeated<T>(
  name: string,
  metavar: string,
  check: (raws: readonly string[]) => Check<T>,
  o: FlagOptions = {},
): Flag<T> {
  return { name, arity: 'repeat', usage: `[${name} ${metavar}]...`, ...extras(o), read: (i) => check(i.list) };
}

/** Bounds of a whole-number flag, written once for its check and its help line. */
export interface Bounds {
  min: number;
  max: number;
}

export const wholeNumber =
  (flag: string, b: Bounds) =>
  (raw: string): Check<number> =>
    checkWholeNumber(flag, raw, b.min, b.max);

/** "1 to 100", as the help says a range. */
export const range = (b: Bounds): string => `${b.min} to ${b.max}`;

/** `-w <workspace>` (also `--workspace`), the same on every verb that acts in a workspace. */
export const workspaceFlag = (): Flag<string | undefined> =>
  optional('-w', '<workspace>', (raw) => checkWorkspace('-w', raw), { aliases: ['--workspace'] });

/** The subject of a job that acts on a whole workspace (the list verbs): `-w dev`. */
export const workspaceSubject = (job: { workspace: { name: string } }): string => `-w ${job.workspace.name}`;
