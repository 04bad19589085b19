import { describe, expect, it } from 'vitest';
import { BotOutput } from '../../src/sandbox/console/bot-output.js';
import { parseSandboxArgs } from '../../src/sandbox/console/cli-args.js';
import { DEFAULT_WAIT_MS, parseConsoleLine, type ConsoleCommand } from '../../src/sandbox/console/console-commands.js';
import { formatJobs } from '../../src/sandbox/console/format-jobs.js';
import { parseScript } from '../../src/sandbox/console/script-runner.js';
import { simulatedStep } from '../../src/sandbox/console/sim-ticker.js';
import { describeAck, describeActivity } from '../../src/sandbox/console/slack-activity.js';

function command(line: string): ConsoleCommand | undefined {
  const parsed = parseConsoleLine(line);
  if (!parsed.ok) throw new Error(`expected "${line}" to parse, got: ${parsed.error}`);
  return parsed.command;
}

function error(line: string): string {
  const parsed = parseConsoleLine(line);
  if (parsed.ok) throw new Error(`expected "${line}" to be refused, got ${JSON.stringify(parsed.command)}`);
  return parsed.error;
}

describe('parseConsoleLine', () => {
  it('ignores blank lines and comments', () => {
    expect(command('')).toBeUndefined();
    expect(command('   \t')).toBeUndefined();
    expect(command('# a comment')).toBeUndefined();
    expect(command('   # indented comment')).toBeUndefined();
  });

  it('sends /pai text verbatim, # included, trimmed like Slack does', () => {
    expect(command('/pai help')).toEqual({ kind: 'pai', text: 'help' });
    expect(command('/pai')).toEqual({ kind: 'pai', text: '' });
    expect(command('  /pai dlc submit a --image i:1 --command "echo #1"  ')).toEqual({ kind: 'pai', text: 'dlc submit a --image i:1 --command "echo #1"' });
  });

  it('refuses other slash commands and lines that are neither / nor :', () => {
    expect(error('/deploy now')).toMatch(/only \/pai/);
    expect(error('/paix help')).toMatch(/only \/pai/);
    expect(error('hello bot')).toMatch(/not a console line.*:help/);
  });

  it('switches user and channel, checking the id shapes', () => {
    expect(command(':as U0BOB')).toEqual({ kind: 'as', user: 'U0BOB' });
    expect(command(':in C0PROD')).toEqual({ kind: 'in', channel: 'C0PROD' });
    expect(error(':as bob')).toMatch(/user id/);
    expect(error(':as')).toMatch(/user id/);
    expect(error(':in #prod')).toMatch(/channel id/);
    expect(error(':in C0PROD C0DEV')).toMatch(/channel id/);
  });

  it('parses speed, advance and sleep', () => {
    expect(command(':speed 20')).toEqual({ kind: 'speed', factor: 20 });
    expect(command(':speed 0')).toEqual({ kind: 'speed', factor: 0 });
    expect(command(':speed 2.5')).toEqual({ kind: 'speed', factor: 2.5 });
    expect(error(':speed fast')).toMatch(/:speed takes one number/);
    expect(error(':speed -1')).toMatch(/:speed/);
    expect(error(':speed 100000')).toMatch(/:speed/);
    expect(command(':advance 30s')).toEqual({ kind: 'advance', ms: 30_000 });
    expect(command(':advance 5m')).toEqual({ kind: 'advance', ms: 300_000 });
    expect(command(':advance 1h')).toEqual({ kind: 'advance', ms: 3_600_000 });
    expect(command(':sleep 250ms')).toEqual({ kind: 'sleep', ms: 250 });
    expect(error(':advance 30')).toMatch(/unit/);
    expect(error(':sleep')).toMatch(/:sleep takes one duration/);
  });

  it('parses :wait with an optional trailing timeout and a case-insensitive regex that may contain spaces', () => {
    const plain = command(':wait Succeeded');
    expect(plain).toMatchObject({ kind: 'wait', timeoutMs: DEFAULT_WAIT_MS });
    expect((plain as { pattern: RegExp }).pattern.test('job SUCCEEDED')).toBe(true);

    const timed = command(':wait ended .* Failed 45s') as { pattern: RegExp; timeoutMs: number };
    expect(timed.timeoutMs).toBe(45_000);
    expect(timed.pattern.source).toBe('ended .* Failed');

    expect(error(':wait')).toMatch(/regular expression/);
    expect(error(':wait (unclosed')).toMatch(/not a valid regular expression/);
    expect(error(':wait x 0s')).toMatch(/more than 0/);
  });

  it('maps fault knobs to simulator calls', () => {
    expect(command(':fail-next-job OOMKilled worker-0 ran out of memory')).toEqual({ kind: 'fail-next-job', reasonCode: 'OOMKilled', reasonMessage: 'worker-0 ran out of memory' });
    expect(command(':fail-next-job ImagePullBackOff')).toMatchObject({ kind: 'fail-next-job', reasonCode: 'ImagePullBackOff', reasonMessage: expect.stringContaining('ImagePullBackOff') });
    expect(error(':fail-next-job')).toMatch(/reason code/);
    expect(command(':throttle 2')).toEqual({ kind: 'throttle', count: 2 });
    expect(command(':throttle 3 CreateJob')).toEqual({ kind: 'throttle', count: 3, action: 'CreateJob' });
    expect(command(':5xx 1 ListJobs')).toEqual({ kind: '5xx', count: 1, action: 'ListJobs' });
    expect(error(':throttle')).toMatch(/count/);
    expect(error(':5xx 0')).toMatch(/count/);
    expect(error(':5xx two')).toMatch(/count/);
    expect(error(':5xx 1 List-Jobs')).toMatch(/action/);
  });

  it('takes inline comments on console lines', () => {
    expect(command(':speed 20   # faster')).toEqual({ kind: 'speed', factor: 20 });
    expect(command(':jobs # what does PAI think?')).toEqual({ kind: 'jobs' });
  });

  it('parses the argument-less commands and refuses arguments to them', () => {
    expect(command(':jobs')).toEqual({ kind: 'jobs' });
    expect(command(':help')).toEqual({ kind: 'help' });
    expect(command(':quit')).toEqual({ kind: 'quit' });
    expect(error(':quit now')).toMatch(/no arguments/);
  });

  it('names unknown console commands and lists the real ones', () => {
    const message = error(':frobnicate 3');
    expect(message).toMatch(/unknown console command :frobnicate/);
    expect(message).toContain(':wait');
  });
});

describe('parseScript', () => {
  it('keeps runnable lines with their line numbers', () => {
    const parsed = parseScript('# demo\n\n/pai ws\r\n:wait Workspaces\n', 'demo.pai');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.lines.map((l) => [l.lineNo, l.text, l.command.kind])).toEqual([
      [3, '/pai ws', 'pai'],
      [4, ':wait Workspaces', 'wait'],
    ]);
  });

  it('reports the first bad line as file:line', () => {
    expect(parseScript('/pai ws\n:bogus\n:also-bogus', 'x.pai')).toEqual({ ok: false, error: expect.stringMatching(/^x\.pai:2: unknown console command :bogus/) });
  });
});

describe('parseSandboxArgs', () => {
  it('accepts nothing or --script FILE', () => {
    expect(parseSandboxArgs([])).toEqual({ ok: true });
    expect(parseSandboxArgs(['--script', 'demo.pai'])).toEqual({ ok: true, script: 'demo.pai' });
    expect(parseSandboxArgs(['--script=demo.pai'])).toEqual({ ok: true, script: 'demo.pai' });
  });

  it('refuses a missing file name and unknown flags', () => {
    expect(parseSandboxArgs(['--script'])).toMatchObject({ ok: false, error: expect.stringMatching(/needs a file/) });
    expect(parseSandboxArgs(['--verbose'])).toMatchObject({ ok: false, error: expect.stringMatching(/unknown argument --verbose/) });
  });
});

describe('console rendering', () => {
  it('labels acks and response_url answers with who sees them', () => {
    expect(describeAck('U0BOB', 200, { response_type: 'ephemeral', text: ':warning: bad\n*Usage*' }, '')).toBe('(ack, only visible to U0BOB) :warning: bad\n                             *Usage*');
    expect(describeAck('U0BOB', 401, undefined, '')).toBe('(ack: HTTP 401) (empty ack)');
    const responders = new Map([['r1', 'U0ALICE']]);
    expect(describeActivity('response', { id: 'r1', body: { text: 'hi', response_type: 'ephemeral' } }, responders)).toBe('(response, only visible to U0ALICE) hi');
    expect(describeActivity('response', { id: 'other', body: { text: 'hi' } }, responders)).toBe('(response, only visible to the caller) hi');
  });

  it('lists simulator jobs as a table', () => {
    expect(formatJobs([])).toMatch(/no jobs/);
    expect(formatJobs([{ JobId: 'dlc1', DisplayName: 'mnist', Status: 'Running', WorkspaceId: '100001' }])).toBe(
      ['[sandbox] simulator jobs:', '  JobId  Name   Status   Workspace', '  dlc1   mnist  Running  100001'].join('\n'),
    );
  });

  it('scales real time into simulated time', () => {
    expect(simulatedStep(10, 100)).toBe(1_000);
    expect(simulatedStep(0, 100)).toBe(0);
    expect(simulatedStep(10, -5)).toBe(0);
  });
});

describe('BotOutput', () => {
  it('consumes what a wait matched, so the next wait needs new output', async () => {
    const printed: string[] = [];
    const out = new BotOutput((t) => printed.push(t));
    out.add('card: Running');
    out.add('card: Succeeded');
    expect(await out.waitFor(/succeeded/i, 10)).toEqual({ matched: true, entry: 'card: Succeeded' });
    expect((await out.waitFor(/succeeded/i, 20)).matched).toBe(false);
    const later = out.waitFor(/succeeded/i, 1_000);
    setTimeout(() => out.add('job 2 Succeeded'), 5);
    expect(await later).toEqual({ matched: true, entry: 'job 2 Succeeded' });
    expect(printed).toEqual(['card: Running', 'card: Succeeded', 'job 2 Succeeded']);
  });

  it('holds printing (not recording) until released, except for the entry the hold waits for', async () => {
    const printed: string[] = [];
    const out = new BotOutput((t) => printed.push(t));
    out.hold();
    out.add('early response');
    out.add('ack', true);
    expect(printed).toEqual(['ack']);
    expect((await out.waitFor(/early/, 10)).matched).toBe(true);
    out.release();
    expect(printed).toEqual(['ack', 'early response']);
  });
});
