import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/slack/grammar/parse.js';
import { TOP_LEVEL_USAGE, groupUsage, usageFor } from '../../src/slack/grammar/usage.js';
import { command, failure, itRejectsEachMalformed, type MalformedCase } from '../support/grammar.js';

const BASE = 'dlc submit job1 --image img --command "python t.py"';

describe('parseCommand: help and ws', () => {
  it.each(['', '   ', '\n\t ', 'help', 'HELP'])('%j is the top-level help', (text) => {
    expect(command(text)).toEqual({ kind: 'help' });
  });

  it.each([
    ['help dlc', 'dlc'],
    ['help eas', 'eas'],
    ['help oss', 'oss'],
    ['help approvals', 'approvals'],
    ['help DLC', 'dlc'],
    ['dlc help', 'dlc'],
  ] as const)('%j is help on %s', (text, topic) => {
    expect(command(text)).toEqual({ kind: 'help', topic });
  });

  it('ws', () => {
    expect(command('ws')).toEqual({ kind: 'ws' });
  });
});

describe('parseCommand: dlc submit', () => {
  it('fills in the defaults and leaves unset optionals out', () => {
    expect(command(BASE)).toEqual({
      kind: 'dlc.submit',
      name: 'job1',
      image: 'img',
      command: 'python t.py',
      jobType: 'PyTorchJob',
      workers: 1,
      data: [],
      env: {},
      spot: false,
      skipPreflight: false,
    });
  });

  it('reads every flag', () => {
    const c = command(
      'dlc submit bert_ft.v2-1 --image registry.cn-shanghai.aliyuncs.com/pai/pytorch:2.1 --command "torchrun train.py --lr 3e-4" ' +
        '--type MPIJob --workers 8 --instance ecs.gn6i-c4g1.xlarge --data oss://my-bucket/datasets/glue:/mnt/data ' +
        '--data oss://models-01 --env WANDB_MODE=offline --env _X=a=b --priority 9 --spot -w dev',
    );
    expect(c).toEqual({
      kind: 'dlc.submit',
      name: 'bert_ft.v2-1',
      image: 'registry.cn-shanghai.aliyuncs.com/pai/pytorch:2.1',
      command: 'torchrun train.py --lr 3e-4',
      jobType: 'MPIJob',
      workers: 8,
      instance: 'ecs.gn6i-c4g1.xlarge',
      data: [
        { uri: 'oss://my-bucket/datasets/glue', bucket: 'my-bucket', path: 'datasets/glue', mountPath: '/mnt/data' },
        { uri: 'oss://models-01', bucket: 'models-01', path: '' },
      ],
      env: { WANDB_MODE: 'offline', _X: 'a=b' },
      priority: 9,
      spot: true,
      skipPreflight: false,
      workspace: 'dev',
    });
  });

  it('accepts --flag=value, including quoted values', () => {
    const c = command(
      'dlc submit j --image=img --command="python t.py --x=1" --workers=3 --data=oss://abc/x --env=A=1 --priority=2 --workspace=prod',
    );
    expect(c).toMatchObject({
      image: 'img',
      command: 'python t.py --x=1',
      workers: 3,
      priority: 2,
      workspace: 'prod',
      env: { A: '1' },
    });
  });

  it('accepts smart quotes and single quotes around the command', () => {
    expect(command('dlc submit j --image img --command “python t.py --epochs 3”')).toMatchObject({
      command: 'python t.py --epochs 3',
    });
    expect(command("dlc submit j --image img --command 'python t.py'")).toMatchObject({ command: 'python t.py' });
    expect(command('dlc submit j --image img --command ‘python t.py’')).toMatchObject({ command: 'python t.py' });
    expect(command(`dlc submit j --image img --command "python -c 'print(1)'"`)).toMatchObject({
      command: "python -c 'print(1)'",
    });
    expect(command('dlc submit j --image img --command "echo \\"hi\\""')).toMatchObject({ command: 'echo "hi"' });
  });

  it('decodes Slack entities in values', () => {
    expect(command('dlc submit j --image img --command "a &amp;&amp; b &gt; out.txt"')).toMatchObject({
      command: 'a && b > out.txt',
    });
  });

  it('takes a quoted value that starts with dashes as data', () => {
    expect(command('dlc submit j --image img --command "--help"')).toMatchObject({ command: '--help' });
    expect(command('dlc submit j --image img --command=--version')).toMatchObject({ command: '--version' });
  });

  it('accepts flags in any order, and client-autocorrected dashes', () => {
    expect(command('dlc submit j --spot -w dev --command c --image img')).toMatchObject({
      spot: true,
      workspace: 'dev',
      image: 'img',
      command: 'c',
    });
    expect(command('dlc submit j —image img —command c')).toMatchObject({ image: 'img', command: 'c' });
  });

  it('reads the verb case-insensitively', () => {
    expect(command('DLC Submit j --image img --command c')).toMatchObject({ kind: 'dlc.submit' });
  });

  it('repeats --data and --env in order', () => {
    const c = command(`${BASE} --data oss://aaa/1 --env A=1 --data oss://bbb/2/:/mnt/b --env B= --data oss://ccc/`);
    expect(c).toMatchObject({
      data: [
        { uri: 'oss://aaa/1', bucket: 'aaa', path: '1' },
        { uri: 'oss://bbb/2/', bucket: 'bbb', path: '2/', mountPath: '/mnt/b' },
        { uri: 'oss://ccc/', bucket: 'ccc', path: '' },
      ],
      env: { A: '1', B: '' },
    });
  });

  it('accepts every job type and the edge values of the numbers', () => {
    expect(command(`${BASE} --type TFJob --workers 100 --priority 1`)).toMatchObject({
      jobType: 'TFJob',
      workers: 100,
      priority: 1,
    });
    expect(command(`${BASE} --type RayJob --workers 001`)).toMatchObject({ jobType: 'RayJob', workers: 1 });
  });

  it('accepts a name of 256 characters and a __proto__ env key as plain data', () => {
    expect(command(`dlc submit ${'a'.repeat(256)} --image i --command c`)).toMatchObject({ name: 'a'.repeat(256) });
    const c = command(`${BASE} --env __proto__=1`);
    expect(c.kind === 'dlc.submit' && Object.keys(c.env)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(c.kind === 'dlc.submit' ? c.env : null)).toBe(Object.prototype);
  });
});

describe('parseCommand: dlc status, stop, list, logs', () => {
  it('status and stop take a job id', () => {
    expect(command('dlc status dlc1a2b3c4d5e6')).toEqual({ kind: 'dlc.status', jobId: 'dlc1a2b3c4d5e6' });
    expect(command('dlc stop dlcabc')).toEqual({ kind: 'dlc.stop', jobId: 'dlcabc' });
    expect(command(`dlc stop dlc${'9'.repeat(61)}`)).toMatchObject({ kind: 'dlc.stop' });
  });

  it('list defaults and flags', () => {
    expect(command('dlc list')).toEqual({ kind: 'dlc.list', mine: false });
    expect(command('dlc list --status running --mine -w dev')).toEqual({
      kind: 'dlc.list',
      status: 'Running',
      mine: true,
      workspace: 'dev',
    });
    expect(command('dlc list --status=SUCCEEDEDRESERVING')).toMatchObject({ status: 'SucceededReserving' });
  });

  it('logs defaults and flags', () => {
    expect(command('dlc logs dlc123abc')).toEqual({ kind: 'dlc.logs', jobId: 'dlc123abc', tail: 50 });
    expect(command('dlc logs dlc123abc --pod dlc123abc-worker-0 --tail=500')).toEqual({
      kind: 'dlc.logs',
      jobId: 'dlc123abc',
      pod: 'dlc123abc-worker-0',
      tail: 500,
    });
    expect(command('dlc logs --tail 1 dlc123abc')).toMatchObject({ tail: 1 });
  });
});

const TOP = TOP_LEVEL_USAGE;
const DLC = groupUsage('dlc');
const SUB = usageFor('dlc.submit');
const STATUS = usageFor('dlc.status');
const STOP = usageFor('dlc.stop');
const LIST = usageFor('dlc.list');
const LOGS = usageFor('dlc.logs');
const HELP = usageFor('help');
const WS = usageFor('ws');

const MALFORMED: ReadonlyArray<MalformedCase> = [
  // groups and verbs
  ['foo', /^unknown command "foo"/, TOP],
  ['dlcc submit x', /unknown command "dlcc"; did you mean dlc\?/, TOP],
  ['submit x --image i', /did you mean \/pai dlc submit\?/, TOP],
  ['constructor', /unknown command "constructor"/, TOP],
  ['__proto__', /unknown command "__proto__"/, TOP],
  ['dlc sumbit x', /^unknown dlc command "sumbit"; did you mean submit\?$/, DLC],
  ['dlc toString', /unknown dlc command "toString"/, DLC],
  ['dlc', /\/pai dlc needs a command: one of submit, status, list, stop, logs/, DLC],
  // oss, approvals and cancel: see grammar-oss-approvals.test.ts help and ws
  ['help foo', /no help topic "foo"; topics are dlc, eas, oss, approvals, dsw, gallery/, HELP],
  ['help submit', /did you mean \/pai help dlc\?/, HELP],
  ['help dlc eas', /unexpected argument "eas"/, HELP],
  ['ws extra', /unexpected argument "extra"/, WS],
  ['ws --all', /\/pai ws takes no flags \(got "--all"\)/, WS],
  // dlc submit: positionals
  ['dlc submit', /missing the job name/, SUB],
  ['dlc submit --image i --command c', /missing the job name/, SUB],
  ['dlc submit "-job" --image i --command c', /job name must start with a letter or digit \(got "-job"\)/, SUB],
  ['dlc submit "my job" --image i --command c', /job name may contain only letters, digits/, SUB],
  ['dlc submit "" --image i --command c', /job name must not be empty/, SUB],
  [`dlc submit ${'a'.repeat(257)} --image i --command c`, /job name must be at most 256 characters \(got 257\)/, SUB],
  [
    'dlc submit j --image i --command python train.py',
    /unexpected argument "train\.py"; put values with spaces in quotes/,
    SUB,
  ],
  // dlc submit: required values
  ['dlc submit j --command c', /^--image is required$/, SUB],
  ['dlc submit j --image i', /^--command is required$/, SUB],
  ['dlc submit j --image "" --command c', /--image must not be empty/, SUB],
  ['dlc submit j --image i --command "   "', /--command must not be empty/, SUB],
  ['dlc submit j --image "a b" --command c', /--image must not contain spaces/, SUB],
  // dlc submit: values
  [`${BASE} --type pytorchjob`, /--type is case-sensitive: did you mean PyTorchJob\? \(got "pytorchjob"\)/, SUB],
  [`${BASE} --type Foo`, /--type must be one of TFJob, PyTorchJob, .* \(got "Foo"\)/, SUB],
  [`${BASE} --type=`, /--type must be one of .* \(got ""\)/, SUB],
  [`${BASE} --workers 0`, /^--workers must be a whole number from 1 to 100 \(got "0"\)$/, SUB],
  [`${BASE} --workers 101`, /--workers must be a whole number from 1 to 100 \(got "101"\)/, SUB],
  [`${BASE} --workers 2.5`, /--workers must be a whole number .*\(got "2\.5"\)/, SUB],
  [`${BASE} --workers=abc`, /--workers must be a whole number .*\(got "abc"\)/, SUB],
  [`${BASE} --workers -1`, /--workers must be a whole number .*\(got "-1"\)/, SUB],
  [`${BASE} --priority 10`, /--priority must be a whole number from 1 to 9 \(got "10"\)/, SUB],
  [`${BASE} --priority 0`, /--priority must be a whole number from 1 to 9/, SUB],
  [`${BASE} --data s3://bucket/x`, /--data must be an OSS location like oss:\/\/bucket\/path/, SUB],
  [`${BASE} --data oss://My_Bucket/x`, /bucket "My_Bucket" is not a valid OSS bucket name/, SUB],
  [`${BASE} --data oss://ab/x`, /bucket "ab" is not a valid OSS bucket name/, SUB],
  [`${BASE} --data oss://-bucket/x`, /bucket "-bucket" is not a valid/, SUB],
  [`${BASE} --data oss://bucket-/x`, /bucket "bucket-" is not a valid/, SUB],
  [`${BASE} --data oss://${'b'.repeat(64)}/x`, /is not a valid OSS bucket name/, SUB],
  [`${BASE} --data oss://bucket/x:mnt`, /mount path in --data must be absolute, .*\(got "mnt"\)/, SUB],
  [`${BASE} --data oss://`, /--data needs a bucket name after oss:\/\//, SUB],
  [`${BASE} --env FOO`, /--env must be KEY=VALUE \(got "FOO"\)/, SUB],
  [`${BASE} --env 1FOO=x`, /--env name "1FOO" must start with a letter or "_"/, SUB],
  [`${BASE} --env A-B=x`, /--env name "A-B"/, SUB],
  [`${BASE} --env =x`, /--env needs a name before "="/, SUB],
  [`${BASE} --env A=1 --env A=2`, /--env "A" was given twice/, SUB],
  [`${BASE} --instance gpu`, /--instance must be an instance type like ecs\.gn6i-c4g1\.xlarge .*\(got "gpu"\)/, SUB],
  [`${BASE} --instance "ecs.g n"`, /--instance must be an instance type/, SUB],
  [`${BASE} -w "dev team"`, /-w must be a workspace name .*\(got "dev team"\)/, SUB],
  [`${BASE} -w ${'w'.repeat(65)}`, /-w must be a workspace name/, SUB],
  // dlc submit: flags
  [`${BASE} --spot=yes`, /--spot is a switch and takes no value/, SUB],
  [`${BASE} --spot --spot`, /--spot was given twice/, SUB],
  [`${BASE} --image other`, /--image was given twice/, SUB],
  [`${BASE} -w dev --workspace prod`, /-w\/--workspace was given twice/, SUB],
  [`${BASE} --imgae x`, /^unknown flag "--imgae" for \/pai dlc submit; did you mean --image\?$/, SUB],
  [`${BASE} --gpus 2`, /unknown flag "--gpus" for \/pai dlc submit/, SUB],
  [`${BASE} --workers`, /^--workers needs a value$/, SUB],
  [`${BASE} --workers --spot`, /--workers needs a value \(got the flag "--spot"\)/, SUB],
  // quoting and hostile input
  ['dlc submit j --image i --command "python t.py', /double quote " at character 34 is never closed/, SUB],
  ["dlc submit j --image i --command 'x", /single quote ' at character 34 is never closed/, SUB],
  ['dlc submit j --image i --command “x', /double quote “ at character 34 is never closed/, SUB],
  ['x'.repeat(4001), /command is too long/, TOP],
  ['dlc status dlc\u0000abc', /control character \(U\+0000\)/, STATUS],
  ['dlc list \u001b[31m', /control character \(U\+001B\)/, LIST],
  // status / stop
  ['dlc status', /missing the job id/, STATUS],
  ['dlc status abc123', /a job id starts with "dlc", .*\(got "abc123"\)/, STATUS],
  ['dlc status dlc12', /a job id is 6 to 64 characters long \(got 5\)/, STATUS],
  [`dlc status dlc${'1'.repeat(62)}`, /6 to 64 characters long \(got 65\)/, STATUS],
  ['dlc status dlc_123abc', /only lowercase letters and digits/, STATUS],
  ['dlc status DLC123ABC', /job ids are lowercase: did you mean dlc123abc\?/, STATUS],
  ['dlc status dlc123abc dlc456def', /unexpected argument "dlc456def"/, STATUS],
  ['dlc status dlc123abc -w dev', /\/pai dlc status takes no flags \(got "-w"\)/, STATUS],
  ['dlc stop', /missing the job id/, STOP],
  ['dlc stop dlc123abc --force', /\/pai dlc stop takes no flags/, STOP],
  // list
  ['dlc list --status Runing', /--status must be one of Creating, .* \(got "Runing"\); did you mean Running\?/, LIST],
  ['dlc list extra', /unexpected argument "extra"/, LIST],
  ['dlc list --mine=yes', /--mine is a switch/, LIST],
  ['dlc list -w', /-w needs a value/, LIST],
  ['dlc list --mine --mine', /--mine was given twice/, LIST],
  // logs
  ['dlc logs dlc123abc --tail 0', /--tail must be a whole number from 1 to 500 \(got "0"\)/, LOGS],
  ['dlc logs dlc123abc --tail 501', /--tail must be a whole number from 1 to 500/, LOGS],
  ['dlc logs dlc123abc --pod "bad pod"', /--pod must be a pod id/, LOGS],
  ['dlc logs --tail 5', /missing the job id/, LOGS],
  ['dlc logs dlc123abc --since 5m', /unknown flag "--since" for \/pai dlc logs/, LOGS],
  ['dlc logs dlc123abc --tial 5', /did you mean --tail\?/, LOGS],
];

describe('parseCommand: malformed input', () => {
  itRejectsEachMalformed(MALFORMED, 40);

  it('never echoes much of a long input', () => {
    const long = 'z'.repeat(3000);
    for (const text of [
      `dlc submit ${long} --image i --command c`,
      `${BASE} --image-${long} x`,
      `${BASE} --data oss://${long}`,
      `${BASE} --env ${long}`,
      `dlc status ${long}`,
      long,
      `dlc ${long}`,
      `"${long}`,
    ]) {
      const { message } = failure(parseCommand(text));
      expect(message).not.toMatch(/z{81}/);
      expect(message.length).toBeLessThan(250);
    }
  });

  it('does not treat a non-string as a command', () => {
    expect(parseCommand(undefined as unknown as string).ok).toBe(false);
    expect(parseCommand(42 as unknown as string).ok).toBe(false);
  });
});
