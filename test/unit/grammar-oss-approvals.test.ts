import { describe, expect, it } from 'vitest';
import { MUTATING_KINDS, REQUEST_ID_PATTERN } from '../../src/slack/grammar/commands.js';
import { parseCommand } from '../../src/slack/grammar/parse.js';
import {
  APPROVALS_EXAMPLES,
  OSS_EXAMPLES,
  TOP_LEVEL_USAGE,
  groupUsage,
  helpText,
  usageFor,
} from '../../src/slack/grammar/usage.js';
import { command, failure, itRejectsEachMalformed, type MalformedCase } from '../support/grammar.js';

const BASE = 'dlc submit job1 --image img --command "python t.py"';

describe('parseCommand: dlc submit --skip-preflight', () => {
  it('defaults to false and is set by the switch, anywhere among the flags', () => {
    expect(command(BASE)).toMatchObject({ kind: 'dlc.submit', skipPreflight: false });
    expect(command(`${BASE} --skip-preflight`)).toMatchObject({ skipPreflight: true, spot: false });
    expect(command('dlc submit j --skip-preflight --data oss://abc/x --image i --command c --spot')).toMatchObject({
      skipPreflight: true,
      spot: true,
      data: [{ uri: 'oss://abc/x', bucket: 'abc', path: 'x' }],
    });
    expect(command('dlc submit j —skip-preflight --image i --command c')).toMatchObject({ skipPreflight: true });
  });

  it('the usage and the dlc help mention it', () => {
    expect(usageFor('dlc.submit')).toContain('[--skip-preflight]');
    const help = helpText('dlc');
    expect(help).toContain('--skip-preflight');
    expect(help).toContain('for buckets only PAI');
  });
});

describe('parseCommand: oss check', () => {
  it('reads a bucket and prefix', () => {
    expect(command('oss check oss://my-bucket/datasets/glue')).toEqual({
      kind: 'oss.check',
      location: { uri: 'oss://my-bucket/datasets/glue', bucket: 'my-bucket', path: 'datasets/glue' },
    });
  });

  it('accepts an empty prefix, with or without the trailing slash', () => {
    expect(command('oss check oss://abc')).toEqual({
      kind: 'oss.check',
      location: { uri: 'oss://abc', bucket: 'abc', path: '' },
    });
    expect(command('oss check oss://abc/')).toEqual({
      kind: 'oss.check',
      location: { uri: 'oss://abc/', bucket: 'abc', path: '' },
    });
  });

  it('reads -w and --workspace, before or after the location', () => {
    expect(command('oss check oss://abc/x/ -w dev')).toEqual({
      kind: 'oss.check',
      location: { uri: 'oss://abc/x/', bucket: 'abc', path: 'x/' },
      workspace: 'dev',
    });
    expect(command('OSS Check --workspace=prod oss://abc/x')).toMatchObject({ kind: 'oss.check', workspace: 'prod' });
  });

  it('accepts bucket names at the edges of the rules, and a quoted prefix with spaces', () => {
    expect(command(`oss check oss://${'a'.repeat(63)}/p`)).toMatchObject({ location: { bucket: 'a'.repeat(63) } });
    expect(command('oss check oss://a-1/p')).toMatchObject({ location: { bucket: 'a-1' } });
    expect(command('oss check "oss://abc/my data/"')).toMatchObject({ location: { path: 'my data/' } });
  });

  it('is not a mutating command', () => {
    expect(MUTATING_KINDS).not.toContain('oss.check');
  });
});

describe('parseCommand: approvals and cancel', () => {
  it('approvals takes no arguments', () => {
    expect(command('approvals')).toEqual({ kind: 'approvals' });
    expect(command('APPROVALS')).toEqual({ kind: 'approvals' });
  });

  it('cancel takes a request id', () => {
    expect(command('cancel ar-7k2m9xq1')).toEqual({ kind: 'cancel', requestId: 'ar-7k2m9xq1' });
    expect(command('Cancel ar-00000000')).toEqual({ kind: 'cancel', requestId: 'ar-00000000' });
  });

  it('help for both topics, and the group-help shortcuts', () => {
    expect(command('help oss')).toEqual({ kind: 'help', topic: 'oss' });
    expect(command('help approvals')).toEqual({ kind: 'help', topic: 'approvals' });
    expect(command('oss help')).toEqual({ kind: 'help', topic: 'oss' });
    expect(command('approvals help')).toEqual({ kind: 'help', topic: 'approvals' });
  });

  it('neither is a mutating command', () => {
    expect(MUTATING_KINDS).not.toContain('approvals');
    expect(MUTATING_KINDS).not.toContain('cancel');
  });

  it('REQUEST_ID_PATTERN is the shape the messages describe', () => {
    expect(REQUEST_ID_PATTERN.test('ar-7k2m9xq1')).toBe(true);
    expect(REQUEST_ID_PATTERN.test('ar-7k2m9xq')).toBe(false);
  });
});

const SUB = usageFor('dlc.submit');
const OSS = groupUsage('oss');
const CHECK = usageFor('oss.check');
const APPROVALS = usageFor('approvals');
const CANCEL = usageFor('cancel');

const MALFORMED: ReadonlyArray<MalformedCase> = [
  // dlc submit --skip-preflight
  [`${BASE} --skip-preflight=yes`, /--skip-preflight is a switch and takes no value/, SUB],
  [`${BASE} --skip-preflight --skip-preflight`, /--skip-preflight was given twice/, SUB],
  [
    `${BASE} --skip-prefilght`,
    /unknown flag "--skip-prefilght" for \/pai dlc submit; did you mean --skip-preflight\?/,
    SUB,
  ],
  // oss: group and verb
  ['oss', /^\/pai oss needs a command: one of check$/, OSS],
  ['oss chek oss://abc/x', /^unknown oss command "chek"; did you mean check\?$/, OSS],
  // oss check: the location
  ['oss check', /^missing the OSS location: it comes right after "oss check", like oss:\/\/bucket\/prefix$/, CHECK],
  ['oss check -w dev', /missing the OSS location/, CHECK],
  ['oss check ""', /the OSS location must not be empty/, CHECK],
  [
    'oss check s3://my-bucket/x',
    /s3:\/\/ is Amazon S3; .*like oss:\/\/bucket\/prefix \(got "s3:\/\/my-bucket\/x"\)/,
    CHECK,
  ],
  [
    'oss check https://my-bucket.oss-cn-shanghai.aliyuncs.com/data/x',
    /not as an https URL .*did you mean "oss:\/\/my-bucket\/data\/x"\?$/,
    CHECK,
  ],
  [
    'oss check http://example.com/x',
    /give the location as oss:\/\/bucket\/prefix, not as an http URL .*the bucket is the first part of the host name/,
    CHECK,
  ],
  ['oss check gs://bucket/x', /must be an OSS location like oss:\/\/bucket\/prefix, not gs:\/\//, CHECK],
  [
    'oss check my-bucket/data',
    /must start with oss:\/\/, .*\(got "my-bucket\/data"\); did you mean "oss:\/\/my-bucket\/data"\?$/,
    CHECK,
  ],
  ['oss check My_Bucket', /must start with oss:\/\/, like oss:\/\/bucket\/prefix \(got "My_Bucket"\)$/, CHECK],
  ['oss check oss:/my-bucket/x', /must start with oss:\/\/ \(two slashes\)/, CHECK],
  ['oss check OSS://my-bucket/x', /write the scheme in lowercase: oss:\/\//, CHECK],
  ['oss check oss://', /the location needs a bucket name after oss:\/\//, CHECK],
  ['oss check oss:///x', /the location needs a bucket name after oss:\/\//, CHECK],
  ['oss check oss://My_Bucket/x', /^bucket "My_Bucket" is not a valid OSS bucket name \(3 to 63 lowercase/, CHECK],
  ['oss check oss://ab/x', /bucket "ab" is not a valid OSS bucket name/, CHECK],
  ['oss check oss://-abc/x', /bucket "-abc" is not a valid/, CHECK],
  ['oss check oss://abc-/x', /bucket "abc-" is not a valid/, CHECK],
  [`oss check oss://${'b'.repeat(64)}`, /is not a valid OSS bucket name/, CHECK],
  [
    'oss check oss://abc/x:/mnt/data',
    /takes no ":" or mount path, only oss:\/\/bucket\/prefix; mount paths belong to dlc submit --data/,
    CHECK,
  ],
  ['oss check oss://abc:/mnt', /takes no ":" or mount path/, CHECK],
  ['oss check oss://abc//x', /an OSS prefix must not start with "\/"/, CHECK],
  [`oss check oss://abc/${'k'.repeat(1024)}`, /an OSS prefix is at most 1023 bytes \(got 1024\)/, CHECK],
  [`oss check oss://abc/${'é'.repeat(512)}`, /at most 1023 bytes \(got 1024\)/, CHECK],
  ['oss check "oss://abc/a\nb"', /must not contain tabs or line breaks/, CHECK],
  // oss check: other arguments and flags
  ['oss check oss://abc/x oss://def/y', /^unexpected argument "oss:\/\/def\/y"; check one location at a time/, CHECK],
  ['oss check oss://abc/my data', /unexpected argument "data"; .*quote a prefix that has spaces/, CHECK],
  ['oss check oss://abc/x -w', /^-w needs a value$/, CHECK],
  ['oss check oss://abc/x -w "dev team"', /-w must be a workspace name .*\(got "dev team"\)/, CHECK],
  ['oss check oss://abc/x -w dev --workspace prod', /-w\/--workspace was given twice/, CHECK],
  ['oss check oss://abc/x --recursive', /^unknown flag "--recursive" for \/pai oss check$/, CHECK],
  ['oss check oss://abc/x --worksapce dev', /did you mean --workspace\?/, CHECK],
  // approvals
  [
    'approvals extra',
    /^\/pai approvals takes no arguments \(got "extra"\); it lists every pending request$/,
    APPROVALS,
  ],
  ['approvals ar-7k2m9xq1', /takes no arguments .*to withdraw a request, use \/pai cancel <request-id>/, APPROVALS],
  ['approvals cancel ar-7k2m9xq1', /to withdraw a request, use \/pai cancel/, APPROVALS],
  ['approvals --mine', /^\/pai approvals takes no flags \(got "--mine"\)$/, APPROVALS],
  ['approvals -w prod', /\/pai approvals takes no flags \(got "-w"\)/, APPROVALS],
  // cancel
  [
    'cancel',
    /^missing the request id: it comes right after "cancel"; request ids look like ar-7k2m9xq1; \/pai approvals lists the pending ones$/,
    CANCEL,
  ],
  [
    'cancel req-1',
    /^"req-1" is not a request id: request ids look like ar-7k2m9xq1; \/pai approvals lists the pending ones$/,
    CANCEL,
  ],
  ['cancel ar-7k2m9xq', /"ar-7k2m9xq" is not a request id: request ids look like ar-7k2m9xq1/, CANCEL],
  ['cancel ar-7k2m9xq12', /is not a request id/, CANCEL],
  ['cancel ar_7k2m9xq1', /is not a request id/, CANCEL],
  ['cancel 7k2m9xq1', /"7k2m9xq1" is not a request id/, CANCEL],
  ['cancel ""', /"" is not a request id/, CANCEL],
  ['cancel AR-7K2M9XQ1', /^request ids are lowercase: did you mean ar-7k2m9xq1\?$/, CANCEL],
  ['cancel dlc1a2b3c4d5e6', /is a job id, not a request id; to stop a job, use \/pai dlc stop dlc1a2b3c4d5e6/, CANCEL],
  ['cancel ar-7k2m9xq1 ar-00000000', /^unexpected argument "ar-00000000"; cancel one request at a time$/, CANCEL],
  ['cancel ar-7k2m9xq1 --force', /^\/pai cancel takes no flags \(got "--force"\)$/, CANCEL],
  ['cancel --all', /\/pai cancel takes no flags/, CANCEL],
  ['cancel -1', /"-1" is not a request id/, CANCEL],
  // an unclosed quote still gets the verb's usage
  ['oss check "oss://abc/x', /double quote " at character 11 is never closed/, CHECK],
  ['cancel "ar-', /double quote " at character 8 is never closed/, CANCEL],
];

describe('parseCommand: malformed oss, approvals, cancel', () => {
  itRejectsEachMalformed(MALFORMED, 20);

  it('never echoes much of a long input', () => {
    const long = 'z'.repeat(3000);
    for (const text of [
      `oss check ${long}`,
      `oss check oss://${long}`,
      `oss check oss://bucket/${long}`,
      `oss check oss://bucket/${long}:/mnt`,
      `oss check s3://${long}`,
      `oss check https://${long}.oss-cn-shanghai.aliyuncs.com/${long}`,
      `oss check https://bucket.oss-cn-shanghai.aliyuncs.com/${long}`,
      `oss check oss://bucket//${long}`,
      `oss check zzz/${long}`,
      `cancel ${long}`,
      `cancel dlc${long}`,
      `approvals ${long}`,
    ]) {
      const { message } = failure(parseCommand(text));
      expect(message, text.slice(0, 40)).not.toMatch(/z{81}/);
      expect(message.length).toBeLessThan(250);
    }
  });
});

describe('help oss and help approvals', () => {
  it('nothing in any help is marked as unavailable', () => {
    for (const topic of [undefined, 'dlc', 'eas', 'oss', 'approvals'] as const) {
      const text = helpText(topic);
      expect(text).not.toMatch(/not available/i);
      expect(text.length).toBeLessThan(3000);
    }
  });

  it('help oss explains the check and its link to dlc submit --data', () => {
    const text = helpText('oss');
    expect(text).toContain('/pai oss check oss://bucket/prefix [-w &lt;workspace&gt;]');
    expect(text).toMatch(/at most one key/);
    expect(text).toMatch(/own credentials/);
    expect(text).toMatch(/OK/);
    expect(text).toContain('--data');
    expect(text).toContain('--skip-preflight');
  });

  it('help approvals explains reactions, buttons, self-approval, listing, cancelling and expiry', () => {
    const text = helpText('approvals');
    for (const fragment of [
      ':white_check_mark:',
      ':x:',
      'Approve',
      'Reject',
      'cannot approve their own',
      '/pai approvals',
      '/pai cancel &lt;request-id&gt;',
      'expire',
    ]) {
      expect(text).toContain(fragment);
    }
    expect(text).toMatch(/prod workspace/);
  });

  it('the examples appear in the help and parse', () => {
    for (const [topic, examples] of [
      ['oss', OSS_EXAMPLES],
      ['approvals', APPROVALS_EXAMPLES],
    ] as const) {
      expect(examples.length).toBeGreaterThanOrEqual(2);
      const text = helpText(topic);
      for (const example of examples) {
        expect(text).toContain(`\`${example}\``);
        expect(parseCommand(example.replace(/^\/pai /, '')).ok, example).toBe(true);
      }
    }
  });

  it('the top-level usage lists the new verbs', () => {
    for (const line of [
      '/pai oss check oss://bucket/prefix [-w <workspace>]',
      '/pai approvals',
      '/pai cancel <request-id>',
    ]) {
      expect(TOP_LEVEL_USAGE).toContain(line);
    }
  });
});
