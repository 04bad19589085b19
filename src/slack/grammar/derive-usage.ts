// The usage lines, derived from the verb table: `/pai <group> <name|name…> <positionals> <flags>`, wrapped
// where a flag says so, continuation lines indented under the first argument (the layout of the README's command list).
// They are plain text; the caller shows them in a code block and escapes them.

import type { CommandKind } from './commands.js';
import { VERBS, kindOf } from './spec/table.js';
import type { GroupName, VerbEntry } from './verb-spec.js';

export type UsageKey = CommandKind;
export type UsageGroup = GroupName;

/** The words that name the verb: `/pai eas stop|start|restart|delete`. */
export function verbWords(entry: VerbEntry): string {
  return ['/pai', ...(entry.group ? [entry.group] : []), entry.names.join('|')].join(' ');
}

export function usageOf(entry: VerbEntry): string {
  const head = verbWords(entry);
  const indent = ' '.repeat(head.length + 1);
  const lines: string[][] = [[head, ...Object.values(entry.args).map((a) => a.usage)]];
  for (const flag of Object.values(entry.flags)) {
    if (flag.wrap) lines.push([]);
    (lines[lines.length - 1] as string[]).push(flag.usage);
  }
  return lines.map((words, i) => (i === 0 ? '' : indent) + words.join(' ')).join('\n');
}

function byKind(): Record<UsageKey, string> {
  const usage: Partial<Record<UsageKey, string>> = {};
  for (const entry of VERBS) for (const name of entry.names) usage[kindOf(entry, name)] = usageOf(entry);
  return usage as Record<UsageKey, string>;
}

/** The usage of every kind; the kinds of one entry (the eas lifecycle verbs) share its line. */
export const USAGE: Readonly<Record<UsageKey, string>> = byKind();

export function usageFor(key: UsageKey): string {
  return USAGE[key];
}

export function groupUsage(group: UsageGroup): string {
  return VERBS.filter((e) => e.group === group)
    .map(usageOf)
    .join('\n');
}

export const TOP_LEVEL_USAGE: string = VERBS.map(usageOf).join('\n');
