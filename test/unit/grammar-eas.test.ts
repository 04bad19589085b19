import { describe, expect, it } from 'vitest';
import { MUTATING_KINDS } from '../../src/slack/grammar/commands.js';
import { parseCommand } from '../../src/slack/grammar/parse.js';
import { EAS_EXAMPLES, TOP_LEVEL_USAGE, groupUsage, helpText, usageFor } from '../../src/slack/grammar/usage.js';
import { command, failure, itRejectsEachMalformed, type MalformedCase } from '../support/grammar.js';

const DEPLOY_BASE = 'eas deploy my_svc --image img:1';

describe('parseCommand: eas deploy', () => {
  it('fills in the defaults and leaves unset optionals out', () => {
    expect(command(DEPLOY_BASE)).toEqual({ kind: 'eas.deploy', service: 'my_svc', image: 'img:1', replicas: 1 });
  });

  it('reads every flag', () => {
    expect(
      command(
        'eas deploy bert_qa2 --image registry.cn-shanghai.aliyuncs.com/pai/bert:1.2 --instance ml.gu7i.c16m60.1-gu30 ' +
          '--replicas 100 --port 65535 --command "python app.py --port 8000" --model oss://my-models/bert/v2 -w dev',
      ),
    ).toEqual({
      kind: 'eas.deploy',
      service: 'bert_qa2',
      image: 'registry.cn-shanghai.aliyuncs.com/pai/bert:1.2',
      instance: 'ml.gu7i.c16m60.1-gu30',
      replicas: 100,
      port: 65535,
      command: 'python app.py --port 8000',
      model: { uri: 'oss://my-models/bert/v2', bucket: 'my-models', path: 'bert/v2' },
      workspace: 'dev',
    });
  });

  it('accepts flags in any order, --flag=value, --workspace and the edge values', () => {
    expect(
      command('eas deploy --port=1 -w prod s --replicas=1 --image=i --instance=ecs.gn6i-c4g1.xlarge --model=oss://abc'),
    ).toEqual({
      kind: 'eas.deploy',
      service: 's',
      image: 'i',
      instance: 'ecs.gn6i-c4g1.xlarge',
      replicas: 1,
      port: 1,
      model: { uri: 'oss://abc', bucket: 'abc', path: '' },
      workspace: 'prod',
    });
    expect(command(`eas deploy ${'a'.repeat(64)} --workspace dev --image i`)).toMatchObject({
      service: 'a'.repeat(64),
      workspace: 'dev',
    });
    expect(command(`${DEPLOY_BASE} --command=“python -m http.server”`)).toMatchObject({
      command: 'python -m http.server',
    });
  });

  it('reads the group and verb case-insensitively', () => {
    expect(command('EAS Deploy s --image i')).toMatchObject({ kind: 'eas.deploy', service: 's' });
  });
});

describe('parseCommand: the other eas verbs', () => {
  it('status, events and list', () => {
    expect(command('eas status my_svc')).toEqual({ kind: 'eas.status', service: 'my_svc' });
    expect(command('eas events my_svc')).toEqual({ kind: 'eas.events', service: 'my_svc' });
    expect(command('eas list')).toEqual({ kind: 'eas.list' });
    expect(command('eas list -w dev')).toEqual({ kind: 'eas.list', workspace: 'dev' });
    expect(command('eas list --workspace=prod')).toEqual({ kind: 'eas.list', workspace: 'prod' });
  });

  it('scale, including scale to zero', () => {
    expect(command('eas scale my_svc 3')).toEqual({ kind: 'eas.scale', service: 'my_svc', replicas: 3 });
    expect(command('eas scale my_svc 0')).toEqual({ kind: 'eas.scale', service: 'my_svc', replicas: 0 });
    expect(command('eas scale my_svc 100')).toMatchObject({ replicas: 100 });
  });

  it('autoscale', () => {
    expect(command('eas autoscale my_svc --min 1 --max 10')).toEqual({
      kind: 'eas.autoscale',
      service: 'my_svc',
      min: 1,
      max: 10,
    });
    expect(command('eas autoscale --qps 2.5 --max=1 my_svc --min 0')).toEqual({
      kind: 'eas.autoscale',
      service: 'my_svc',
      min: 0,
      max: 1,
      qps: 2.5,
    });
    expect(command('eas autoscale s --min 99 --max 100 --qps 1000000')).toMatchObject({
      min: 99,
      max: 100,
      qps: 1_000_000,
    });
    expect(command('eas autoscale s --min 5 --max 6 --qps .5')).toMatchObject({ min: 5, max: 6, qps: 0.5 });
    expect(command('eas autoscale s --min 1 --max 4 --cpu 70')).toEqual({
      kind: 'eas.autoscale',
      service: 's',
      min: 1,
      max: 4,
      cpu: 70,
    });
    expect(command('eas autoscale s --min 1 --max 4 --qps 20 --cpu 70')).toMatchObject({ qps: 20, cpu: 70 });
  });

  it.each(['stop', 'start', 'restart', 'delete'] as const)('%s, with and without --yes', (verb) => {
    expect(command(`eas ${verb} my_svc`)).toEqual({ kind: `eas.${verb}`, service: 'my_svc', yes: false });
    expect(command(`eas ${verb} my_svc --yes`)).toEqual({ kind: `eas.${verb}`, service: 'my_svc', yes: true });
    expect(command(`eas ${verb} --yes my_svc`)).toEqual({ kind: `eas.${verb}`, service: 'my_svc', yes: true });
  });

  it('traffic', () => {
    expect(command('eas traffic my_svc 0')).toEqual({ kind: 'eas.traffic', service: 'my_svc', weight: 0 });
    expect(command('eas traffic my_svc 1000')).toEqual({ kind: 'eas.traffic', service: 'my_svc', weight: 1000 });
  });

  it('eas help is the eas help', () => {
    expect(command('eas help')).toEqual({ kind: 'help', topic: 'eas' });
  });

  it('every eas verb but status, list and events is mutating', () => {
    const kinds = ['deploy', 'scale', 'autoscale', 'stop', 'start', 'restart', 'delete', 'traffic'].map(
      (v) => `eas.${v}`,
    );
    for (const k of kinds) expect(MUTATING_KINDS).toContain(k);
    for (const k of ['eas.status', 'eas.list', 'eas.events']) expect(MUTATING_KINDS).not.toContain(k);
  });
});

const EAS = groupUsage('eas');
const DEPLOY = usageFor('eas.deploy');
const STATUS = usageFor('eas.status');
const LIST = usageFor('eas.list');
const SCALE = usageFor('eas.scale');
const AUTO = usageFor('eas.autoscale');
const LIFE = usageFor('eas.stop');
const TRAFFIC = usageFor('eas.traffic');
const EVENTS = usageFor('eas.events');

const MALFORMED: ReadonlyArray<MalformedCase> = [
  // group and verbs
  [
    'eas',
    /^\/pai eas needs a command: one of deploy, status, list, scale, autoscale, stop, start, restart, delete, traffic, events$/,
    EAS,
  ],
  ['eas deplyo s --image i', /^unknown eas command "deplyo"; did you mean deploy\?$/, EAS],
  ['eas strat s', /unknown eas command "strat"; did you mean start\?/, EAS],
  ['eas autoscael s --min 1 --max 2', /did you mean autoscale\?/, EAS],
  ['eas evnets s', /did you mean events\?/, EAS],
  ['eas frobnicate s', /^unknown eas command "frobnicate"$/, EAS],
  ['deploy s --image i', /did you mean \/pai eas deploy\?/, TOP_LEVEL_USAGE],
  // deploy: service name
  ['eas deploy --image i', /^missing the service name: it comes right after "eas deploy"$/, DEPLOY],
  ['eas deploy my-svc --image i', /lowercase letters, digits and "_".*did you mean my_svc\? \(got "my-svc"\)/, DEPLOY],
  ['eas deploy My_Svc --image i', /did you mean my_svc\?/, DEPLOY],
  ['eas deploy Bert-QA.v2 --image i', /did you mean bert_qa_v2\?/, DEPLOY],
  ['eas deploy 1svc --image i', /service name must start with a lowercase letter \(got "1svc"\)/, DEPLOY],
  ['eas deploy _svc --image i', /service name must start with a lowercase letter/, DEPLOY],
  [
    'eas deploy "my svc!" --image i',
    /service name has only lowercase letters, digits and "_".*\(got "my svc!"\)/,
    DEPLOY,
  ],
  ['eas deploy "" --image i', /service name must not be empty/, DEPLOY],
  [`eas deploy ${'a'.repeat(65)} --image i`, /service name is at most 64 characters \(got 65\)/, DEPLOY],
  // deploy: required and values
  ['eas deploy s', /^--image is required$/, DEPLOY],
  ['eas deploy s --image "a b"', /--image must not contain spaces/, DEPLOY],
  ['eas deploy s --image ""', /--image must not be empty/, DEPLOY],
  [
    'eas deploy s --image i --command python app.py',
    /unexpected argument "app\.py"; put values with spaces in quotes/,
    DEPLOY,
  ],
  [`${DEPLOY_BASE} --replicas 0`, /^--replicas must be a whole number from 1 to 100 \(got "0"\)$/, DEPLOY],
  [`${DEPLOY_BASE} --replicas 101`, /--replicas must be a whole number from 1 to 100 \(got "101"\)/, DEPLOY],
  [`${DEPLOY_BASE} --replicas two`, /--replicas must be a whole number .*\(got "two"\)/, DEPLOY],
  [`${DEPLOY_BASE} --replicas -2`, /--replicas must be a whole number .*\(got "-2"\)/, DEPLOY],
  [`${DEPLOY_BASE} --port 0`, /--port must be a whole number from 1 to 65535 \(got "0"\)/, DEPLOY],
  [`${DEPLOY_BASE} --port 65536`, /--port must be a whole number from 1 to 65535 \(got "65536"\)/, DEPLOY],
  [`${DEPLOY_BASE} --port 80.5`, /--port must be a whole number/, DEPLOY],
  [`${DEPLOY_BASE} --command ""`, /^--command must not be empty$/, DEPLOY],
  [`${DEPLOY_BASE} --command "  "`, /--command must not be empty/, DEPLOY],
  [
    `${DEPLOY_BASE} --instance gpu`,
    /--instance must be an instance type like ecs\.gn6i-c4g1\.xlarge or ml\.gu7i\.c16m60\.1-gu30 .*\(got "gpu"\)/,
    DEPLOY,
  ],
  [`${DEPLOY_BASE} --instance "ecs.g n"`, /--instance must be an instance type/, DEPLOY],
  [
    `${DEPLOY_BASE} --model s3://bucket/m`,
    /--model must be an OSS location like oss:\/\/bucket\/path \(got "s3:\/\/bucket\/m"\)/,
    DEPLOY,
  ],
  [
    `${DEPLOY_BASE} --model oss://bucket/m:/mnt/m`,
    /--model takes no ":" or mount path; .*read-only at \/models/,
    DEPLOY,
  ],
  [`${DEPLOY_BASE} --model oss://My_Bucket/m`, /--model bucket "My_Bucket" is not a valid OSS bucket name/, DEPLOY],
  [`${DEPLOY_BASE} --model oss://ab`, /--model bucket "ab" is not a valid OSS bucket name/, DEPLOY],
  [`${DEPLOY_BASE} --model oss://`, /--model needs a bucket name after oss:\/\//, DEPLOY],
  [`${DEPLOY_BASE} --model "oss://bucket/my model"`, /--model must not contain spaces/, DEPLOY],
  [`${DEPLOY_BASE} -w "dev team"`, /-w must be a workspace name .*\(got "dev team"\)/, DEPLOY],
  // deploy: flags
  [`${DEPLOY_BASE} --image other`, /^--image was given twice; give it once$/, DEPLOY],
  [`${DEPLOY_BASE} -w dev --workspace prod`, /-w\/--workspace was given twice/, DEPLOY],
  [`${DEPLOY_BASE} --replica 2`, /^unknown flag "--replica" for \/pai eas deploy; did you mean --replicas\?$/, DEPLOY],
  [`${DEPLOY_BASE} --data oss://abc/x`, /unknown flag "--data" for \/pai eas deploy/, DEPLOY],
  [`${DEPLOY_BASE} --gpus 1`, /unknown flag "--gpus" for \/pai eas deploy/, DEPLOY],
  [`${DEPLOY_BASE} --port`, /^--port needs a value$/, DEPLOY],
  [`${DEPLOY_BASE} --replicas --port 80`, /--replicas needs a value \(got the flag "--port"\)/, DEPLOY],
  [`${DEPLOY_BASE} extra`, /unexpected argument "extra"/, DEPLOY],
  ['eas deploy s --image i --command "python app.py', /double quote " at character 34 is never closed/, DEPLOY],
  // status, events, list
  ['eas status', /^missing the service name: it comes right after "eas status"$/, STATUS],
  ['eas status my-svc', /did you mean my_svc\?/, STATUS],
  ['eas status a b', /unexpected argument "b"/, STATUS],
  ['eas status s -w dev', /\/pai eas status takes no flags \(got "-w"\)/, STATUS],
  ['eas events', /missing the service name: it comes right after "eas events"/, EVENTS],
  ['eas events s --tail 5', /\/pai eas events takes no flags \(got "--tail"\)/, EVENTS],
  ['eas list extra', /unexpected argument "extra"/, LIST],
  ['eas list -w', /^-w needs a value$/, LIST],
  ['eas list --mine', /unknown flag "--mine" for \/pai eas list/, LIST],
  ['eas list -w a -w b', /-w\/--workspace was given twice/, LIST],
  // scale
  ['eas scale', /missing the service name: it comes right after "eas scale"/, SCALE],
  ['eas scale s', /^missing the number of replicas after the service name, e\.g\. \/pai eas scale s 2$/, SCALE],
  [
    'eas scale s 101',
    /^the number of replicas must be a whole number from 0 to 100 \(0 scales the service to zero\) \(got "101"\)$/,
    SCALE,
  ],
  ['eas scale s -1', /the number of replicas must be a whole number from 0 to 100 .*\(got "-1"\)/, SCALE],
  ['eas scale s two', /the number of replicas must be a whole number .*\(got "two"\)/, SCALE],
  ['eas scale s 1.5', /the number of replicas must be a whole number .*\(got "1\.5"\)/, SCALE],
  ['eas scale s 3 4', /unexpected argument "4"/, SCALE],
  ['eas scale 3 s', /^the service name comes first: \/pai eas scale s 3$/, SCALE],
  ['eas scale s --replicas 3', /\/pai eas scale takes no flags \(got "--replicas"\)/, SCALE],
  ['eas scale My-Svc 3', /did you mean my_svc\?/, SCALE],
  // autoscale
  ['eas autoscale s', /^--min and --max are required$/, AUTO],
  ['eas autoscale s --min 1', /^--max is required$/, AUTO],
  ['eas autoscale s --max 3', /^--min is required$/, AUTO],
  ['eas autoscale --min 1 --max 3', /missing the service name: it comes right after "eas autoscale"/, AUTO],
  // EAS refuses max <= min: refused here, with a clear message, before anything is queued.
  [
    'eas autoscale s --min 5 --max 3',
    /^--max \(3\) must be greater than --min \(5\); for a fixed number of replicas use \/pai eas scale$/,
    AUTO,
  ],
  ['eas autoscale s --min 2 --max 2', /^--max \(2\) must be greater than --min \(2\)/, AUTO],
  ['eas autoscale s --min 1 --max 3 --cpu 0', /--cpu must be a whole number from 1 to 100 \(got "0"\)/, AUTO],
  ['eas autoscale s --min 1 --max 3 --cpu 101', /--cpu must be a whole number from 1 to 100/, AUTO],
  ['eas autoscale s --min 101 --max 100', /--min must be a whole number from 0 to 100 \(got "101"\)/, AUTO],
  ['eas autoscale s --min 0 --max 0', /--max must be a whole number from 1 to 100 \(got "0"\)/, AUTO],
  ['eas autoscale s --min 1 --max 101', /--max must be a whole number from 1 to 100/, AUTO],
  ['eas autoscale s --min -1 --max 3', /--min must be a whole number .*\(got "-1"\)/, AUTO],
  [
    'eas autoscale s --min 1 --max 3 --qps 0',
    /--qps must be a number greater than 0 and at most 1000000, decimals allowed \(got "0"\)/,
    AUTO,
  ],
  ['eas autoscale s --min 1 --max 3 --qps -5', /--qps must be a number greater than 0 .*\(got "-5"\)/, AUTO],
  ['eas autoscale s --min 1 --max 3 --qps 1000001', /--qps must be a number .*\(got "1000001"\)/, AUTO],
  ['eas autoscale s --min 1 --max 3 --qps 1e3', /--qps must be a number .*\(got "1e3"\)/, AUTO],
  ['eas autoscale s --min 1 --max 3 --qps fast', /--qps must be a number .*\(got "fast"\)/, AUTO],
  ['eas autoscale s --min 1 --max 3 --min 2', /^--min was given twice; give it once$/, AUTO],
  ['eas autoscale s --min 1 --mx 3', /unknown flag "--mx" for \/pai eas autoscale; did you mean --max\?/, AUTO],
  ['eas autoscale s 1 3', /unexpected argument "1"/, AUTO],
  // lifecycle
  ['eas stop', /^missing the service name: it comes right after "eas stop"$/, LIFE],
  ['eas delete', /missing the service name: it comes right after "eas delete"/, LIFE],
  ['eas restart a b', /unexpected argument "b"/, LIFE],
  ['eas delete s yes', /unexpected argument "yes"; to skip the confirmation, add --yes/, LIFE],
  ['eas stop s --yes --yes', /^--yes was given twice; give it once$/, LIFE],
  ['eas delete s --yes=true', /--yes is a switch and takes no value/, LIFE],
  ['eas delete s --force', /unknown flag "--force" for \/pai eas delete/, LIFE],
  ['eas start s --ys', /unknown flag "--ys" for \/pai eas start; did you mean --yes\?/, LIFE],
  ['eas start s -w dev', /unknown flag "-w" for \/pai eas start$/, LIFE],
  ['eas restart Svc', /did you mean svc\?/, LIFE],
  // traffic
  ['eas traffic', /missing the service name: it comes right after "eas traffic"/, TRAFFIC],
  ['eas traffic s', /^missing the traffic weight after the service name, e\.g\. \/pai eas traffic s 100$/, TRAFFIC],
  [
    'eas traffic s 1001',
    /^the traffic weight must be a whole number from 0 to 1000, relative to the other services of its group \(got "1001"\)$/,
    TRAFFIC,
  ],
  [
    'eas traffic s 50%',
    /the traffic weight is a whole number from 0 to 1000, .*not a percentage \(got "50%"\)/,
    TRAFFIC,
  ],
  ['eas traffic s 0.5', /the traffic weight must be a whole number .*\(got "0\.5"\)/, TRAFFIC],
  ['eas traffic s -3', /the traffic weight must be a whole number .*\(got "-3"\)/, TRAFFIC],
  ['eas traffic s 10 20', /unexpected argument "20"/, TRAFFIC],
  ['eas traffic 10 s', /the service name comes first: \/pai eas traffic s 10/, TRAFFIC],
  ['eas traffic s --weight 10', /\/pai eas traffic takes no flags/, TRAFFIC],
];

describe('parseCommand: malformed eas input', () => {
  itRejectsEachMalformed(MALFORMED, 30);

  it('never echoes much of a long input', () => {
    const long = 'z'.repeat(3000);
    for (const text of [
      `eas deploy ${long} --image i`,
      `eas deploy ${long.toUpperCase()}-x --image i`,
      `${DEPLOY_BASE} --model oss://${long}`,
      `${DEPLOY_BASE} --model oss://bucket/${long}:x`,
      `eas scale s ${long}`,
      `eas scale ${'9'.repeat(3000)} s`,
      `eas traffic s ${'9'.repeat(3000)}%`,
      `eas autoscale s --min 1 --max 2 --qps ${'1'.repeat(3000)}`,
      `eas stop ${long}`,
    ]) {
      const { message } = failure(parseCommand(text));
      expect(message).not.toMatch(/[z9]{81}/i);
      expect(message.length).toBeLessThan(250);
    }
  });
});

describe('help eas', () => {
  const text = helpText('eas');

  it('mentions every eas verb, with --yes, and is not marked as unavailable', () => {
    for (const verb of [
      'deploy',
      'status',
      'list',
      'scale',
      'autoscale',
      'stop',
      'start',
      'restart',
      'delete',
      'traffic',
      'events',
    ]) {
      expect(text).toContain(verb);
    }
    expect(text).toContain('--yes');
    expect(text).not.toMatch(/not available/i);
    expect(text.length).toBeLessThan(3000);
  });

  it('gives examples that appear in the help and parse', () => {
    expect(EAS_EXAMPLES.length).toBeGreaterThanOrEqual(4);
    for (const example of EAS_EXAMPLES) {
      expect(text).toContain(`\`${example.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}\``);
      const result = parseCommand(example.replace(/^\/pai /, ''));
      expect(result.ok, example).toBe(true);
    }
  });

  it('the top-level help marks nothing as unavailable', () => {
    const top = helpText();
    const easLine = top.split('\n').find((l) => l.startsWith('*EAS services*'));
    expect(easLine).toBeDefined();
    expect(easLine).not.toMatch(/not available/i);
    expect(top).not.toMatch(/not available/i);
    expect(top).toContain('*OSS and approvals*');
    expect(top).toContain('/pai help eas');
  });

  it('oss, approvals and cancel are built (see grammar-oss-approvals.test.ts)', () => {
    for (const text of ['oss check oss://bucket/x', 'approvals', 'cancel ar-7k2m9xq1']) {
      expect(parseCommand(text).ok, text).toBe(true);
    }
  });
});
