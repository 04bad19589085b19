import { describe, expect, it } from 'vitest';
import { MUTATING_KINDS } from '../../src/slack/grammar/commands.js';
import { parseCommand } from '../../src/slack/grammar/parse.js';
import { TOP_LEVEL_USAGE, helpText, usageFor } from '../../src/slack/grammar/usage.js';
import { command, failure, itRejectsEachMalformed, type MalformedCase } from '../support/grammar.js';

describe('parseCommand: alerts', () => {
  it('lists every workspace without -w', () => {
    expect(command('alerts')).toEqual({ kind: 'alerts' });
    expect(command('ALERTS')).toEqual({ kind: 'alerts' });
  });

  it('reads -w and --workspace, with a space or =', () => {
    expect(command('alerts -w dev')).toEqual({ kind: 'alerts', workspace: 'dev' });
    expect(command('alerts --workspace prod')).toEqual({ kind: 'alerts', workspace: 'prod' });
    expect(command('alerts -w=ml_team-2')).toEqual({ kind: 'alerts', workspace: 'ml_team-2' });
  });

  it('is not a mutating command', () => {
    expect(MUTATING_KINDS).not.toContain('alerts');
  });

  it('a near miss suggests it', () => {
    expect(failure(parseCommand('alert')).message).toMatch(/did you mean alerts\?/);
  });
});

const ALERTS = usageFor('alerts');

const MALFORMED: ReadonlyArray<MalformedCase> = [
  [
    'alerts extra',
    /^\/pai alerts takes no arguments \(got "extra"\); it lists the open alerts, of one workspace with -w <workspace>$/,
    ALERTS,
  ],
  ['alerts ack', /acknowledge and mute an alert with the buttons under it/, ALERTS],
  ['alerts mute dlc1a2b3c4d5e6', /takes no arguments \(got "mute"\); acknowledge and mute/, ALERTS],
  ['alerts -w', /^-w needs a value$/, ALERTS],
  ['alerts -w --mine', /-w needs a value \(got the flag "--mine"\)/, ALERTS],
  ['alerts -w "dev team"', /-w must be a workspace name .*\(got "dev team"\)/, ALERTS],
  ['alerts -w dev --workspace prod', /-w\/--workspace was given twice/, ALERTS],
  ['alerts --mine', /^unknown flag "--mine" for \/pai alerts$/, ALERTS],
  ['alerts --worksapce dev', /did you mean --workspace\?/, ALERTS],
  ['alerts -w "dev', /double quote " at character 11 is never closed/, ALERTS],
];

describe('parseCommand: malformed alerts', () => {
  itRejectsEachMalformed(MALFORMED, 8);

  it('never echoes much of a long input', () => {
    const long = 'z'.repeat(3000);
    for (const text of [`alerts ${long}`, `alerts -w ${long}`, `alerts --${long}`]) {
      const { message } = failure(parseCommand(text));
      expect(message).not.toMatch(/z{81}/);
      expect(message.length).toBeLessThan(250);
    }
  });
});

describe('usage and help of alerts', () => {
  it('has its usage line, last in the top-level usage', () => {
    expect(ALERTS).toBe('/pai alerts [-w <workspace>]');
    expect(TOP_LEVEL_USAGE.split('\n').at(-1)).toBe(ALERTS);
  });

  it('the top-level help explains it, escaped, within Slack limits', () => {
    const text = helpText();
    expect(text).toContain('`/pai alerts [-w &lt;workspace&gt;]`');
    expect(text).toMatch(/acknowledge/i);
    expect(text).toMatch(/mute/i);
    expect(text.length).toBeLessThan(3000);
  });
});
