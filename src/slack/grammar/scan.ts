// Sorts the words after a verb into positionals and flags, against the flags a verb spec declares.
// Only the shape is checked here (known flag, value present, not given twice); values are checked by the spec.

import { didYouMean, fail, ok, show, suggest, type Check, type Failure } from './messages.js';
import type { Token } from './tokenize.js';

export type FlagArity = 'value' | 'switch' | 'repeat';

/** What the scanner needs of a flag: how many values it takes and its other names. */
export interface FlagShape {
  arity: FlagArity;
  aliases?: readonly string[];
}

/** Canonical flag name -> shape, in the order the verb declares them (the order of did-you-mean candidates). */
export type FlagTable = ReadonlyMap<string, FlagShape>;

export interface Args {
  positionals: Token[];
  values: Map<string, string>;
  lists: Map<string, string[]>;
  switches: Set<string>;
}

function flagLabel(canonical: string, spec: FlagShape): string {
  return [canonical, ...(spec.aliases ?? [])].join('/');
}

// Every flag table is built once per verb spec, so its name lookup is built once, not on every command.
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
const isFlag = (t: Token): boolean =>
  !t.literal && t.value.length > 1 && t.value.startsWith('-') && !/^-[0-9]/.test(t.value);
const looksLikeFlag = (t: Token): boolean => !t.literal && /^--?[A-Za-z]/.test(t.value);

function unknownFlag(name: string, table: FlagTable, verb: string): string {
  if (table.size === 0) return `/pai ${verb} takes no flags (got ${show(name)})`;
  return `unknown flag ${show(name)} for /pai ${verb}${didYouMean(suggest(name, [...flagLookup(table).keys()]))}`;
}

/** Sorts words into positionals and flags; accepts `--flag value` and `--flag=value` in any order. */
export function scanArgs(tokens: readonly Token[], table: FlagTable, verb: string): Check<Args> {
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

    if (spec.arity === 'switch') {
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
    if (spec.arity === 'repeat') {
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

export function noExtra(positionals: readonly Token[], expected: number, hint = ''): Failure | undefined {
  const extra = positionals[expected];
  return extra ? fail(`unexpected argument ${show(extra.value)}${hint}`) : undefined;
}
