// The pure parser for `/pai …` text, driven by the verb table (spec/table.ts). Every mistake becomes a
// ParseError (one sentence + the usage of the verb concerned); nothing here throws, touches the config,
// or does worse than linear work. A verb is added in the table, not here.

import type { Command, ParseError, ParseResult } from './commands.js';
import { TOP_LEVEL_USAGE, groupUsage, usageOf } from './derive-usage.js';
import { didYouMean, fail, ok, show, suggest, type Check } from './messages.js';
import { noExtra, scanArgs, type FlagTable } from './scan.js';
import { groupOfVerb, isHelpTopic } from './spec/core.js';
import { VERBS, kindOf } from './spec/table.js';
import { tokenize, type Token } from './tokenize.js';
import type { GroupName, VerbEntry } from './verb-spec.js';

export { show, suggest } from './messages.js';

export const MAX_COMMAND_LENGTH = 4000;

const parseError = (message: string, usage: string): ParseResult => ({
  ok: false,
  error: { message, usage } satisfies ParseError,
});

// ---- one verb ----

// Built once per entry, so the scanner's name lookup (cached per table) is built once too.
const flagTables = new Map<VerbEntry, FlagTable>(
  VERBS.map((e) => [
    e,
    new Map(Object.values(e.flags).map((f) => [f.name, { arity: f.arity, ...(f.aliases && { aliases: f.aliases }) }])),
  ]),
);

/** The order of checks is the table's: positionals (early ones at once), extra words, the rest, flags in order. */
function runSpec(entry: VerbEntry, name: string, tokens: readonly Token[]): Check<Command> {
  const verb = entry.group ? `${entry.group} ${name}` : name;
  const scanned = scanArgs(tokens, flagTables.get(entry) as FlagTable, verb);
  if (!scanned.ok) return scanned;
  const a = scanned.value;
  const early = entry.pre?.(a.positionals, verb);
  if (early) return early;

  const values: Record<string, unknown> = {};
  const later: [key: string, check: (raw: string) => Check<unknown>, raw: string][] = [];
  const argEntries = Object.entries(entry.args);
  for (const [i, [key, arg]] of argEntries.entries()) {
    const token = a.positionals[i];
    if (!token) {
      if (arg.missing)
        return fail(
          arg.missing(
            verb,
            a.positionals.slice(0, i).map((t) => t.value),
          ),
        );
      values[key] = undefined;
    } else if (arg.early) {
      const r = arg.check(token.value);
      if (!r.ok) return r;
      values[key] = r.value;
    } else {
      later.push([key, arg.check, token.value]);
    }
  }
  const extraToken = a.positionals[argEntries.length];
  const extra = noExtra(
    a.positionals,
    argEntries.length,
    extraToken && entry.extraHint ? entry.extraHint(extraToken.value) : '',
  );
  if (extra) return extra;
  for (const [key, check, raw] of later) {
    const r = check(raw);
    if (!r.ok) return r;
    values[key] = r.value;
  }

  if (entry.requireSome && !entry.requireSome.flags.some((f) => a.values.has(f)))
    return fail(entry.requireSome.message);
  for (const [key, flag] of Object.entries(entry.flags)) {
    const r = flag.read({
      value: a.values.get(flag.name),
      list: a.lists.get(flag.name) ?? [],
      given: a.switches.has(flag.name),
    });
    if (!r.ok) return r;
    values[key] = r.value;
    for (const relation of entry.relations ?? []) {
      const refused = relation.after === key ? relation.check(values) : undefined;
      if (refused) return fail(refused);
    }
  }

  // The keys of args and flags are the Command's fields (verb() checks it); absent optional ones are left out.
  const command: Record<string, unknown> = { kind: kindOf(entry, name) };
  for (const [key, value] of Object.entries(values)) if (value !== undefined) command[key] = value;
  return ok(command as unknown as Command);
}

// ---- routing ----

interface Route {
  entry: VerbEntry;
  name: string;
}

/** A group is either a verb on its own (`/pai ws`) or a set of sub-verbs (`/pai dlc submit`). */
type Group = { verb: Route } | { group: GroupName; verbs: ReadonlyMap<string, Route> };

// Maps, not object literals, so `/pai constructor` or `__proto__` cannot reach Object.prototype.
function buildGroups(): ReadonlyMap<string, Group> {
  const groups = new Map<string, Group>();
  for (const entry of VERBS) {
    for (const name of entry.names) {
      if (!entry.group) {
        groups.set(name, { verb: { entry, name } });
        continue;
      }
      const group = groups.get(entry.group) ?? { group: entry.group, verbs: new Map<string, Route>() };
      if ('verbs' in group) (group.verbs as Map<string, Route>).set(name, { entry, name });
      groups.set(entry.group, group);
    }
  }
  return groups;
}

const GROUPS = buildGroups();

function runVerb(route: Route, args: readonly Token[]): ParseResult {
  const result = runSpec(route.entry, route.name, args);
  return result.ok ? { ok: true, command: result.value } : parseError(result.message, usageOf(route.entry));
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
  if (!verbToken)
    return parseError(
      `/pai ${name} needs a command: one of ${[...group.verbs.keys()].join(', ')}`,
      groupUsage(group.group),
    );
  const verbName = verbToken.value.toLowerCase();
  if (verbName === 'help' && isHelpTopic(name) && args.length === 0)
    return { ok: true, command: { kind: 'help', topic: name } };
  const route = group.verbs.get(verbName);
  if (!route) {
    return parseError(
      `unknown ${name} command ${show(verbToken.value)}${didYouMean(suggest(verbName, [...group.verbs.keys()]))}`,
      groupUsage(group.group),
    );
  }
  return runVerb(route, args);
}

/** When the words cannot be split (an open quote), the first two still tell whose usage to show. */
function usageForPrefix(text: string): string {
  const [first = '', second = ''] = text.slice(0, 100).trim().toLowerCase().split(/\s+/, 2);
  const group = GROUPS.get(first);
  if (!group) return TOP_LEVEL_USAGE;
  if ('verb' in group) return usageOf(group.verb.entry);
  const route = group.verbs.get(second);
  return route ? usageOf(route.entry) : groupUsage(group.group);
}

function parseUnchecked(text: string): ParseResult {
  if (typeof text !== 'string') return parseError('the command text is missing', TOP_LEVEL_USAGE);
  if (text.length > MAX_COMMAND_LENGTH) {
    return parseError(
      `the command is too long (at most ${MAX_COMMAND_LENGTH} characters, got ${text.length})`,
      TOP_LEVEL_USAGE,
    );
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
