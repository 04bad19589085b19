// `/pai cost [-w <workspace>] [--since <duration>]`: what it parses to, every malformed form refused with its usage,
// and where it sits in the usage and the help.

import { describe, expect, it } from 'vitest';
import { MUTATING_KINDS } from '../../src/slack/grammar/commands.js';
import { parseCommand } from '../../src/slack/grammar/parse.js';
import { TOP_LEVEL_USAGE, helpText, usageFor } from '../../src/slack/grammar/usage.js';
import { command, failure, itRejectsEachMalformed, type MalformedCase } from '../support/grammar.js';

const H = 3_600_000;

describe('parseCommand: cost', () => {
  it('defaults to the last 24 hours of the channel’s workspace', () => {
    expect(command('cost')).toEqual({ kind: 'cost', since: 24 * H });
  });

  it.each([
    ['cost --since 1h', H],
    ['cost --since 90m', 1.5 * H],
    ['cost --since 7d', 7 * 24 * H],
    ['cost --since=30d', 30 * 24 * H],
    ['cost --since 720H', 720 * H],
    ['cost --since 60m', H],
  ])('%s reads the window', (text, since) => {
    expect(command(text)).toEqual({ kind: 'cost', since });
  });

  it('reads -w and --since together, in any order', () => {
    expect(command('cost -w prod --since 2h')).toEqual({ kind: 'cost', workspace: 'prod', since: 2 * H });
    expect(command('cost --since 2h --workspace dev')).toEqual({ kind: 'cost', workspace: 'dev', since: 2 * H });
  });

  it('is a lookup, not a change', () => {
    expect(MUTATING_KINDS).not.toContain('cost');
  });

  it('a near miss suggests it', () => {
    expect(failure(parseCommand('costs')).message).toMatch(/did you mean cost\?/);
  });
});

const COST = usageFor('cost');
const WINDOW = /^--since must be a duration from 1h to 30d, like 24h, 90m or 7d \(got /;
const UNITS = /^--since must be a duration of minutes, hours or days \(m, h, d\) from 1h to 30d, like 24h/;

const MALFORMED: ReadonlyArray<MalformedCase> = [
  ['cost --since 59m', WINDOW, COST],
  ['cost --since 0h', WINDOW, COST],
  ['cost --since 31d', WINDOW, COST],
  ['cost --since 721h', WINDOW, COST],
  ['cost --since 24', UNITS, COST],
  ['cost --since 1w', UNITS, COST],
  ['cost --since 1.5h', UNITS, COST],
  ['cost --since -1h', UNITS, COST],
  ['cost --since 99999999h', UNITS, COST],
  ['cost --since yesterday', UNITS, COST],
  ['cost --since', /^--since needs a value$/, COST],
  ['cost --since 1h --since 2h', /--since was given twice/, COST],
  ['cost dev', /unexpected argument "dev".*; it reports one workspace, chosen with -w <workspace>/, COST],
  ['cost -w "dev team"', /-w must be a workspace name .*\(got "dev team"\)/, COST],
  ['cost --mine', /^unknown flag "--mine" for \/pai cost/, COST],
];

describe('parseCommand: malformed cost', () => {
  itRejectsEachMalformed(MALFORMED, 10);
});

describe('usage and help of cost', () => {
  it('has its usage line, right before alerts', () => {
    expect(COST).toBe('/pai cost [-w <workspace>] [--since <duration>]');
    expect(TOP_LEVEL_USAGE.split('\n').at(-2)).toBe(COST);
  });

  it('the top-level help explains it under Costs, escaped, within Slack limits', () => {
    const text = helpText();
    expect(text).toContain('*Costs*\n`/pai cost [-w &lt;workspace&gt;] [--since &lt;duration&gt;]` — estimated costs');
    expect(text.length).toBeLessThan(3000);
  });
});
