// The console lines that drive DSW notebooks at PAI behind the bot's back: `:notebook` starts one (as if from the PAI
// console), `:notebook-load` sets its CPU and GPU use, and `{notebook:<name>}` in a /pai line stands for its instance
// id, which the simulator picks at random, so a script can still type `/pai dsw status`. Pure, like the rest of the
// grammar: instance types are checked against the simulator's spec list and workspaces against the built-in config,
// so a script with a typo fails before it runs.

import { formatDuration, parseDuration } from '../../../../src/config/duration.js';
import { DSW_ECS_SPECS } from '@pai-bot/pai-sim/dsw-specs.js';
import { type Parsed, workspaceAlias } from './external-grammar.js';

export interface NotebookCommand {
  kind: 'notebook';
  name: string;
  /** A workspace alias; absent: the current channel's workspace. */
  workspace?: string;
  /** An instance type of the simulator's DSW spec list; absent: the simulator's default (one A10 GPU). */
  spec?: string;
  /** Running time before now (AccumulatedRunningTimeInMs starts there). */
  runningBeforeMs: number;
  /** Busy (CPU and GPU in use) rather than idle. */
  busy: boolean;
  /** An idle-stop policy of this many minutes; absent: none, as a notebook started at the console has. */
  idleStopMinutes?: number;
}

export interface NotebookLoadCommand {
  kind: 'notebook-load';
  /** A notebook's name (as `:notebook` gave it) or its instance id. */
  ref: string;
  cpu: number;
  gpu: number;
}

/** A name `:notebook` accepts: unlike an instance id it cannot start with dsw-, so `<name|id>` is never ambiguous. */
export const NOTEBOOK_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;
/** DSW instance ids as the bot's grammar accepts them (src/pai/dsw-types.ts). */
const INSTANCE_ID = /^dsw-[a-z0-9]{4,60}$/;
/** The longest idle-stop the bot's `dsw idle-stop` sets: a week. */
export const MAX_IDLE_STOP_MINUTES = 7 * 1_440;

export const isNotebookName = (text: string): boolean => NOTEBOOK_NAME.test(text) && !/^dsw-/i.test(text);
export const isNotebookRef = (text: string): boolean => isNotebookName(text) || INSTANCE_ID.test(text);

const NOTEBOOK_USAGE =
  ':notebook takes a notebook name, then optionally -w <workspace>, --spec <instance type>, --running <duration>, --busy and --idle-stop <duration>, e.g. :notebook left-on --running 5h --idle-stop 4h';
const LOAD_USAGE =
  ':notebook-load takes a notebook (its name or instance id) and its CPU and GPU use in percent (0-100), e.g. :notebook-load left-on 85 90';
const NAME_RULE =
  'a notebook name starts with a letter and has at most 63 letters, digits, - and _ (and does not start with dsw-, which instance ids do)';

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** `--idle-stop`: whole minutes, as MaxIdleTimeInMinutes counts them, from 1 minute to a week. */
function idleStopMinutes(text: string | undefined): number | undefined {
  const ms = text === undefined ? undefined : parseDuration(text);
  if (ms === undefined || ms % 60_000 !== 0) return undefined;
  const minutes = ms / 60_000;
  return minutes >= 1 && minutes <= MAX_IDLE_STOP_MINUTES ? minutes : undefined;
}

/** `:notebook <name> [-w <ws>] [--spec <type>] [--running <duration>] [--busy] [--idle-stop <duration>]`, any order. */
export function parseNotebook(args: readonly string[]): Parsed<NotebookCommand> {
  const [name = '', ...rest] = args;
  if (name === '' || name.startsWith('-')) return fail(NOTEBOOK_USAGE);
  if (!isNotebookName(name)) return fail(`:notebook ${name}: ${NAME_RULE}`);
  const command: NotebookCommand = { kind: 'notebook', name, runningBeforeMs: 0, busy: false };
  const seen = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]!;
    if (seen.has(flag)) return fail(`:notebook: ${flag} is given twice`);
    seen.add(flag);
    if (flag === '--busy') {
      command.busy = true;
      continue;
    }
    const value = rest[++i];
    switch (flag) {
      case '-w': {
        const ws = workspaceAlias(value, NOTEBOOK_USAGE);
        if (!ws.ok) return fail(ws.error);
        command.workspace = ws.alias;
        break;
      }
      case '--spec': {
        const types = DSW_ECS_SPECS.map((s) => s.InstanceType ?? '');
        if (value === undefined || !types.includes(value))
          return fail(
            `:notebook --spec takes an instance type of the simulator's DSW spec list (${types.join(', ')})${value === undefined ? '' : `, not ${value}`}`,
          );
        command.spec = value;
        break;
      }
      case '--running': {
        const ms = value === undefined ? undefined : parseDuration(value);
        if (ms === undefined)
          return fail(':notebook --running takes how long it has run so far, with a unit (s, m, h), e.g. --running 5h');
        command.runningBeforeMs = ms;
        break;
      }
      case '--idle-stop': {
        const minutes = idleStopMinutes(value);
        if (minutes === undefined)
          return fail(
            `:notebook --idle-stop takes whole minutes from 1m to ${formatDuration(MAX_IDLE_STOP_MINUTES * 60_000)}, e.g. --idle-stop 1h or --idle-stop 90m`,
          );
        command.idleStopMinutes = minutes;
        break;
      }
      default:
        return fail(NOTEBOOK_USAGE);
    }
  }
  return { ok: true, command };
}

/** A percentage as typed: `85`, `85%` or `2.5`, from 0 to 100. */
function percent(text: string | undefined): number | undefined {
  const match = /^(\d+(?:\.\d+)?)%?$/.exec(text ?? '');
  const value = match ? Number(match[1]) : Number.NaN;
  return value >= 0 && value <= 100 ? value : undefined;
}

/** `:notebook-load <name|id> <cpu%> <gpu%>`. */
export function parseNotebookLoad(args: readonly string[]): Parsed<NotebookLoadCommand> {
  const [ref = '', cpuText, gpuText, ...extra] = args;
  const cpu = percent(cpuText);
  const gpu = percent(gpuText);
  if (!isNotebookRef(ref) || cpu === undefined || gpu === undefined || extra.length > 0) return fail(LOAD_USAGE);
  return { ok: true, command: { kind: 'notebook-load', ref, cpu, gpu } };
}

/** `{notebook:<name|id>}` in a /pai line; the reference itself is checked by notebookRefError. */
const REF = /\{notebook:([^{}\s]*)\}/g;

/** Why the `{notebook:…}` references of a /pai line are malformed, or undefined when they are fine (or absent). */
export function notebookRefError(text: string): string | undefined {
  for (const match of text.matchAll(REF)) {
    if (!isNotebookRef(match[1]!))
      return `{notebook:${match[1]}} must name a notebook by its name or instance id, e.g. /pai dsw status {notebook:left-on}`;
  }
  if (text.replace(REF, '').includes('{notebook:'))
    return '{notebook: must be closed right after the name, with no space, e.g. /pai dsw status {notebook:left-on}';
  return undefined;
}

/**
 * The /pai text with each `{notebook:<name|id>}` replaced by that notebook's instance id, looked up in `notebooks`
 * (the simulator's); an error naming the first reference that matches no notebook, or more than one.
 */
export function expandNotebookRefs(
  text: string,
  notebooks: readonly { instanceId: string; name: string }[],
): { ok: true; text: string; expanded: boolean } | { ok: false; error: string } {
  let error: string | undefined;
  const expanded = text.replace(REF, (whole, ref: string) => {
    const found = findNotebook(notebooks, ref);
    if ('error' in found) error ??= found.error;
    return 'error' in found ? whole : found.instanceId;
  });
  return error === undefined ? { ok: true, text: expanded, expanded: expanded !== text } : { ok: false, error };
}

/** A notebook by instance id, else by name (`:notebook` keeps names unique; PAI does not). */
export function findNotebook<N extends { instanceId: string; name: string }>(
  notebooks: readonly N[],
  ref: string,
): N | { error: string } {
  const byId = notebooks.find((n) => n.instanceId === ref);
  if (byId) return byId;
  const named = notebooks.filter((n) => n.name === ref);
  if (named.length === 1) return named[0]!;
  if (named.length > 1)
    return {
      error: `${named.length} notebooks are named ${ref} (${named.map((n) => n.instanceId).join(', ')}); name one by its instance id`,
    };
  return { error: `the simulator has no notebook ${ref}; :notebooks lists them` };
}
