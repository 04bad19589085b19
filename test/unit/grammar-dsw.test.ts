// The DSW notebook verbs (issue 20): `/pai dsw list|status|stop|start|idle-stop`, their values, their messages, their
// usage and their help.

import { describe, expect, it } from 'vitest';
import { MUTATING_KINDS } from '../../src/slack/grammar/commands.js';
import { parseCommand } from '../../src/slack/grammar/parse.js';
import { DSW_EXAMPLES, TOP_LEVEL_USAGE, groupUsage, helpText, usageFor } from '../../src/slack/grammar/usage.js';
import { command, failure, itRejectsEachMalformed, type MalformedCase } from '../support/grammar.js';

const ID = 'dsw-05cefd0be2e5a278';

describe('parseCommand: dsw list and status', () => {
  it('list: every status by default, one status in any case, --idle, -w', () => {
    expect(command('dsw list')).toEqual({ kind: 'dsw.list', idle: false });
    expect(command('dsw list --status stopped -w dev')).toEqual({
      kind: 'dsw.list',
      status: 'Stopped',
      idle: false,
      workspace: 'dev',
    });
    expect(command('dsw list --status ENVPREPARING')).toMatchObject({ status: 'EnvPreparing' });
    expect(command('dsw list --idle')).toEqual({ kind: 'dsw.list', idle: true });
    expect(command('dsw list --idle --status running')).toEqual({ kind: 'dsw.list', idle: true, status: 'Running' });
  });

  it('status: the instance id, and the workspace it must be in', () => {
    expect(command(`dsw status ${ID}`)).toEqual({ kind: 'dsw.status', instanceId: ID });
    expect(command(`DSW Status ${ID} --workspace prod`)).toEqual({
      kind: 'dsw.status',
      instanceId: ID,
      workspace: 'prod',
    });
    expect(command('dsw status dsw-730xxxxxxxxxx')).toMatchObject({ instanceId: 'dsw-730xxxxxxxxxx' });
  });
});

describe('parseCommand: dsw changes', () => {
  it('stop: --save-image and --yes default to false', () => {
    expect(command(`dsw stop ${ID}`)).toEqual({ kind: 'dsw.stop', instanceId: ID, saveImage: false, yes: false });
    expect(command(`dsw stop ${ID} --save-image --yes -w prod`)).toEqual({
      kind: 'dsw.stop',
      instanceId: ID,
      saveImage: true,
      yes: true,
      workspace: 'prod',
    });
  });

  it('start', () => {
    expect(command(`dsw start ${ID}`)).toEqual({ kind: 'dsw.start', instanceId: ID });
  });

  it('idle-stop: --after in minutes, both thresholds with their defaults (20 % CPU, 10 % GPU)', () => {
    expect(command(`dsw idle-stop ${ID} --after 1h`)).toEqual({
      kind: 'dsw.idle-stop',
      instanceId: ID,
      maxIdleMinutes: 60,
      cpuPercent: 20,
      gpuPercent: 10,
    });
    expect(command(`dsw idle-stop ${ID} --after=90m --cpu 5% --gpu 100 -w dev`)).toEqual({
      kind: 'dsw.idle-stop',
      instanceId: ID,
      maxIdleMinutes: 90,
      cpuPercent: 5,
      gpuPercent: 100,
      workspace: 'dev',
    });
    const minutes = (after: string) => command(`dsw idle-stop ${ID} --after ${after}`) as { maxIdleMinutes: number };
    const afters = ['10m', '30M', '2h', '1h30m', '"1h 30m"', '1.5h', '1d', '1d12h', '7d'];
    expect(afters.map((a) => minutes(a).maxIdleMinutes)).toEqual([10, 30, 120, 90, 90, 90, 1_440, 2_160, 10_080]);
  });

  it('stop, start and idle-stop are changes (prod approval); list and status are not', () => {
    for (const k of ['dsw.stop', 'dsw.start', 'dsw.idle-stop']) expect(MUTATING_KINDS).toContain(k);
    for (const k of ['dsw.list', 'dsw.status']) expect(MUTATING_KINDS).not.toContain(k);
  });

  it('`/pai help dsw` and `/pai dsw help` show the dsw help', () => {
    expect(command('help dsw')).toEqual({ kind: 'help', topic: 'dsw' });
    expect(command('dsw help')).toEqual({ kind: 'help', topic: 'dsw' });
  });
});

const DSW = groupUsage('dsw');
const LIST = usageFor('dsw.list');
const STATUS = usageFor('dsw.status');
const STOP = usageFor('dsw.stop');
const START = usageFor('dsw.start');
const IDLE = usageFor('dsw.idle-stop');

const MALFORMED: ReadonlyArray<MalformedCase> = [
  // group and verbs
  ['dsw', /^\/pai dsw needs a command: one of list, status, stop, start, idle-stop$/, DSW],
  ['dsw lsit', /^unknown dsw command "lsit"; did you mean list\?$/, DSW],
  ['dsw idlestop dsw-abcd1234', /did you mean idle-stop\?/, DSW],
  ['idle-stop dsw-abcd1234 --after 1h', /did you mean \/pai dsw idle-stop\?/, TOP_LEVEL_USAGE],
  // list
  [
    'dsw list --status sleeping',
    /^--status must be one of Creating, SaveFailed, Stopped, .* \(got "sleeping"\)$/,
    LIST,
  ],
  ['dsw list --status runing', /--status must be one of .*; did you mean Running\?$/, LIST],
  ['dsw list --status stoped', /did you mean Stopped\?$/, LIST],
  [
    'dsw list --idle --status stopped',
    /^--idle lists Running notebooks only; leave out --status Stopped, or --idle$/,
    LIST,
  ],
  ['dsw list --status', /--status needs a value/, LIST],
  ['dsw list running', /unexpected argument "running"/, LIST],
  ['dsw list --mine', /^unknown flag "--mine" for \/pai dsw list$/, LIST],
  // the instance id
  ['dsw status', /^missing the instance id: it comes right after "dsw status", like dsw-05cefd0be2e5a278$/, STATUS],
  [`dsw status ${ID.toUpperCase()}`, /^instance ids are lowercase: did you mean dsw-05cefd0be2e5a278\?$/, STATUS],
  ['dsw status dsw05cefd0be2e5a278', /^did you mean dsw-05cefd0be2e5a278\? \(got "dsw05cefd0be2e5a278"\)$/, STATUS],
  [
    'dsw status dlc1a2b3c4d5e6f',
    /"dlc1a2b3c4d5e6f" is a DLC job id, not a DSW instance id; \/pai dsw list shows/,
    STATUS,
  ],
  [
    'dsw status bert-dev',
    /^a DSW instance id starts with "dsw-", .*not the notebook's name.*\(got "bert-dev"\)$/,
    STATUS,
  ],
  ['dsw status dsw-ab', /^that instance id is too short \(got "dsw-ab"\)/, STATUS],
  ['dsw status dsw-abc_1234', /has only lowercase letters and digits after "dsw-" \(got "dsw-abc_1234"\)/, STATUS],
  ['dsw status "dsw-abc 1234"', /has only lowercase letters and digits/, STATUS],
  ['dsw status dsw-../../x', /has only lowercase letters and digits/, STATUS],
  [`dsw status dsw-${'a'.repeat(61)}`, /^a DSW instance id is at most 64 characters \(got 65\)$/, STATUS],
  ['dsw status ""', /^the instance id must not be empty$/, STATUS],
  [`dsw status ${ID} ${ID}`, /unexpected argument/, STATUS],
  [`dsw status ${ID} -w "no such"`, /-w must be a workspace name/, STATUS],
  // stop and start
  ['dsw stop', /missing the instance id: it comes right after "dsw stop"/, STOP],
  [`dsw stop ${ID} yes`, /unexpected argument "yes"; to skip the confirmation, add --yes/, STOP],
  [`dsw stop ${ID} --save-image=yes`, /--save-image is a switch and takes no value/, STOP],
  [`dsw stop ${ID} --saveimage`, /unknown flag "--saveimage" for \/pai dsw stop; did you mean --save-image\?/, STOP],
  ['dsw start Bert', /a DSW instance id starts with "dsw-"/, START],
  // idle-stop
  [`dsw idle-stop ${ID}`, /^--after is required: how long the notebook may be idle before it is stopped/, IDLE],
  [`dsw idle-stop ${ID} --cpu 5`, /^--after is required/, IDLE],
  [`dsw idle-stop ${ID} 1h`, /unexpected argument "1h"; give the idle time as --after 1h/, IDLE],
  [`dsw idle-stop ${ID} --after 30`, /^--after needs a unit: 30m, 30h or 30d \(got "30"\)$/, IDLE],
  [`dsw idle-stop ${ID} --after 90s`, /^--after is counted in minutes: give m, h or d, like 30m \(got "90s"\)$/, IDLE],
  [`dsw idle-stop ${ID} --after 5m`, /^--after must be from 10m to 7d \(got "5m"\)$/, IDLE],
  [`dsw idle-stop ${ID} --after 8d`, /^--after must be from 10m to 7d \(got "8d"\)$/, IDLE],
  [`dsw idle-stop ${ID} --after 0m`, /--after must be from 10m to 7d/, IDLE],
  [`dsw idle-stop ${ID} --after 10.5m`, /^--after must be a whole number of minutes \(got "10.5m"\)$/, IDLE],
  [
    `dsw idle-stop ${ID} --after soon`,
    /^--after must be a duration from 10m to 7d, like 30m, 2h or 1d \(got "soon"\)$/,
    IDLE,
  ],
  [`dsw idle-stop ${ID} --after 1.5h30m`, /--after must be a duration/, IDLE],
  [`dsw idle-stop ${ID} --after -1h`, /--after must be a duration from 10m to 7d.*\(got "-1h"\)/, IDLE],
  [`dsw idle-stop ${ID} --after ${'9'.repeat(30)}h`, /--after must be a duration/, IDLE],
  [`dsw idle-stop ${ID} --after ${'9'.repeat(3000)}`, /^--after must be a duration from 10m to 7d/, IDLE],
  [`dsw idle-stop ${ID} --after 1h --cpu 0`, /^--cpu must be a whole percentage from 1 to 100 \(got "0"\)$/, IDLE],
  [`dsw idle-stop ${ID} --after 1h --cpu 101`, /--cpu must be a whole percentage from 1 to 100 \(got "101"\)/, IDLE],
  [`dsw idle-stop ${ID} --after 1h --gpu 2.5`, /^--gpu must be a whole percentage from 1 to 100 \(got "2.5"\)$/, IDLE],
  [`dsw idle-stop ${ID} --after 1h --gpu -5`, /--gpu must be a whole percentage/, IDLE],
  [`dsw idle-stop ${ID} --after 1h --gpu`, /--gpu needs a value/, IDLE],
  [`dsw idle-stop ${ID} --after 1h --after 2h`, /--after was given twice/, IDLE],
];

describe('parseCommand: malformed dsw commands', () => {
  itRejectsEachMalformed(MALFORMED, 40);
});

describe('usage and help of dsw', () => {
  it('has one usage line per verb, derived from the specs', () => {
    expect(LIST).toBe('/pai dsw list [--status <status>] [--idle] [-w <workspace>]');
    expect(STATUS).toBe('/pai dsw status <instance-id> [-w <workspace>]');
    expect(STOP).toBe('/pai dsw stop <instance-id> [--save-image] [--yes] [-w <workspace>]');
    expect(START).toBe('/pai dsw start <instance-id> [-w <workspace>]');
    expect(IDLE).toBe(
      '/pai dsw idle-stop <instance-id> --after <duration> [--cpu <percent>] [--gpu <percent>] [-w <workspace>]',
    );
    expect(DSW.split('\n')).toEqual([LIST, STATUS, STOP, START, IDLE]);
    for (const line of DSW.split('\n')) expect(TOP_LEVEL_USAGE).toContain(line);
  });

  it('help dsw explains every verb, the defaults and the workspace rule, escaped, under 3000 characters', () => {
    const text = helpText('dsw');
    for (const fragment of [
      '/pai dsw list [--status &lt;status&gt;] [--idle] [-w &lt;workspace&gt;]',
      '/pai dsw status &lt;instance-id&gt;',
      '/pai dsw stop &lt;instance-id&gt; [--save-image] [--yes]',
      '/pai dsw start &lt;instance-id&gt;',
      '/pai dsw idle-stop &lt;instance-id&gt; --after &lt;duration&gt;',
      'notebooks.idle_after',
      '10m to 7d',
      '(default 20)',
      '(default 10)',
      'unless you add `--yes`',
      'In a prod workspace, stop, start and idle-stop wait for approval.',
    ])
      expect(text).toContain(fragment);
    expect(text.length).toBeLessThan(3000);
    expect(text).not.toMatch(/[<>]/);
  });

  it('gives examples that appear in the help and parse', () => {
    const text = helpText('dsw');
    expect(DSW_EXAMPLES.length).toBeGreaterThanOrEqual(3);
    for (const example of DSW_EXAMPLES) {
      expect(text).toContain(`\`${example}\``);
      expect(parseCommand(example.replace(/^\/pai /, '')).ok, example).toBe(true);
    }
  });

  it('the top-level help names the dsw verbs in one line, points at /pai help dsw, and stays under 3000', () => {
    const top = helpText();
    expect(top).toContain('*DSW notebooks*');
    expect(top).toContain('`/pai dsw list|status|stop|start|idle-stop`');
    expect(top).toContain('`/pai help dsw`');
    expect(top.length).toBeLessThan(3000);
  });

  it('the approvals help counts the dsw changes among those that wait for approval', () => {
    expect(helpText('approvals')).toContain('`dsw stop`, `dsw start` and `dsw idle-stop`');
  });

  it('a bad dsw command is refused with the usage of its verb, never a parser failure', () => {
    const { message, usage } = failure(parseCommand(`dsw idle-stop ${ID} --after 1h --cpu lots`));
    expect(message).toMatch(/--cpu/);
    expect(usage).toBe(IDLE);
  });
});
