// Table-driving helpers shared by the grammar tests (test/unit/grammar-*.test.ts).

import { expect, it } from 'vitest';
import type { Command, ParseResult } from '../../src/slack/grammar/commands.js';
import { parseCommand } from '../../src/slack/grammar/parse.js';

/** The command `text` parses to; throws when it does not parse. */
export function command(text: string): Command {
  const result = parseCommand(text);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got: ${result.error.message}`);
  return result.command;
}

/** The error of a failed parse; throws when it parsed. */
export function failure(result: ParseResult): { message: string; usage: string } {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.command)}`);
  return result.error;
}

/** A malformed input, the message its error must match and the usage it must carry. */
export type MalformedCase = readonly [text: string, message: RegExp, usage: string];

/**
 * Declares the tests of a MALFORMED table: that it has at least `minCases` rows, and one test per row: the input
 * fails with a message matching the row's, under 300 characters, and with the row's usage.
 */
export function itRejectsEachMalformed(cases: ReadonlyArray<MalformedCase>, minCases: number): void {
  it('has a good number of cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(minCases);
  });

  it.each(cases)('%j', (text, message, usage) => {
    const error = failure(parseCommand(text));
    expect(error.message).toMatch(message);
    expect(error.usage).toBe(usage);
    expect(error.message.length).toBeLessThan(300);
  });
}
