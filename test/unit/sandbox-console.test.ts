import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '@pai-bot/sim-kit/clock.js';
import { formatDuration } from '../../src/config/duration.js';
import { BotOutput } from '@pai-bot/sandbox/console/bot-output.js';
import {
  blockActionsPayload,
  ButtonBoard,
  buttonLabels,
  buttonsOf,
  mentions,
  menusOf,
  pickButton,
  placedButtonsOf,
  withContexts,
  type ButtonRef,
} from '@pai-bot/sandbox/console/buttons.js';
import {
  channelBlockActionsPayload,
  pickAlertMenuOption,
  pickChannelButton,
  type ChannelMessage,
} from '@pai-bot/sandbox/console/channel-controls.js';
import { parseSandboxArgs } from '@pai-bot/sandbox/console/cli-args.js';
import {
  CONSOLE_COMMANDS,
  DEFAULT_WAIT_MS,
  parseConsoleLine,
  type ConsoleCommand,
} from '@pai-bot/sandbox/console/console-commands.js';
import { formatJobs } from '@pai-bot/sandbox/console/format-jobs.js';
import { formatNotebooks } from '@pai-bot/sandbox/console/format-notebooks.js';
import { expandNotebookRefs } from '@pai-bot/sandbox/console/notebook-grammar.js';
import { formatServices } from '@pai-bot/sandbox/console/format-services.js';
import { CONSOLE_HELP, costsLine, welcomeText } from '@pai-bot/sandbox/console/help-text.js';
import { DEFAULT_NOTEBOOK_SPEC } from '@pai-bot/pai-sim/dsw-controls.js';
import { DEFAULT_EAS_INSTANCE } from '../../src/actions/inference/build-service-config.js';
import { runCommand, type LineContext } from '@pai-bot/sandbox/console/run-line.js';
import {
  loadSandboxConfig,
  SANDBOX_WORKSPACES,
  sandboxWorkspaceFor,
  sandboxWorkspaces,
} from '@pai-bot/sandbox/console/sandbox-config.js';
import type { SandboxWorld } from '@pai-bot/sandbox/console/sandbox-world.js';
import { parseScript } from '@pai-bot/sandbox/console/script-runner.js';
import { simulatedStep } from '@pai-bot/sandbox/console/sim-ticker.js';
import {
  alertControlsHint,
  channelClickHint,
  CLICK_HINT,
  describeAck,
  describeActivity,
  editedButtonsHint,
  followSlack,
} from '@pai-bot/sandbox/console/slack-activity.js';
import { formatHomeView, homeBlockActionsPayload, homeOpenedBody } from '@pai-bot/sandbox/console/home-view.js';
import {
  blockSuggestionPayload,
  formatModal,
  formatSubmitAnswer,
  loadedOptions,
  pickLoadedOption,
  readModal,
  resolveFill,
  viewSubmissionPayload,
} from '@pai-bot/sandbox/console/modal-form.js';
import { renderSubmitForm } from '../../src/render/submit-form.js';
import { createFakeSlack, type FakeSlack } from '@pai-bot/fake-slack/index.js';
import { JOB_FAILURE_SCENARIOS } from '@pai-bot/pai-sim/failure-scenarios.js';
import { CONSOLE_USER, createPaiSimulator, type ServicePlan } from '@pai-bot/pai-sim/index.js';
import { signSlackBody } from '@pai-bot/sandbox/slack-requests.js';
import {
  ACK_ACTION_ID,
  MUTE_ACTION_ID,
  acknowledgedBlocks,
  alertControlsBlock,
} from '../../src/render/alert-controls.js';
import { CANCEL_ACTION_ID, CONFIRM_ACTION_ID, renderConfirmation } from '../../src/render/eas-confirm.js';
import {
  DIGEST_IDLE_STOP_ACTION_ID,
  DIGEST_STOP_ACTION_ID,
  renderNotebookDigest,
} from '../../src/render/notebook-digest.js';
import { runCost } from '../../src/actions/costs/price-book.js';

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
    expect(command('  /pai dlc submit a --image i:1 --command "echo #1"  ')).toEqual({
      kind: 'pai',
      text: 'dlc submit a --image i:1 --command "echo #1"',
    });
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
    expect(command(':fail-next-job OOMKilled worker-0 ran out of memory')).toEqual({
      kind: 'fail-next-job',
      reasonCode: 'OOMKilled',
      reasonMessage: 'worker-0 ran out of memory',
    });
    expect(command(':fail-next-job ImagePullBackOff')).toMatchObject({
      kind: 'fail-next-job',
      reasonCode: 'ImagePullBackOff',
      reasonMessage: expect.stringContaining('ImagePullBackOff'),
    });
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
    for (const name of [
      ':cold-start',
      ':fail-next-service',
      ':services',
      ':click',
      ':external-job',
      ':external-service',
      ':autoscale',
    ])
      expect(message).toContain(name);
  });

  it('parses :cold-start <service> <duration>, checking the service name and the unit', () => {
    expect(command(':cold-start fraud_svc 2m')).toEqual({ kind: 'cold-start', service: 'fraud_svc', ms: 120_000 });
    expect(command(':cold-start iris 90s   # slower than cold_start_after')).toEqual({
      kind: 'cold-start',
      service: 'iris',
      ms: 90_000,
    });
    expect(command(':cold-start iris 0s')).toEqual({ kind: 'cold-start', service: 'iris', ms: 0 });
    expect(error(':cold-start')).toMatch(/:cold-start takes an EAS service name and a duration/);
    expect(error(':cold-start iris')).toMatch(/:cold-start takes/);
    expect(error(':cold-start iris 90')).toMatch(/:cold-start takes/);
    expect(error(':cold-start 2m iris')).toMatch(/:cold-start takes/);
    expect(error(':cold-start Fraud-Svc 2m')).toMatch(/:cold-start takes/);
    expect(error(':cold-start iris 2m extra')).toMatch(/:cold-start takes/);
  });

  it('parses :fail-next-service <Reason> [message…]', () => {
    expect(command(':fail-next-service ImagePullBackOff the registry refused the pull')).toEqual({
      kind: 'fail-next-service',
      reason: 'ImagePullBackOff',
      message: 'the registry refused the pull',
    });
    expect(command(':fail-next-service CrashLoopBackOff')).toEqual({
      kind: 'fail-next-service',
      reason: 'CrashLoopBackOff',
    });
    expect(error(':fail-next-service')).toMatch(/:fail-next-service takes a reason/);
    expect(error(':fail-next-service 42')).toMatch(/:fail-next-service takes a reason/);
  });

  it('parses :services without arguments', () => {
    expect(command(':services')).toEqual({ kind: 'services' });
    expect(command(':services # what does EAS think?')).toEqual({ kind: 'services' });
    expect(error(':services fraud_svc')).toMatch(/no arguments/);
  });

  it('parses :click with a button text (spaces allowed, [..] or quotes as copied) or an action_id', () => {
    expect(command(':click Stop fraud_svc')).toEqual({ kind: 'click', target: 'Stop fraud_svc' });
    expect(command(':click   Stop    fraud_svc  ')).toEqual({ kind: 'click', target: 'Stop fraud_svc' });
    expect(command(':click [Stop fraud_svc]')).toEqual({ kind: 'click', target: 'Stop fraud_svc' });
    expect(command(':click "Cancel"')).toEqual({ kind: 'click', target: 'Cancel' });
    expect(command(':click eas_confirm # the danger button')).toEqual({ kind: 'click', target: 'eas_confirm' });
    expect(error(':click')).toMatch(/:click takes the text or action_id of a button/);
    expect(error(':click []')).toMatch(/:click takes/);
  });

  it("parses :mute <duration>: one of the Mute menu's options, however the duration is written", () => {
    expect(command(':mute 4h')).toEqual({ kind: 'mute', value: '4h' });
    expect(command(':mute 1h # for the standup')).toEqual({ kind: 'mute', value: '1h' });
    expect(command(':mute 24 h')).toEqual({ kind: 'mute', value: '24h' });
    expect(command(':mute 240m')).toEqual({ kind: 'mute', value: '4h' });
    for (const bad of [':mute', ':mute 2h', ':mute forever', ':mute 4h now', ':mute -w prod'])
      expect(error(bad)).toBe(":mute takes one of the durations of the alerts' Mute menu (1h, 4h, 24h), e.g. :mute 4h");
  });
});

describe('parseConsoleLine: the DSW notebook lines', () => {
  const NOTEBOOK_USAGE = /^:notebook takes a notebook name, then optionally -w <workspace>, --spec <instance type>/;

  it('parses :notebook <name> with its flags in any order, idle, without a policy and on the default type unless told', () => {
    expect(command(':notebook left-on')).toEqual({
      kind: 'notebook',
      name: 'left-on',
      runningBeforeMs: 0,
      busy: false,
    });
    expect(
      command(':notebook train_a10 --busy --idle-stop 90m -w prod --running 5h --spec ecs.gn6v-c8g1.2xlarge # GPU'),
    ).toEqual({
      kind: 'notebook',
      name: 'train_a10',
      workspace: 'prod',
      spec: 'ecs.gn6v-c8g1.2xlarge',
      runningBeforeMs: 5 * 3_600_000,
      busy: true,
      idleStopMinutes: 90,
    });
    expect(command(':notebook n --idle-stop 1m')).toMatchObject({ idleStopMinutes: 1 });
    expect(command(':notebook n --idle-stop 168h')).toMatchObject({ idleStopMinutes: 7 * 1_440 });
  });

  it('refuses bad :notebook lines, each with what is wrong', () => {
    expect(error(':notebook')).toMatch(NOTEBOOK_USAGE);
    expect(error(':notebook --busy')).toMatch(NOTEBOOK_USAGE);
    expect(error(':notebook n --fast')).toMatch(NOTEBOOK_USAGE);
    expect(error(':notebook n extra')).toMatch(NOTEBOOK_USAGE);
    expect(error(':notebook 9lives')).toMatch(/^:notebook 9lives: a notebook name starts with a letter/);
    expect(error(':notebook dsw-0123abcd')).toMatch(/does not start with dsw-, which instance ids do/);
    expect(error(':notebook n -w staging')).toBe('-w staging is not a sandbox workspace; the workspaces are dev, prod');
    expect(error(':notebook n -w')).toMatch(NOTEBOOK_USAGE);
    expect(error(':notebook n --spec ecs.x1.huge')).toMatch(
      /^:notebook --spec takes an instance type of the simulator's DSW spec list \(ecs\.c6\.large, .*ecs\.gn7i-c8g1\.2xlarge.*\), not ecs\.x1\.huge$/,
    );
    expect(error(':notebook n --spec')).toMatch(/--spec takes an instance type/);
    expect(error(':notebook n --running 5')).toMatch(/--running takes how long it has run so far, with a unit/);
    for (const bad of ['30s', '90.5m', '0m', '169h', 'soon'])
      expect(error(`:notebook n --idle-stop ${bad}`)).toMatch(/--idle-stop takes whole minutes from 1m to 168h/);
    expect(error(':notebook n --busy --busy')).toBe(':notebook: --busy is given twice');
    expect(error(':notebook n -w dev -w prod')).toBe(':notebook: -w is given twice');
  });

  it('parses :notebook-load <name|id> <cpu%> <gpu%> and refuses anything else', () => {
    expect(command(':notebook-load left-on 85 90')).toEqual({
      kind: 'notebook-load',
      ref: 'left-on',
      cpu: 85,
      gpu: 90,
    });
    expect(command(':notebook-load dsw-05cefd0be2e5a278 2.5% 0%')).toEqual({
      kind: 'notebook-load',
      ref: 'dsw-05cefd0be2e5a278',
      cpu: 2.5,
      gpu: 0,
    });
    const usage = /^:notebook-load takes a notebook \(its name or instance id\) and its CPU and GPU use in percent/;
    for (const bad of [
      ':notebook-load',
      ':notebook-load left-on',
      ':notebook-load left-on 50',
      ':notebook-load left-on 101 0',
      ':notebook-load left-on -1 0',
      ':notebook-load left-on 50 50 50',
      ':notebook-load left-on high low',
      ':notebook-load 9lives 1 1',
    ])
      expect(error(bad)).toMatch(usage);
  });

  it('parses :notebooks without arguments', () => {
    expect(command(':notebooks')).toEqual({ kind: 'notebooks' });
    expect(error(':notebooks left-on')).toBe(':notebooks takes no arguments');
  });

  it('checks the {notebook:<name|id>} references of a /pai line, which stand for instance ids', () => {
    expect(command('/pai dsw status {notebook:left-on}')).toEqual({
      kind: 'pai',
      text: 'dsw status {notebook:left-on}',
    });
    expect(command('/pai dsw stop {notebook:dsw-05cefd0be2e5a278} --yes')).toMatchObject({ kind: 'pai' });
    expect(error('/pai dsw status {notebook:9lives}')).toMatch(
      /^\{notebook:9lives\} must name a notebook by its name or instance id/,
    );
    expect(error('/pai dsw status {notebook:}')).toMatch(/^\{notebook:\} must name a notebook/);
    expect(error('/pai dsw status {notebook:left-on')).toMatch(/^\{notebook: must be closed right after the name/);
    expect(error('/pai dsw status {notebook: left-on}')).toMatch(/^\{notebook: must be closed/);
    // other braces are Slack text like any other
    expect(command('/pai dlc submit a --image i:1 --command "echo {x}"')).toMatchObject({ kind: 'pai' });
  });

  it("puts each referenced notebook's instance id in the text, by name or id, and names the first one it cannot find", () => {
    const notebooks = [
      { instanceId: 'dsw-aaaa1111', name: 'left-on' },
      { instanceId: 'dsw-bbbb2222', name: 'twin' },
      { instanceId: 'dsw-cccc3333', name: 'twin' },
    ];
    expect(expandNotebookRefs('dsw status {notebook:left-on} -w dev', notebooks)).toEqual({
      ok: true,
      text: 'dsw status dsw-aaaa1111 -w dev',
      expanded: true,
    });
    expect(expandNotebookRefs('dsw stop {notebook:dsw-cccc3333} --yes', notebooks)).toMatchObject({
      text: 'dsw stop dsw-cccc3333 --yes',
    });
    expect(expandNotebookRefs('dsw list', notebooks)).toEqual({ ok: true, text: 'dsw list', expanded: false });
    expect(expandNotebookRefs('dsw status {notebook:gone} {notebook:twin}', notebooks)).toEqual({
      ok: false,
      error: 'the simulator has no notebook gone; :notebooks lists them',
    });
    expect(expandNotebookRefs('dsw status {notebook:twin}', notebooks)).toEqual({
      ok: false,
      error: '2 notebooks are named twin (dsw-bbbb2222, dsw-cccc3333); name one by its instance id',
    });
  });

  it('lists notebooks as a table: idle time only under a policy, which PAI counts only then', () => {
    expect(formatNotebooks([])).toMatch(/no DSW notebooks yet \(:notebook starts one\)/);
    const table = formatNotebooks([
      {
        instanceId: 'dsw-aaaa1111',
        name: 'left-on',
        workspaceId: '100001',
        status: 'Running',
        ecsSpec: 'ecs.gn7i-c8g1.2xlarge',
        accumulatedRunningTimeMs: 5 * 3_600_000 + 45 * 60_000,
        idleMinutes: 45,
        culler: { maxIdleTimeInMinutes: 240, cpuPercentThreshold: 20, gpuPercentThreshold: 10 },
        utilisation: { cpu: 1, gpu: 0 },
      },
      {
        instanceId: 'dsw-bbbb2222',
        name: 'scratch',
        workspaceId: '100002',
        status: 'Stopped',
        ecsSpec: 'ecs.g6.large',
        accumulatedRunningTimeMs: 3_600_000,
        idleMinutes: undefined,
        culler: undefined,
        utilisation: { cpu: 60, gpu: 60 },
      },
    ]).split('\n');
    expect(table[1]).toMatch(/^  Instance\s+Name\s+Status\s+Spec\s+Running\s+Idle\s+Idle-stop\s+Load\s+Workspace$/);
    expect(table[2]).toMatch(
      /^  dsw-aaaa1111\s+left-on\s+Running\s+ecs\.gn7i-c8g1\.2xlarge\s+5h 45m\s+45 min\s+4h \(CPU<20% GPU<10%\)\s+CPU 1% GPU 0%\s+100001$/,
    );
    expect(table[3]).toMatch(
      /^  dsw-bbbb2222\s+scratch\s+Stopped\s+ecs\.g6\.large\s+1h\s+-\s+none\s+CPU 60% GPU 60%\s+100002$/,
    );
  });
});

describe('parseConsoleLine: the lines that act behind the bot', () => {
  it('parses :external-job <name> [-w <workspace>] [--fail …]', () => {
    expect(command(':external-job nightly-eval')).toEqual({ kind: 'external-job', name: 'nightly-eval' });
    expect(command(':external-job nightly-eval -w prod')).toEqual({
      kind: 'external-job',
      name: 'nightly-eval',
      workspace: 'prod',
    });
    expect(command(':external-job etl -w prod --fail 403 # the OSS bucket policy')).toEqual({
      kind: 'external-job',
      name: 'etl',
      workspace: 'prod',
      fail: { scenario: 'oss_permission' },
    });
    expect(command(':external-job etl --fail out_of_memory')).toEqual({
      kind: 'external-job',
      name: 'etl',
      fail: { scenario: 'out_of_memory' },
    });
    expect(command(':external-job etl --fail OOMKilled worker-0 ran out of memory')).toEqual({
      kind: 'external-job',
      name: 'etl',
      fail: { reasonCode: 'OOMKilled', reasonMessage: 'worker-0 ran out of memory' },
    });
    expect(command(':external-job etl --fail JobFailed -w dev')).toMatchObject({
      fail: { reasonCode: 'JobFailed', reasonMessage: '-w dev' },
    });
    expect(command(':external-job etl --fail SomeCode')).toMatchObject({
      fail: { reasonCode: 'SomeCode', reasonMessage: expect.stringContaining('SomeCode') },
    });
  });

  it('refuses bad :external-job lines, naming the workspaces and the failure scenarios', () => {
    expect(error(':external-job')).toMatch(/:external-job takes a job name/);
    expect(error(':external-job -w dev')).toMatch(/:external-job takes a job name/);
    expect(error(':external-job bad/name')).toMatch(/:external-job takes/);
    expect(error(':external-job etl -w staging')).toBe(
      '-w staging is not a sandbox workspace; the workspaces are dev, prod',
    );
    expect(error(':external-job etl -w')).toMatch(/:external-job takes/);
    expect(error(':external-job etl -w dev -w prod')).toMatch(/:external-job takes/);
    expect(error(':external-job etl --replicas 2')).toMatch(/:external-job takes/);
    expect(error(':external-job etl --fail')).toMatch(/the scenarios are 403, oss_permission, out_of_memory/);
    // a scenario brings its own message
    expect(error(':external-job etl --fail 403 -w prod')).toMatch(/:external-job takes/);
    expect(error(':external-job etl --fail 42')).toMatch(/:external-job takes/);
  });

  it('parses :external-service <name> [-w <workspace>] [--replicas N], flags in any order', () => {
    expect(command(':external-service ci_canary')).toEqual({
      kind: 'external-service',
      name: 'ci_canary',
      replicas: 1,
    });
    expect(command(':external-service ci_canary -w dev --replicas 2')).toEqual({
      kind: 'external-service',
      name: 'ci_canary',
      workspace: 'dev',
      replicas: 2,
    });
    expect(command(':external-service ci_canary --replicas 0 -w prod')).toEqual({
      kind: 'external-service',
      name: 'ci_canary',
      workspace: 'prod',
      replicas: 0,
    });
    expect(error(':external-service')).toMatch(/:external-service takes an EAS service name/);
    expect(error(':external-service Ci-Canary')).toMatch(/:external-service takes/);
    expect(error(':external-service ci_canary --replicas two')).toMatch(/:external-service takes/);
    expect(error(':external-service ci_canary --replicas 1001')).toMatch(/0-1000/);
    expect(error(':external-service ci_canary --replicas')).toMatch(/:external-service takes/);
    expect(error(':external-service ci_canary -w qa')).toMatch(/-w qa is not a sandbox workspace/);
    expect(error(':external-service ci_canary --replicas 1 --replicas 2')).toMatch(/:external-service takes/);
  });

  it('parses :autoscale <service> <replicas> [cold start]', () => {
    expect(command(':autoscale fraud_svc 4')).toEqual({ kind: 'autoscale', service: 'fraud_svc', replicas: 4 });
    expect(command(':autoscale fraud_svc 0 2m')).toEqual({
      kind: 'autoscale',
      service: 'fraud_svc',
      replicas: 0,
      coldStartMs: 120_000,
    });
    expect(error(':autoscale')).toMatch(/:autoscale takes an EAS service name, a replica count/);
    expect(error(':autoscale fraud_svc')).toMatch(/:autoscale takes/);
    expect(error(':autoscale fraud_svc four')).toMatch(/:autoscale takes/);
    expect(error(':autoscale fraud_svc 4 2')).toMatch(/:autoscale takes/);
    expect(error(':autoscale fraud_svc 4 2m extra')).toMatch(/:autoscale takes/);
    expect(error(':autoscale Fraud 4')).toMatch(/:autoscale takes/);
  });

  it('knows the workspaces of the built-in config, and which channel defaults to which', () => {
    expect(sandboxWorkspaces()).toEqual([
      { alias: 'dev', id: '100001', channels: ['C0DEV'] },
      { alias: 'prod', id: '100002', channels: ['C0PROD'] },
    ]);
    expect(sandboxWorkspaces().map((w) => w.id)).toEqual(SANDBOX_WORKSPACES.map((w) => w.WorkspaceId));
    expect(sandboxWorkspaceFor(undefined, 'C0PROD')?.alias).toBe('prod');
    expect(sandboxWorkspaceFor('dev', 'C0PROD')?.alias).toBe('dev');
    expect(sandboxWorkspaceFor(undefined, 'C0ONCALL')).toBeUndefined();
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
    expect(parseScript('/pai ws\n:bogus\n:also-bogus', 'x.pai')).toEqual({
      ok: false,
      error: expect.stringMatching(/^x\.pai:2: unknown console command :bogus/),
    });
  });

  it('checks the lines that act behind the bot before anything runs', () => {
    expect(parseScript(':external-job etl -w prod --fail 403\n:external-service svc -w staging', 'x.pai')).toEqual({
      ok: false,
      error: 'x.pai:2: -w staging is not a sandbox workspace; the workspaces are dev, prod',
    });
    expect(parseScript(':autoscale svc 3 soon', 'x.pai')).toEqual({
      ok: false,
      error: expect.stringMatching(/^x\.pai:1: :autoscale takes/),
    });
  });

  it('checks the on-call control lines before anything runs', () => {
    expect(parseScript(':click Acknowledge\n:mute 4h\n:mute 2h', 'x.pai')).toEqual({
      ok: false,
      error: expect.stringMatching(/^x\.pai:3: :mute takes one of the durations .*1h, 4h, 24h/),
    });
    expect(parseScript(':click\n', 'x.pai')).toEqual({
      ok: false,
      error: expect.stringMatching(/^x\.pai:1: :click takes/),
    });
  });

  it('checks the DSW notebook lines and {notebook:…} references before anything runs', () => {
    const good =
      ':notebook left-on --running 5h\n:notebook-load left-on 1 0\n/pai dsw status {notebook:left-on}\n:notebooks';
    expect(parseScript(good, 'x.pai')).toMatchObject({ ok: true, lines: [{}, {}, {}, {}] });
    expect(parseScript(`${good}\n:notebook left-on --spec ecs.nope`, 'x.pai')).toEqual({
      ok: false,
      error: expect.stringMatching(/^x\.pai:5: :notebook --spec takes an instance type/),
    });
    expect(parseScript('/pai dsw stop {notebook:left-on --yes', 'x.pai')).toEqual({
      ok: false,
      error: expect.stringMatching(/^x\.pai:1: \{notebook: must be closed/),
    });
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
    expect(parseSandboxArgs(['--verbose'])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/unknown argument --verbose/),
    });
  });
});

describe('console rendering', () => {
  it('labels acks and response_url answers with who sees them', () => {
    expect(describeAck('U0BOB', 200, { response_type: 'ephemeral', text: ':warning: bad\n*Usage*' }, '')).toBe(
      '(ack, only visible to U0BOB) :warning: bad\n                             *Usage*',
    );
    expect(describeAck('U0BOB', 401, undefined, '')).toBe('(ack: HTTP 401) (empty ack)');
    const responders = new Map([['r1', 'U0ALICE']]);
    expect(
      describeActivity('response', { id: 'r1', body: { text: 'hi', response_type: 'ephemeral' } }, responders),
    ).toBe('(response, only visible to U0ALICE) hi');
    expect(describeActivity('response', { id: 'other', body: { text: 'hi' } }, responders)).toBe(
      '(response, only visible to the caller) hi',
    );
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

describe('sandbox config', () => {
  it('alerts #C0ONCALL, mentioning @S0ONCALL, after 30 s of simulated cold start', () => {
    const config = loadSandboxConfig({
      slackApiUrl: 'http://127.0.0.1:1',
      simUrl: 'http://127.0.0.1:2',
      redisUrl: 'redis://127.0.0.1:3',
    });
    expect(config.file.alerts).toMatchObject({
      channel: 'C0ONCALL',
      mention: ['S0ONCALL'],
      cold_start_after: 30_000,
      dev_max_per_hour: 2,
    });
  });

  it('counts notebooks idle after 30 min of simulated time and prices the default DSW and EAS instance types', () => {
    const config = loadSandboxConfig({
      slackApiUrl: 'http://127.0.0.1:1',
      simUrl: 'http://127.0.0.1:2',
      redisUrl: 'redis://127.0.0.1:3',
    });
    expect(config.file.notebooks).toEqual({ idle_after: 30 * 60_000, digest_every: 24 * 3_600_000 });
    expect(config.file.pricing).toEqual({
      currency: 'CNY',
      per_hour: { [DEFAULT_NOTEBOOK_SPEC]: 13.5, [DEFAULT_EAS_INSTANCE]: 0.9 },
    });
    const costs = {
      idleAfterMs: 30 * 60_000,
      digestEveryMs: 24 * 3_600_000,
      currency: 'CNY',
      perHour: config.file.pricing!.per_hour,
    };
    expect(costsLine(costs)).toBe(
      "a DSW notebook counts as idle after 30m of simulated time and the idle digest comes at most every 24h (notebooks); prices for cost estimates: ecs.gn7i-c8g1.2xlarge 13.5 CNY/h, ecs.c7.xlarge 0.9 CNY/h (pricing.per_hour), other DSW types at the simulator's list prices",
    );
    const welcome = welcomeText(
      { user: 'U0ALICE', channel: 'C0DEV' },
      { simUrl: 'http://sim', redis: 'redis://r', logPath: '/tmp/x.log', costs },
    );
    expect(welcome).toContain(`In the sandbox config, ${costsLine(costs)}.`);
    expect(welcome).toMatch(
      /:notebook left-on .*\n.*:advance 45m\n.*:wait Idle notebooks in dev\n.*:click Stop left-on/,
    );
  });

  it('documents every console command in :help, and the welcome text names the alerts channel', () => {
    for (const name of CONSOLE_COMMANDS) expect(CONSOLE_HELP).toContain(`  ${name}`);
    const welcome = welcomeText(
      { user: 'U0ALICE', channel: 'C0DEV' },
      {
        simUrl: 'http://sim',
        redis: 'redis://r',
        logPath: '/tmp/x.log',
        alerts: { channel: 'C0ONCALL', mention: ['S0ONCALL'], coldStartAfterMs: 30_000 },
      },
    );
    expect(welcome).toContain(CONSOLE_HELP);
    expect(welcome).toMatch(/#C0ONCALL \(alerts\).*@S0ONCALL.*30s/);
    expect(welcome).toMatch(/:cold-start .*\n.*eas deploy/);
    expect(welcome).toContain(':click Stop');
  });
});

const confirmation = renderConfirmation({ verb: 'stop', service: 'iris' });

describe('console rendering of alerts and buttons', () => {
  const responders = new Map<string, string>();

  it('labels the alerts channel, its thread replies and its edits', () => {
    const alert = {
      channel: 'C0ONCALL',
      ts: '1.000001',
      text: '<!subteam^S0ONCALL> Cold start',
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '<!subteam^S0ONCALL> :snowflake: *Cold start:* `iris`\nsecond line' },
        },
      ],
    };
    expect(describeActivity('message', alert, responders, 'C0ONCALL')).toBe(
      [
        '#C0ONCALL (alerts)  bot: @S0ONCALL :snowflake: *Cold start:* `iris`',
        '                         second line',
      ].join('\n'),
    );
    const reply = {
      channel: 'C0ONCALL',
      ts: '1.000002',
      thread_ts: '1.000001',
      text: ':white_check_mark: `iris` is ready; time to ready 2m.',
    };
    expect(describeActivity('message', reply, responders, 'C0ONCALL')).toBe(
      '  ↳ #C0ONCALL (alerts) thread reply: :white_check_mark: `iris` is ready; time to ready 2m.',
    );
    expect(describeActivity('update', { ...alert, text: 'resolved', blocks: undefined }, responders, 'C0ONCALL')).toBe(
      '#C0ONCALL (alerts)  (edited) resolved',
    );
    expect(describeActivity('update', { ...reply, text: 'x' }, responders, 'C0ONCALL')).toBe(
      '  ↳ #C0ONCALL (alerts) (edited reply) x',
    );
  });

  it('leaves the other channels as they were', () => {
    expect(describeActivity('message', { channel: 'C0DEV', ts: '1.1', text: 'card' }, responders, 'C0ONCALL')).toBe(
      '#C0DEV  bot: card',
    );
    expect(
      describeActivity(
        'message',
        { channel: 'C0DEV', ts: '1.2', thread_ts: '1.1', text: 'reply' },
        responders,
        'C0ONCALL',
      ),
    ).toBe('  ↳ thread reply: reply');
    expect(
      describeActivity('message', { channel: 'C0ONCALL', ts: '1.1', text: 'no alerts channel configured' }, responders),
    ).toBe('#C0ONCALL  bot: no alerts channel configured');
  });

  it("shows an ack's blocks with its buttons, and says how to press them", () => {
    const ack = describeAck('U0ALICE', 200, { response_type: 'ephemeral', ...confirmation }, '');
    const lines = ack.split('\n');
    expect(lines[0]).toMatch(/^\(ack, only visible to U0ALICE\) :warning: \*Stop\* EAS service `iris`\?/);
    expect(lines[1]).toBe(`${' '.repeat('(ack, only visible to U0ALICE) '.length)}[Stop iris] [Cancel]`);
    expect(lines[2]).toBe(CLICK_HINT);
    // without buttons there is no hint
    expect(
      describeAck(
        'U0ALICE',
        200,
        { text: 'Queued', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Queued' } }] },
        '',
      ),
    ).toBe('(ack, only visible to U0ALICE) Queued');
  });

  it('shows buttons on ephemerals and response_url answers too', () => {
    expect(
      describeActivity(
        'ephemeral',
        { channel: 'C0DEV', user: 'U0BOB', message_ts: '1.5', ...confirmation },
        responders,
      ),
    ).toMatch(/^\(only visible to U0BOB\) .*\n.*\[Stop iris\] \[Cancel\]\n\(:click/);
    expect(
      describeActivity('response', { id: 'r9', body: { response_type: 'ephemeral', ...confirmation } }, responders),
    ).toMatch(/\[Stop iris\] \[Cancel\]\n\(:click/);
  });

  it("names the console lines for an alert's on-call controls, and only those it still shows", () => {
    const blocks = [
      { type: 'section', text: { type: 'mrkdwn', text: '<!subteam^S0ONCALL> :snowflake: *Cold start:* `iris`' } },
      alertControlsBlock('eas:iris:1:cold_start'),
    ];
    expect(alertControlsHint(blocks)).toBe('(on-call: :click Acknowledge, :mute 1h|4h|24h)');
    const alert = { channel: 'C0ONCALL', ts: '1.000001', text: 'Cold start', blocks };
    expect(describeActivity('message', alert, responders, 'C0ONCALL')).toBe(
      [
        '#C0ONCALL (alerts)  bot: @S0ONCALL :snowflake: *Cold start:* `iris`',
        '                         [Acknowledge] [Mute… ▾]',
        '                         (on-call: :click Acknowledge, :mute 1h|4h|24h)',
      ].join('\n'),
    );
    const acked = acknowledgedBlocks(blocks, 'eas:iris:1:cold_start', 'U0BOB', Date.UTC(2026, 0, 10));
    expect(describeActivity('update', { ...alert, blocks: acked }, responders, 'C0ONCALL')).toMatch(
      /Acknowledged by @U0BOB at .*\n +\[Mute… ▾\]\n +\(on-call: :mute 1h\|4h\|24h\)$/,
    );
    expect(alertControlsHint(confirmation.blocks)).toBe('(on-call: :click Stop iris, :click Cancel)');
    expect(alertControlsHint([{ type: 'section', text: { type: 'mrkdwn', text: 'no controls' } }])).toBeUndefined();
  });

  it('lists simulator services as a table, with a held cold start', () => {
    expect(formatServices([], formatDuration)).toMatch(/no EAS services/);
    expect(
      formatServices(
        [
          {
            ServiceName: 'fraud_svc',
            Status: 'Waiting',
            RunningInstance: 0,
            PendingInstance: 2,
            TotalInstance: 2,
            WorkspaceId: '100001',
          },
          {
            ServiceName: 'iris',
            Status: 'Running',
            RunningInstance: 1,
            PendingInstance: 0,
            TotalInstance: 1,
            WorkspaceId: '100001',
            heldColdStartMs: 90_000,
          },
        ],
        formatDuration,
      ),
    ).toBe(
      [
        '[sandbox] simulator EAS services:',
        '  Service    Status   Run/Pend/Total  Workspace',
        '  fraud_svc  Waiting  0/2/2           100001',
        '  iris       Running  1/0/1           100001     next cold start held 1m 30s',
      ].join('\n'),
    );
  });
});

describe('buttons', () => {
  const buttons: ButtonRef[] = buttonsOf(confirmation.blocks);

  it('finds the buttons of actions blocks and section accessories', () => {
    expect(buttons).toEqual([
      {
        text: 'Stop iris',
        actionId: CONFIRM_ACTION_ID,
        blockId: 'eas_confirm',
        value: JSON.stringify({ verb: 'stop', service: 'iris' }),
      },
      { text: 'Cancel', actionId: CANCEL_ACTION_ID, blockId: 'eas_confirm', value: 'cancel' },
    ]);
    expect(buttonLabels(buttons)).toBe('[Stop iris] [Cancel]');
    expect(
      buttonsOf([
        {
          type: 'section',
          text: { type: 'mrkdwn', text: 'x' },
          accessory: { type: 'button', action_id: 'open', text: { type: 'plain_text', text: 'Open' } },
        },
      ]),
    ).toEqual([{ text: 'Open', actionId: 'open' }]);
    expect(buttonsOf(undefined)).toEqual([]);
    expect(buttonsOf([{ type: 'section', text: { type: 'mrkdwn', text: 'no buttons' } }])).toEqual([]);
  });

  it('picks a button by action_id, by text (any case), or by the one text containing the words', () => {
    expect(pickButton(buttons, 'eas_cancel')).toMatchObject({ ok: true, button: { text: 'Cancel' } });
    expect(pickButton(buttons, 'stop IRIS')).toMatchObject({ ok: true, button: { actionId: CONFIRM_ACTION_ID } });
    expect(pickButton(buttons, 'stop')).toMatchObject({ ok: true, button: { actionId: CONFIRM_ACTION_ID } });
    expect(pickButton(buttons, 'Delete iris')).toEqual({
      ok: false,
      error: expect.stringMatching(/no button "Delete iris".*\[Stop iris\] \(eas_confirm\), \[Cancel\] \(eas_cancel\)/),
    });
    const twins = [...buttons, { text: 'Stop iris now', actionId: 'other' }];
    // the exact text wins
    expect(pickButton(twins, 'Stop iris')).toMatchObject({ ok: true, button: { actionId: CONFIRM_ACTION_ID } });
    expect(pickButton(twins, 'iris')).toEqual({
      ok: false,
      error: expect.stringMatching(/matches \[Stop iris\] \[Stop iris now\]/),
    });
  });

  it('remembers the most recent private message with buttons, until a click replaces it', () => {
    const board = new ButtonBoard();
    expect(board.latest).toBeUndefined();
    expect(board.nothingToClick).toMatch(/no message with buttons to click yet/);
    expect(board.note('ack', [{ type: 'section', text: { type: 'mrkdwn', text: 'Queued' } }])).toBeUndefined();
    const ack = board.note('ack', confirmation.blocks, { channel: 'C0DEV', user: 'U0ALICE', replacedBy: 'cmd-1' })!;
    expect(ack).toMatchObject({ source: 'ack', synthetic: true, channel: 'C0DEV', user: 'U0ALICE' });
    expect(ack.messageTs).toMatch(/^\d+\.\d{6}$/);
    expect(board.latest).toBe(ack);

    const eph = board.note('ephemeral', confirmation.blocks, { messageTs: '1700000000.000900' })!;
    expect(eph).toMatchObject({ messageTs: '1700000000.000900', synthetic: false });
    expect(board.latest).toBe(eph);

    board.response('elsewhere', { replace_original: true, text: 'not about this message' });
    expect(board.latest).toBe(eph);
    eph.replacedBy.add('click-1'); // what :click does
    board.response('click-1', { replace_original: true, text: 'Queued' });
    expect(board.latest).toBeUndefined();
    expect(board.nothingToClick).toMatch(/replaced the last one \(\[Stop iris\] \[Cancel\]\)/);

    board.response('cmd-2', { response_type: 'ephemeral', ...confirmation });
    expect(board.latest).toMatchObject({ source: 'response', synthetic: true });
    expect(board.latest!.replacedBy.has('cmd-2')).toBe(true);
  });

  it('builds the block_actions payload Slack sends for a click on an ephemeral message', () => {
    const board = new ButtonBoard();
    const message = board.note('ephemeral', confirmation.blocks, { messageTs: '1700000000.000900' })!;
    const payload = blockActionsPayload({
      message,
      button: buttons[0]!,
      user: 'U0ALICE',
      channel: 'C0DEV',
      responseUrl: 'http://slack/respond/x',
    });
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0ALICE' },
      container: { type: 'message', message_ts: '1700000000.000900', channel_id: 'C0DEV', is_ephemeral: true },
      channel: { id: 'C0DEV' },
      response_url: 'http://slack/respond/x',
      actions: [
        {
          type: 'button',
          action_id: CONFIRM_ACTION_ID,
          block_id: 'eas_confirm',
          value: JSON.stringify({ verb: 'stop', service: 'iris' }),
          text: { type: 'plain_text', text: 'Stop iris' },
        },
      ],
    });
    expect(typeof payload.trigger_id).toBe('string');
  });
});

describe('the on-call controls on alerts', () => {
  const controls = (id: string) => alertControlsBlock(id);
  const alert = (ts: string, title: string, extra: Partial<ChannelMessage> = {}): ChannelMessage => ({
    channel: 'C0ONCALL',
    ts,
    text: title,
    user: 'U0BOT',
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: title } }, controls(`id-${ts}`)],
    ...extra,
  });

  it('finds the Mute menu with its options', () => {
    expect(menusOf([controls('eas:iris:1:cold_start')])).toEqual([
      {
        placeholder: 'Mute…',
        actionId: MUTE_ACTION_ID,
        blockId: 'alert_controls:eas:iris:1:cold_start',
        options: [
          { text: 'Mute 1 h', value: '1h' },
          { text: 'Mute 4 h', value: '4h' },
          { text: 'Mute 24 h', value: '24h' },
        ],
      },
    ]);
    expect(menusOf(confirmation.blocks)).toEqual([]);
    expect(buttonsOf([controls('x')])).toEqual([
      { text: 'Acknowledge', actionId: ACK_ACTION_ID, blockId: 'alert_controls:x', value: 'x' },
    ]);
  });

  it('presses Acknowledge on the most recent alert that still shows it; thread replies are not alerts', () => {
    const older = alert('1.000001', 'OSS 403');
    const acked = alert('1.000002', 'cold start acked', {
      blocks: acknowledgedBlocks(alert('1.000002', 'x').blocks!, 'id-1.000002', 'U0BOB', 0),
    });
    const reply = alert('1.000003', 'a reply with controls', { thread_ts: '1.000001' });
    expect(pickChannelButton([older, acked, reply], 'Acknowledge', 'C0ONCALL')).toMatchObject({
      ok: true,
      message: { ts: '1.000001' },
      button: { actionId: ACK_ACTION_ID, value: 'id-1.000001' },
    });
    const newest = alert('1.000004', 'cold start');
    expect(pickChannelButton([older, acked, reply, newest], ACK_ACTION_ID, 'C0ONCALL')).toMatchObject({
      ok: true,
      message: { ts: '1.000004' },
    });
    expect(pickChannelButton([acked], 'Acknowledge', 'C0ONCALL')).toEqual({
      ok: false,
      error: 'no alert in #C0ONCALL shows a button "Acknowledge"',
    });
    expect(pickChannelButton([], 'Acknowledge', 'C0ONCALL')).toMatchObject({ ok: false });
  });

  it('picks a Mute option on the most recent alert with the menu, acknowledged or not', () => {
    const older = alert('1.000001', 'OSS 403');
    const acked = alert('1.000002', 'cold start', {
      blocks: acknowledgedBlocks(alert('1.000002', 'x').blocks!, 'id-1.000002', 'U0BOB', 0),
    });
    const plain = alert('1.000003', 'an old alert without controls', {
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'old' } }],
    });
    expect(pickAlertMenuOption([older, acked, plain], MUTE_ACTION_ID, '4h', 'C0ONCALL')).toMatchObject({
      ok: true,
      message: { ts: '1.000002' },
      menu: { blockId: 'alert_controls:id-1.000002' },
      option: { text: 'Mute 4 h', value: '4h' },
    });
    expect(pickAlertMenuOption([older], MUTE_ACTION_ID, '2h', 'C0ONCALL')).toEqual({
      ok: false,
      error: 'the Mute… menu of the most recent alert in #C0ONCALL has no option 2h; it has 1h, 4h, 24h',
    });
    expect(pickAlertMenuOption([plain], MUTE_ACTION_ID, '4h', 'C0ONCALL')).toEqual({
      ok: false,
      error: expect.stringMatching(/^no alert in #C0ONCALL has a menu alert_mute yet/),
    });
  });

  it('builds the block_actions payload Slack sends for a control on a channel message: the message as it is now, the menu state', () => {
    const message = alert('1700000000.000100', 'Cold start');
    const [button] = buttonsOf(message.blocks);
    const [menu] = menusOf(message.blocks);
    const replies = [{ ts: '1700000001.000100', user: 'U0BOT' }];
    const ack = channelBlockActionsPayload({
      message,
      replies,
      action: { type: 'button', button: button! },
      user: 'U0BOB',
      responseUrl: 'http://slack/respond/a',
    });
    expect(ack).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0BOB' },
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0ONCALL', is_ephemeral: false },
      channel: { id: 'C0ONCALL' },
      message: {
        type: 'message',
        user: 'U0BOT',
        bot_id: 'B0BOT',
        ts: '1700000000.000100',
        text: 'Cold start',
        blocks: message.blocks,
        thread_ts: '1700000000.000100',
        reply_count: 1,
        latest_reply: '1700000001.000100',
      },
      state: {
        values: {
          'alert_controls:id-1700000000.000100': { [MUTE_ACTION_ID]: { type: 'static_select', selected_option: null } },
        },
      },
      response_url: 'http://slack/respond/a',
      actions: [
        {
          type: 'button',
          action_id: ACK_ACTION_ID,
          block_id: 'alert_controls:id-1700000000.000100',
          value: 'id-1700000000.000100',
          text: { type: 'plain_text', text: 'Acknowledge' },
        },
      ],
    });
    const option = menu!.options[1]!;
    const mute = channelBlockActionsPayload({
      message,
      action: { type: 'static_select', menu: menu!, option },
      user: 'U0BOB',
      responseUrl: 'http://slack/respond/m',
    });
    const picked = { text: { type: 'plain_text', text: 'Mute 4 h', emoji: true }, value: '4h' };
    expect(mute.actions).toEqual([
      {
        type: 'static_select',
        action_id: MUTE_ACTION_ID,
        block_id: 'alert_controls:id-1700000000.000100',
        selected_option: picked,
        placeholder: { type: 'plain_text', text: 'Mute…', emoji: true },
        action_ts: expect.stringMatching(/^\d+\.\d{6}$/),
      },
    ]);
    expect(mute.state).toEqual({
      values: {
        'alert_controls:id-1700000000.000100': { [MUTE_ACTION_ID]: { type: 'static_select', selected_option: picked } },
      },
    });
    expect(mute.message).not.toHaveProperty('thread_ts'); // no replies yet
  });
});

/** The idle digest as the bot renders it, for notebooks of these names (idle 45 min, 5.75 h at 13.5 CNY/h). */
function digestOf(...names: string[]) {
  const price = { instanceType: 'ecs.gn7i-c8g1.2xlarge', perHour: 13.5, currency: 'CNY', source: 'config' } as const;
  return renderNotebookDigest({
    workspace: 'dev',
    idleAfterMs: 30 * 60_000,
    digestEveryMs: 24 * 3_600_000,
    notebooks: names.map((name, i) => ({
      instanceId: `dsw-${String(i).repeat(8)}`,
      name,
      ecsSpec: 'ecs.gn7i-c8g1.2xlarge',
      runningMs: 5.75 * 3_600_000,
      idleMinutes: 45,
      reason: 'idle' as const,
      costSoFar: runCost(price, [5.75 * 3_600_000]),
    })),
  });
}

describe("buttons on channel messages: the idle digest's", () => {
  const one = digestOf('left-on');
  const two = digestOf('left-on', 'left-on-2');
  const message = (ts: string, blocks: unknown, extra: Partial<ChannelMessage> = {}): ChannelMessage => ({
    channel: 'C0DEV',
    ts,
    text: 'Idle notebooks in dev: 1',
    user: 'U0BOT',
    blocks: blocks as ChannelMessage['blocks'],
    ...extra,
  });

  it('places each button under the line above it, and reads its confirmation dialog', () => {
    const placed = placedButtonsOf(two.blocks);
    expect(placed.map((p) => [p.button.text, p.context?.split('\n')[0]])).toEqual([
      ['Stop', '*left-on* `dsw-00000000` `ecs.gn7i-c8g1.2xlarge`'],
      ['Add idle-stop (60 min)', '*left-on* `dsw-00000000` `ecs.gn7i-c8g1.2xlarge`'],
      ['Stop', '*left-on-2* `dsw-11111111` `ecs.gn7i-c8g1.2xlarge`'],
      ['Add idle-stop (60 min)', '*left-on-2* `dsw-11111111` `ecs.gn7i-c8g1.2xlarge`'],
    ]);
    expect(placed[0]!.button).toMatchObject({
      actionId: DIGEST_STOP_ACTION_ID,
      value: JSON.stringify({ w: 'dev', i: 'dsw-00000000' }),
      confirm: { title: 'Stop this notebook?', ok: 'Stop' },
    });
    expect(placed[1]!.button).not.toHaveProperty('confirm');
  });

  it('picks a button by its text and words of the line above it; the same words alone are refused as ambiguous', () => {
    const { buttons, contextOf } = withContexts(placedButtonsOf(two.blocks));
    const pick = (target: string) => pickButton(buttons, target, contextOf);
    expect(pick('Stop left-on')).toMatchObject({
      ok: true,
      button: { value: JSON.stringify({ w: 'dev', i: 'dsw-00000000' }) },
    });
    expect(pick('stop LEFT-ON-2')).toMatchObject({
      ok: true,
      button: { value: JSON.stringify({ w: 'dev', i: 'dsw-11111111' }) },
    });
    expect(pick('dsw_digest_stop dsw-11111111')).toMatchObject({
      ok: true,
      button: { actionId: DIGEST_STOP_ACTION_ID },
    });
    expect(pick('Add idle-stop left-on')).toMatchObject({
      ok: true,
      button: { actionId: DIGEST_IDLE_STOP_ACTION_ID, value: JSON.stringify({ w: 'dev', i: 'dsw-00000000' }) },
    });
    // a word must be whole: "left" is in neither line
    expect(pick('Stop left')).toMatchObject({ ok: false, error: expect.stringMatching(/^no button "Stop left"/) });
    expect(pick('Stop')).toEqual({
      ok: false,
      error:
        '"Stop" matches 2 buttons [Stop], one under each of left-on, left-on-2; name the one you mean after the button, e.g. :click Stop left-on',
    });
    // where one notebook is listed, its Stop is the only one
    const single = withContexts(placedButtonsOf(one.blocks));
    expect(pickButton(single.buttons, 'Stop', single.contextOf)).toMatchObject({ ok: true });
    expect(mentions('*left-on* `dsw-1`', 'left-on')).toBe(true);
    expect(mentions('*left-on-2* `dsw-1`', 'left-on')).toBe(false);
    expect(mentions(undefined, 'left-on')).toBe(false);
  });

  it('finds a button on the most recent channel message showing it, naming the line it sits under where that tells it apart', () => {
    const older = message('1.000001', two.blocks);
    const reply = message('1.000003', one.blocks, { thread_ts: '1.000001' });
    const newer = message('1.000002', one.blocks);
    expect(pickChannelButton([older, newer, reply], 'Stop', 'C0DEV', 'message')).toMatchObject({
      ok: true,
      message: { ts: '1.000002' },
      button: { actionId: DIGEST_STOP_ACTION_ID },
    });
    expect(pickChannelButton([older, newer], 'Stop', 'C0DEV', 'message')).not.toHaveProperty('context');
    expect(pickChannelButton([older, newer], 'Stop left-on-2', 'C0DEV', 'message')).toMatchObject({
      ok: true,
      message: { ts: '1.000001' },
      context: expect.stringMatching(/^\*left-on-2\*/),
    });
    expect(pickChannelButton([older], 'Stop', 'C0DEV', 'message')).toEqual({
      ok: false,
      error: expect.stringMatching(/^"Stop" matches 2 buttons \[Stop\]/),
      message: older,
    });
    expect(pickChannelButton([older], 'Approve', 'C0DEV', 'message')).toEqual({
      ok: false,
      error: 'no message in #C0DEV shows a button "Approve"',
    });
  });

  it('tells how to click them in the transcript, with a word of the line above where buttons read alike', () => {
    expect(channelClickHint(one.blocks)).toBe('(:click Stop, :click Add idle-stop (60 min))');
    expect(channelClickHint(two.blocks)).toBe(
      '(:click Stop left-on, :click Add idle-stop (60 min) left-on: after the button, a word of the line above it says which)',
    );
    expect(channelClickHint([{ type: 'section', text: { type: 'mrkdwn', text: 'a card' } }])).toBeUndefined();
    expect(describeActivity('message', { channel: 'C0DEV', ts: '1.1', ...one }, new Map(), 'C0ONCALL')).toMatch(
      /^#C0DEV  bot: :zzz: \*Idle notebooks in dev\*[\s\S]*\[Stop\] \[Add idle-stop \(60 min\)\][\s\S]*\n\(:click Stop, :click Add idle-stop \(60 min\)\)$/,
    );
    // a thread reply or an edit gets no hint
    expect(
      describeActivity('message', { channel: 'C0DEV', ts: '1.2', thread_ts: '1.1', ...one }, new Map(), 'C0ONCALL'),
    ).not.toMatch(/:click/);
    expect(describeActivity('update', { channel: 'C0DEV', ts: '1.1', ...one }, new Map(), 'C0ONCALL')).not.toMatch(
      /:click/,
    );
  });
});

// The console lines against a stub world: the simulator knobs are recorded, and :click goes over
// real HTTP to a stand-in bot (which checks the signature) and a real fake Slack.
describe('runCommand: the EAS console lines', () => {
  const SECRET = 'unit-test-signing-secret';
  let slack: FakeSlack | undefined;
  let bot: Server | undefined;
  afterEach(async () => {
    await slack?.stop();
    await new Promise((r) => (bot ? bot.close(r) : r(undefined)));
    slack = undefined;
    bot = undefined;
  });

  interface Recorded {
    held: [string, number][];
    planned: Partial<ServicePlan>[];
    // biome-ignore lint/suspicious/noExplicitAny: Slack's interaction payloads, read field by field in the assertions
    clicks: Record<string, any>[];
  }

  function stubWorld(rec: Recorded, extra: Partial<SandboxWorld> = {}): SandboxWorld {
    const sim = {
      holdColdStart: (name: string, ms: number) => rec.held.push([name, ms]),
      planNextService: (plan: Partial<ServicePlan>) => rec.planned.push(plan),
      services: () => [
        {
          ServiceName: 'iris',
          Status: 'Running',
          RunningInstance: 2,
          PendingInstance: 0,
          TotalInstance: 2,
          WorkspaceId: '100001',
        },
      ],
    };
    return {
      sim,
      ticker: { speed: 20, setSpeed: () => undefined, stop: () => undefined },
      alerts: { channel: 'C0ONCALL', mention: ['S0ONCALL'], coldStartAfterMs: 30_000 },
      signingSecret: SECRET,
      ...extra,
    } as unknown as SandboxWorld;
  }

  function context(world: SandboxWorld): { ctx: LineContext; said: string[]; printed: string[] } {
    const said: string[] = [];
    const printed: string[] = [];
    const ctx: LineContext = {
      world,
      output: new BotOutput((t) => printed.push(t)),
      state: { user: 'U0ALICE', channel: 'C0DEV' },
      responders: new Map(),
      buttons: new ButtonBoard(),
      say: (t) => said.push(t),
      settle: false,
    };
    return { ctx, said, printed };
  }

  const fresh = (): Recorded => ({ held: [], planned: [], clicks: [] });

  it(':cold-start holds the next episode, saying which one and when the bot alerts', async () => {
    const rec = fresh();
    const { ctx, said } = context(stubWorld(rec));
    expect(await runCommand({ kind: 'cold-start', service: 'fraud_svc', ms: 120_000 }, ctx)).toEqual({ ok: true });
    expect(await runCommand({ kind: 'cold-start', service: 'iris', ms: 90_000 }, ctx)).toEqual({ ok: true });
    expect(rec.held).toEqual([
      ['fraud_svc', 120_000],
      ['iris', 90_000],
    ]);
    expect(said[0]).toMatch(
      /fraud_svc \(its deploy\).*2m of simulated time \(~6s real time at 20x\).*#C0ONCALL .*over 30s/,
    );
    expect(said[1]).toMatch(/iris \(its next scale-up, start or restart\)/);
  });

  it(':fail-next-service plans a Failed service; :services prints the table', async () => {
    const rec = fresh();
    const { ctx, said } = context(stubWorld(rec));
    await runCommand({ kind: 'fail-next-service', reason: 'ImagePullBackOff', message: 'no such image' }, ctx);
    await runCommand({ kind: 'fail-next-service', reason: 'CrashLoopBackOff' }, ctx);
    expect(rec.planned).toEqual([
      { outcome: 'Failed', reason: 'ImagePullBackOff', message: 'no such image' },
      { outcome: 'Failed', reason: 'CrashLoopBackOff' },
    ]);
    expect(said[0]).toMatch(/next deployed EAS service will go Failed with ImagePullBackOff/);
    await runCommand({ kind: 'services' }, ctx);
    expect(said.at(-1)).toMatch(/simulator EAS services:\n.*\n  iris\s+Running\s+2\/0\/2\s+100001/);
  });

  it(':click without a message with buttons, or naming no button, fails and sends nothing', async () => {
    slack = createFakeSlack({ token: 'xoxb-unit' }); // no alerts in it either
    const { ctx } = context(stubWorld(fresh(), { slack }));
    expect(await runCommand({ kind: 'click', target: 'Stop iris' }, ctx)).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /no message with buttons to click yet.*; and no alert in #C0ONCALL shows a button "Stop iris"$/,
      ),
    });
    ctx.buttons.note('ack', confirmation.blocks);
    expect(await runCommand({ kind: 'click', target: 'Delete iris' }, ctx)).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /no button "Delete iris" on the last message with buttons.*; and no alert in #C0ONCALL shows a button "Delete iris"$/,
      ),
    });
  });

  it(':click sends a signed block_actions payload as the current user and channel, and prints the answer that replaces the message', async () => {
    const rec = fresh();
    slack = createFakeSlack({ token: 'xoxb-unit' });
    await slack.start(0, '127.0.0.1');
    bot = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        const ts = Number(req.headers['x-slack-request-timestamp']);
        if (req.headers['x-slack-signature'] !== signSlackBody(SECRET, raw, ts)) {
          res.writeHead(401).end();
          return;
        }
        // biome-ignore lint/suspicious/noExplicitAny: Slack's interaction payload, read field by field below
        const payload = JSON.parse(new URLSearchParams(raw).get('payload') ?? '{}') as Record<string, any>;
        rec.clicks.push(payload);
        res.writeHead(200).end();
        void fetch(payload.response_url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ replace_original: true, text: 'Queued `eas stop iris`.' }),
        });
      });
    });
    await new Promise<void>((r) => bot!.listen(0, '127.0.0.1', r));
    const world = stubWorld(rec, {
      slack,
      eventsUrl: `http://127.0.0.1:${(bot.address() as AddressInfo).port}/slack/events`,
    });
    const { ctx, said, printed } = context(world);
    followSlack(slack, ctx.responders, (t) => ctx.output.add(t), { buttons: ctx.buttons });
    ctx.buttons.note('ack', confirmation.blocks, { channel: 'C0DEV', user: 'U0ALICE' });
    const messageTs = ctx.buttons.latest!.messageTs;
    ctx.state.user = 'U0BOB';
    ctx.state.channel = 'C0PROD';

    expect(await runCommand({ kind: 'click', target: 'Stop iris' }, ctx)).toEqual({ ok: true });
    expect(rec.clicks).toHaveLength(1);
    expect(rec.clicks[0]).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0BOB' },
      channel: { id: 'C0PROD' },
      container: { message_ts: messageTs, channel_id: 'C0PROD', is_ephemeral: true },
      actions: [{ action_id: CONFIRM_ACTION_ID, value: JSON.stringify({ verb: 'stop', service: 'iris' }) }],
    });
    expect(said).toContain('[sandbox] U0BOB clicks [Stop iris] (action_id eas_confirm) in #C0PROD');
    expect(printed).toContain('(response, only visible to U0BOB, replacing the original) Queued `eas stop iris`.');
    // the answer replaced the message: its buttons are gone, as in Slack
    expect(await runCommand({ kind: 'click', target: 'Stop iris' }, ctx)).toEqual({
      ok: false,
      reason: expect.stringMatching(/replaced the last one/),
    });
    expect(rec.clicks).toHaveLength(1);
  });

  /** A stand-in bot that checks the signature, records each payload and answers alert presses the way the bot does: an edit and a thread reply. */
  async function alertBot(rec: Recorded, web: WebClient): Promise<string> {
    bot = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        const ts = Number(req.headers['x-slack-request-timestamp']);
        if (req.headers['x-slack-signature'] !== signSlackBody(SECRET, raw, ts)) {
          res.writeHead(401).end();
          return;
        }
        // biome-ignore lint/suspicious/noExplicitAny: Slack's interaction payload, read field by field below
        const payload = JSON.parse(new URLSearchParams(raw).get('payload') ?? '{}') as Record<string, any>;
        rec.clicks.push(payload);
        res.writeHead(200).end();
        const action = payload.actions[0];
        const [channel, alertTs, user] = [
          payload.channel.id as string,
          payload.container.message_ts as string,
          payload.user.id as string,
        ];
        void (async () => {
          if (action.action_id === ACK_ACTION_ID) {
            await web.chat.update({
              channel,
              ts: alertTs,
              text: payload.message.text,
              blocks: acknowledgedBlocks(payload.message.blocks, action.value, user, 0),
            });
            await web.chat.postMessage({ channel, thread_ts: alertTs, text: `Acknowledged by <@${user}>` });
          } else {
            await web.chat.postMessage({
              channel,
              thread_ts: alertTs,
              text: `Muted for ${action.selected_option.value} by <@${user}>`,
            });
          }
        })();
      });
    });
    await new Promise<void>((r) => bot!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(bot.address() as AddressInfo).port}/slack/events`;
  }

  async function postAlert(web: WebClient, id: string, title: string): Promise<string> {
    const posted = await web.chat.postMessage({
      channel: 'C0ONCALL',
      text: title,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: title } }, alertControlsBlock(id)],
    });
    return String(posted.ts);
  }

  it(':click Acknowledge and :mute 4h press the controls of the most recent alert showing them, as the current user, the way Slack sends it', async () => {
    const rec = fresh();
    slack = createFakeSlack({ token: 'xoxb-unit' });
    const web = new WebClient('xoxb-unit', { slackApiUrl: await slack.start(0, '127.0.0.1') });
    const eventsUrl = await alertBot(rec, web);
    const { ctx, said, printed } = context(stubWorld(rec, { slack, eventsUrl }));
    followSlack(slack, ctx.responders, (t) => ctx.output.add(t), { buttons: ctx.buttons, alertsChannel: 'C0ONCALL' });
    const oss = await postAlert(web, 'dlc:dlc1:oss_403', 'OSS 403 on nightly-etl');
    const cold = await postAlert(web, 'eas:svc:1:cold_start', 'Cold start of console_svc');
    // a private message without Acknowledge
    ctx.buttons.note('ack', confirmation.blocks, { channel: 'C0DEV', user: 'U0ALICE' });
    ctx.state.user = 'U0BOB';

    expect(await runCommand({ kind: 'click', target: 'Acknowledge' }, ctx)).toEqual({ ok: true });
    expect(rec.clicks[0]).toMatchObject({
      user: { id: 'U0BOB' },
      channel: { id: 'C0ONCALL' },
      container: { message_ts: cold, channel_id: 'C0ONCALL', is_ephemeral: false },
      message: {
        ts: cold,
        text: 'Cold start of console_svc',
        blocks: slack.messages('C0ONCALL').find((m) => m.ts === cold)!.history[0]!.blocks,
      },
      actions: [
        {
          type: 'button',
          action_id: ACK_ACTION_ID,
          value: 'eas:svc:1:cold_start',
          block_id: 'alert_controls:eas:svc:1:cold_start',
        },
      ],
    });
    expect(said).toContain(
      '[sandbox] U0BOB clicks [Acknowledge] (action_id alert_ack) on the alert in #C0ONCALL that reads: Cold start of console_svc',
    );
    await slack.waitFor(() => printed.some((t) => t.includes('thread reply: Acknowledged by @U0BOB')));
    expect(printed.find((t) => t.startsWith('#C0ONCALL (alerts)  (edited) Cold start of console_svc'))).toMatch(
      /Acknowledged by @U0BOB at .*\n +\[Mute… ▾\]\n +\(on-call: :mute 1h\|4h\|24h\)$/,
    );

    // The Mute menu of the most recent alert (acknowledged: the menu is all it still shows), with its blocks as they
    // are now.
    expect(await runCommand({ kind: 'mute', value: '4h' }, ctx)).toEqual({ ok: true });
    const now = slack.messages('C0ONCALL').find((m) => m.ts === cold)!;
    expect(rec.clicks[1]).toMatchObject({
      user: { id: 'U0BOB' },
      container: { message_ts: cold, channel_id: 'C0ONCALL', is_ephemeral: false },
      message: { ts: cold, blocks: now.blocks, thread_ts: cold, reply_count: 1 },
      state: {
        values: {
          'alert_controls:eas:svc:1:cold_start': {
            [MUTE_ACTION_ID]: { type: 'static_select', selected_option: { value: '4h' } },
          },
        },
      },
      actions: [
        {
          type: 'static_select',
          action_id: MUTE_ACTION_ID,
          block_id: 'alert_controls:eas:svc:1:cold_start',
          selected_option: { text: { type: 'plain_text', text: 'Mute 4 h' }, value: '4h' },
        },
      ],
    });
    expect(said).toContain(
      '[sandbox] U0BOB picks [Mute 4 h] (value 4h) from [Mute… ▾] (action_id alert_mute) on the alert in #C0ONCALL that reads: Cold start of console_svc',
    );
    await slack.waitFor(() => printed.some((t) => t.includes('thread reply: Muted for 4h by @U0BOB')));

    // Acknowledge again: the cold start no longer shows it, the OSS alert still does.
    expect(await runCommand({ kind: 'click', target: 'alert_ack' }, ctx)).toEqual({ ok: true });
    expect(rec.clicks[2]).toMatchObject({
      container: { message_ts: oss },
      actions: [{ action_id: ACK_ACTION_ID, value: 'dlc:dlc1:oss_403' }],
    });
    // the stand-in's last reply, before the fake Slack stops
    await slack.waitFor(() => slack!.thread('C0ONCALL', oss).length > 0);
    // A button the private message shows is still pressed there.
    expect(pickButton(ctx.buttons.latest!.buttons, 'Cancel')).toMatchObject({ ok: true });
  });

  it('the on-call lines fail, sending nothing, when no alert shows the control; Mute is a menu, not a button', async () => {
    const rec = fresh();
    slack = createFakeSlack({ token: 'xoxb-unit' });
    const web = new WebClient('xoxb-unit', { slackApiUrl: await slack.start(0, '127.0.0.1') });
    const eventsUrl = await alertBot(rec, web);
    const { ctx } = context(stubWorld(rec, { slack, eventsUrl }));
    expect(await runCommand({ kind: 'mute', value: '4h' }, ctx)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^no alert in #C0ONCALL has a menu alert_mute yet/),
    });
    expect(await runCommand({ kind: 'click', target: 'Acknowledge' }, ctx)).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /no message with buttons to click yet.*; and no alert in #C0ONCALL shows a button "Acknowledge"$/,
      ),
    });
    await postAlert(web, 'x', 'an alert');
    expect(await runCommand({ kind: 'click', target: 'Mute 4h' }, ctx)).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /the Mute menu is a menu, not a button: pick its option with :mute <duration>, e.g. :mute 4h$/,
      ),
    });
    const { ctx: noAlerts } = context(stubWorld(rec, { slack, eventsUrl, alerts: undefined }));
    expect(await runCommand({ kind: 'mute', value: '1h' }, noAlerts)).toEqual({
      ok: false,
      reason: 'the sandbox config has no alerts channel, so there are no alerts to press',
    });
    expect(rec.clicks).toEqual([]);
  });

  /**
   * A stand-in bot that checks the signature, records each payload, and answers every click on its response_url
   * the way the digest's and the confirmation's listeners do (records the /pai texts it is sent too).
   */
  async function answeringBot(rec: Recorded, texts: string[] = []): Promise<string> {
    bot = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        const ts = Number(req.headers['x-slack-request-timestamp']);
        if (req.headers['x-slack-signature'] !== signSlackBody(SECRET, raw, ts)) {
          res.writeHead(401).end();
          return;
        }
        const form = new URLSearchParams(raw);
        if (form.get('command') === '/pai') {
          texts.push(form.get('text') ?? '');
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text: 'Looking that up…' }));
          return;
        }
        // biome-ignore lint/suspicious/noExplicitAny: Slack's interaction payload, read field by field below
        const payload = JSON.parse(form.get('payload') ?? '{}') as Record<string, any>;
        rec.clicks.push(payload);
        res.writeHead(200).end();
        void fetch(payload.response_url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            response_type: 'ephemeral',
            replace_original: false,
            text: `Queued for ${payload.actions[0].action_id}.`,
          }),
        });
      });
    });
    await new Promise<void>((r) => bot!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(bot.address() as AddressInfo).port}/slack/events`;
  }

  async function digestWorld(rec: Recorded) {
    slack = createFakeSlack({ token: 'xoxb-unit' });
    const web = new WebClient('xoxb-unit', { slackApiUrl: await slack.start(0, '127.0.0.1') });
    const eventsUrl = await answeringBot(rec);
    const { ctx, said, printed } = context(stubWorld(rec, { slack, eventsUrl }));
    followSlack(slack, ctx.responders, (t) => ctx.output.add(t), { buttons: ctx.buttons, alertsChannel: 'C0ONCALL' });
    const post = async (channel: string, digest: { text: string; blocks?: unknown[] }) =>
      String((await web.chat.postMessage({ channel, ...digest } as Parameters<typeof web.chat.postMessage>[0])).ts);
    return { ctx, said, printed, post };
  }

  it(":click presses the idle digest's Stop in the current channel as Slack sends a press on a channel message, its confirmation answered, and prints the answer", async () => {
    const rec = fresh();
    const { ctx, said, printed, post } = await digestWorld(rec);
    const digest = digestOf('left-on');
    const ts = await post('C0DEV', digest);
    await slack!.waitFor(() => printed.some((t) => t.startsWith('#C0DEV  bot: :zzz:')));

    expect(await runCommand({ kind: 'click', target: 'Stop left-on' }, ctx)).toEqual({ ok: true });
    expect(rec.clicks).toHaveLength(1);
    expect(rec.clicks[0]).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0ALICE' },
      channel: { id: 'C0DEV' },
      container: { type: 'message', message_ts: ts, channel_id: 'C0DEV', is_ephemeral: false },
      message: { ts, blocks: slack!.messages('C0DEV')[0]!.blocks },
      actions: [
        { type: 'button', action_id: DIGEST_STOP_ACTION_ID, value: JSON.stringify({ w: 'dev', i: 'dsw-00000000' }) },
      ],
    });
    expect(said).toEqual([
      expect.stringMatching(
        /^\[sandbox\] U0ALICE clicks \[Stop\] \(action_id dsw_digest_stop\) on the message in #C0DEV that reads: :zzz: \*Idle notebooks in dev\*: 1 running notebook.*; Slack asks "Stop this notebook\?" first, and the console answers \[Stop\]$/,
      ),
    ]);
    expect(printed).toContain('(response, only visible to U0ALICE) Queued for dsw_digest_stop.');

    // The other button, by its whole text; it has no dialog.
    expect(await runCommand({ kind: 'click', target: 'Add idle-stop (60 min)' }, ctx)).toEqual({ ok: true });
    expect(rec.clicks[1]).toMatchObject({ actions: [{ action_id: DIGEST_IDLE_STOP_ACTION_ID }] });
    expect(said.at(-1)).not.toMatch(/Slack asks/);
  });

  it(':click presses the most recent message showing the button: a private one or a channel one, whichever came last', async () => {
    const rec = fresh();
    const { ctx, said, printed, post } = await digestWorld(rec);
    ctx.buttons.note('ack', confirmation.blocks, { channel: 'C0DEV', user: 'U0ALICE' }); // [Stop iris] [Cancel]
    await post('C0DEV', digestOf('left-on'));
    await slack!.waitFor(() => printed.some((t) => t.startsWith('#C0DEV  bot: :zzz:')));
    expect(await runCommand({ kind: 'click', target: 'Stop' }, ctx)).toEqual({ ok: true });
    expect(rec.clicks[0]).toMatchObject({
      container: { is_ephemeral: false },
      actions: [{ action_id: DIGEST_STOP_ACTION_ID }],
    });

    ctx.buttons.note('ack', confirmation.blocks, { channel: 'C0DEV', user: 'U0ALICE' });
    expect(await runCommand({ kind: 'click', target: 'Stop' }, ctx)).toEqual({ ok: true });
    expect(rec.clicks[1]).toMatchObject({
      container: { is_ephemeral: true },
      actions: [{ action_id: CONFIRM_ACTION_ID }],
    });
    expect(said.at(-1)).toBe('[sandbox] U0ALICE clicks [Stop iris] (action_id eas_confirm) in #C0DEV');
  });

  it(':click refuses, sending nothing, a digest Stop it cannot tell apart or one in another channel', async () => {
    const rec = fresh();
    const { ctx, printed, post } = await digestWorld(rec);
    await post('C0DEV', digestOf('left-on', 'scratch'));
    await post('C0PROD', { ...digestOf('prod-nb'), text: 'Idle notebooks in prod: 1' });
    await slack!.waitFor(() => printed.filter((t) => t.includes(':zzz:')).length === 2);
    expect(await runCommand({ kind: 'click', target: 'Stop' }, ctx)).toEqual({
      ok: false,
      reason:
        '"Stop" matches 2 buttons [Stop], one under each of left-on, scratch; name the one you mean after the button, e.g. :click Stop left-on',
    });
    expect(await runCommand({ kind: 'click', target: 'Stop prod-nb' }, ctx)).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /^no message with buttons to click yet.*; no message in #C0DEV shows a button "Stop prod-nb"; and no alert in #C0ONCALL shows a button "Stop prod-nb"$/,
      ),
    });
    expect(rec.clicks).toEqual([]);
  });

  it('/pai lines get the instance id of each {notebook:<name>} before they are sent, and are not sent when one is unknown', async () => {
    const rec = fresh();
    slack = createFakeSlack({ token: 'xoxb-unit' });
    await slack.start(0, '127.0.0.1');
    const texts: string[] = [];
    const eventsUrl = await answeringBot(rec, texts);
    const world = stubWorld(rec, { slack, eventsUrl });
    (world.sim as unknown as { notebooks: () => unknown[] }).notebooks = () => [
      { instanceId: 'dsw-0123abcd', name: 'left-on' },
    ];
    const { ctx, said } = context(world);
    expect(await runCommand({ kind: 'pai', text: 'dsw status {notebook:left-on} -w dev' }, ctx)).toEqual({ ok: true });
    expect(texts).toEqual(['dsw status dsw-0123abcd -w dev']);
    expect(said).toEqual(['[sandbox] sending /pai dsw status dsw-0123abcd -w dev']);
    expect(await runCommand({ kind: 'pai', text: 'dsw stop {notebook:gone} --yes' }, ctx)).toEqual({
      ok: false,
      reason: 'the simulator has no notebook gone; :notebooks lists them',
    });
    expect(texts).toHaveLength(1);
  });

  it(':click fails when the bot refuses the request', async () => {
    bot = createServer((_req, res) => res.writeHead(401).end());
    await new Promise<void>((r) => bot!.listen(0, '127.0.0.1', r));
    slack = createFakeSlack({ token: 'xoxb-unit' });
    await slack.start(0, '127.0.0.1');
    const { ctx } = context(
      stubWorld(fresh(), { slack, eventsUrl: `http://127.0.0.1:${(bot.address() as AddressInfo).port}/slack/events` }),
    );
    ctx.buttons.note('ack', confirmation.blocks);
    expect(await runCommand({ kind: 'click', target: 'Cancel' }, ctx)).toEqual({
      ok: false,
      reason: expect.stringMatching(/HTTP 401 to the click/),
    });
  });
});

// The lines that act behind the bot, against a real simulator (no HTTP needed: they never send a request).
describe('runCommand: the lines that act behind the bot', () => {
  function world() {
    const clock = new ManualClock(Date.UTC(2026, 0, 10));
    const sim = createPaiSimulator({
      clock,
      credentials: {},
      workspaces: SANDBOX_WORKSPACES,
      defaultServicePlan: { creatingMs: 1000, coldStartMs: 5000 },
    });
    const said: string[] = [];
    const ctx: LineContext = {
      world: { sim, clock } as unknown as SandboxWorld,
      output: new BotOutput(() => undefined),
      state: { user: 'U0ALICE', channel: 'C0DEV' },
      responders: new Map(),
      buttons: new ButtonBoard(),
      say: (t) => said.push(t),
      settle: false,
    };
    return { sim, clock, said, ctx };
  }

  it(":external-job creates a job at PAI in the current channel's workspace, or the -w one, failing as asked", async () => {
    const { sim, said, ctx } = world();
    expect(await runCommand({ kind: 'external-job', name: 'nightly' }, ctx)).toEqual({ ok: true });
    expect(
      await runCommand(
        { kind: 'external-job', name: 'etl', workspace: 'prod', fail: { scenario: 'oss_permission' } },
        ctx,
      ),
    ).toEqual({ ok: true });
    expect(
      await runCommand(
        { kind: 'external-job', name: 'oom', fail: { reasonCode: 'OOMKilled', reasonMessage: 'out of memory' } },
        ctx,
      ),
    ).toEqual({ ok: true });
    const [nightly, etl, oom] = sim.jobs();
    expect(nightly).toMatchObject({
      DisplayName: 'nightly',
      WorkspaceId: '100001',
      Username: CONSOLE_USER.username,
      UserId: CONSOLE_USER.userId,
      plan: { outcome: 'Succeeded' },
    });
    expect(etl).toMatchObject({
      DisplayName: 'etl',
      WorkspaceId: '100002',
      plan: JOB_FAILURE_SCENARIOS.oss_permission,
    });
    expect(oom?.plan).toMatchObject({ outcome: 'Failed', reasonCode: 'OOMKilled', reasonMessage: 'out of memory' });
    expect(said[0]).toBe(
      `[sandbox] console-user created DLC job nightly (${nightly!.JobId}) in workspace dev (100001) directly at PAI, not through the bot`,
    );
    expect(said[1]).toMatch(
      /etl .* in workspace prod \(100002\) .*; it will fail with the oss_permission scenario \(JobFailed\)$/,
    );
    expect(said[2]).toMatch(/; it will fail with OOMKilled$/);
    expect(sim.calls).toEqual([]);
  });

  it(':external-job needs -w in a channel no workspace defaults to', async () => {
    const { sim, ctx } = world();
    ctx.state.channel = 'C0ONCALL';
    expect(await runCommand({ kind: 'external-job', name: 'x' }, ctx)).toEqual({
      ok: false,
      reason: "#C0ONCALL is no workspace's default channel; name one with -w (dev, prod)",
    });
    expect(sim.jobs()).toEqual([]);
  });

  it(":fail-next-job plans only the bot's next job", async () => {
    const { sim, ctx } = world();
    await runCommand({ kind: 'fail-next-job', reasonCode: 'OOMKilled', reasonMessage: 'boom' }, ctx);
    await runCommand({ kind: 'external-job', name: 'theirs' }, ctx);
    expect(sim.jobs()[0]?.plan.outcome).toBe('Succeeded');
  });

  it(':external-service deploys a service at PAI, once per name', async () => {
    const { sim, said, ctx } = world();
    expect(
      await runCommand({ kind: 'external-service', name: 'ci_canary', workspace: 'prod', replicas: 2 }, ctx),
    ).toEqual({ ok: true });
    expect(sim.services()).toMatchObject([
      { ServiceName: 'ci_canary', WorkspaceId: '100002', TotalInstance: 2, CallerUid: CONSOLE_USER.userId },
    ]);
    expect(said[0]).toBe(
      '[sandbox] console-user deployed EAS service ci_canary (2 instance(s)) in workspace prod (100002) directly at PAI, not through the bot',
    );
    expect(await runCommand({ kind: 'external-service', name: 'ci_canary', replicas: 1 }, ctx)).toEqual({
      ok: false,
      reason: 'an EAS service named ci_canary already exists; :services lists them',
    });
  });

  it(':autoscale scales a service as its autoscaler would, saying how long the new instances stay Pending', async () => {
    const { sim, clock, said, ctx } = world();
    sim.addService({ name: 'svc', workspaceId: '100001', instances: 1 });
    clock.advance(6000);
    expect(await runCommand({ kind: 'autoscale', service: 'svc', replicas: 3, coldStartMs: 120_000 }, ctx)).toEqual({
      ok: true,
    });
    expect(sim.services()[0]).toMatchObject({
      Status: 'Scaling',
      RunningInstance: 1,
      PendingInstance: 2,
      TotalInstance: 3,
    });
    expect(said[0]).toBe(
      '[sandbox] the EAS autoscaler scaled svc from 1 to 3 instance(s) on its own, without any API request; the new instances stay Pending for 2m of simulated time',
    );
    expect(await runCommand({ kind: 'autoscale', service: 'svc', replicas: 4 }, ctx)).toEqual({ ok: true });
    expect(said[1]).toMatch(/from 3 to 4 .*Pending for 5s of simulated time$/);
    expect(await runCommand({ kind: 'autoscale', service: 'svc', replicas: 1 }, ctx)).toEqual({ ok: true });
    expect(said[2]).toMatch(/from 4 to 1 instance\(s\) on its own, without any API request$/);
    expect(await runCommand({ kind: 'autoscale', service: 'nope', replicas: 1 }, ctx)).toEqual({
      ok: false,
      reason: 'there is no EAS service nope; :services lists them',
    });
    expect(sim.calls).toEqual([]);
  });

  it(':notebook starts a Running notebook at PAI, idle unless --busy, with a policy only if asked, and says its id', async () => {
    const { sim, said, ctx } = world();
    const left = {
      kind: 'notebook',
      name: 'left-on',
      runningBeforeMs: 5 * 3_600_000,
      busy: false,
      idleStopMinutes: 240,
    };
    expect(await runCommand(left as ConsoleCommand, ctx)).toEqual({ ok: true });
    const busy = {
      kind: 'notebook',
      name: 'train',
      workspace: 'prod',
      spec: 'ecs.g6.large',
      runningBeforeMs: 0,
      busy: true,
    };
    expect(await runCommand(busy as ConsoleCommand, ctx)).toEqual({ ok: true });
    const [a, b] = sim.notebooks();
    expect(a).toMatchObject({
      name: 'left-on',
      workspaceId: '100001',
      status: 'Running',
      ecsSpec: 'ecs.gn7i-c8g1.2xlarge',
      accumulatedRunningTimeMs: 5 * 3_600_000,
      utilisation: { cpu: 1, gpu: 0 },
      culler: { maxIdleTimeInMinutes: 240, cpuPercentThreshold: 20, gpuPercentThreshold: 10 },
    });
    expect(b).toMatchObject({
      name: 'train',
      workspaceId: '100002',
      status: 'Running',
      ecsSpec: 'ecs.g6.large',
      utilisation: { cpu: 60, gpu: 60 },
      culler: undefined,
    });
    expect(said[0]).toBe(
      `[sandbox] console-user started DSW notebook left-on (${a!.instanceId}) on ecs.gn7i-c8g1.2xlarge in workspace dev (100001) directly at PAI, not through the bot: Running, 5h of running time so far, idle (CPU 1%, GPU 0%), idle under its idle-stop policy 4h (CPU<20% GPU<10%): PAI stops it after 4h idle`,
    );
    expect(said[1]).toMatch(
      new RegExp(
        `^\\[sandbox\\] console-user started DSW notebook train \\(${b!.instanceId}\\) on ecs\\.g6\\.large in workspace prod \\(100002\\) .*busy \\(CPU 60%, GPU 60%\\), no idle-stop policy, so PAI counts no idle time and nothing will stop it$`,
      ),
    );
    // the same name twice is refused, so {notebook:<name>} always means one notebook
    expect(await runCommand(left as ConsoleCommand, ctx)).toEqual({
      ok: false,
      reason: 'a notebook named left-on already exists; :notebooks lists them',
    });
    expect(sim.notebooks()).toHaveLength(2);
    ctx.state.channel = 'C0ONCALL';
    expect(await runCommand({ ...left, name: 'elsewhere' } as ConsoleCommand, ctx)).toEqual({
      ok: false,
      reason: "#C0ONCALL is no workspace's default channel; name one with -w (dev, prod)",
    });
    expect(sim.calls).toEqual([]);
  });

  it(':notebook-load sets what the idle-stop policy measures: idle time counts while under its thresholds', async () => {
    const { sim, clock, said, ctx } = world();
    await runCommand(
      { kind: 'notebook', name: 'train', runningBeforeMs: 0, busy: true, idleStopMinutes: 60 } as ConsoleCommand,
      ctx,
    );
    const id = sim.notebooks()[0]!.instanceId;
    clock.advance(20 * 60_000);
    expect(sim.notebooks()[0]!.idleMinutes).toBe(0); // busy
    expect(await runCommand({ kind: 'notebook-load', ref: 'train', cpu: 2, gpu: 0 }, ctx)).toEqual({ ok: true });
    expect(said.at(-1)).toBe(
      `[sandbox] notebook train (${id}) now runs at CPU 2%, GPU 0%; idle under its idle-stop policy 1h (CPU<20% GPU<10%): PAI stops it after 1h idle`,
    );
    clock.advance(30 * 60_000);
    expect(sim.notebooks()[0]).toMatchObject({ status: 'Running', idleMinutes: 30, utilisation: { cpu: 2, gpu: 0 } });
    expect(await runCommand({ kind: 'notebook-load', ref: id, cpu: 90, gpu: 95 }, ctx)).toEqual({ ok: true });
    expect(said.at(-1)).toMatch(
      /now runs at CPU 90%, GPU 95%; busy under its idle-stop policy .*its idle time stays at 0$/,
    );
    clock.advance(2 * 3_600_000);
    expect(sim.notebooks()[0]).toMatchObject({ status: 'Running', idleMinutes: 0 });
    expect(await runCommand({ kind: 'notebook-load', ref: 'gone', cpu: 1, gpu: 1 }, ctx)).toEqual({
      ok: false,
      reason: 'the simulator has no notebook gone; :notebooks lists them',
    });

    await runCommand({ kind: 'notebooks' }, ctx);
    expect(said.at(-1)).toMatch(
      new RegExp(
        `simulator DSW notebooks .*\\n.*\\n  ${id}\\s+train\\s+Running\\s+ecs\\.gn7i-c8g1\\.2xlarge\\s+2h 50m\\s+0 min\\s+1h \\(CPU<20% GPU<10%\\)\\s+CPU 90% GPU 95%\\s+100001$`,
      ),
    );
    expect(sim.calls).toEqual([]);
  });
});

describe(':home and the buttons of cards', () => {
  const button = (text: string, action_id: string, value?: string) => ({
    type: 'button',
    action_id,
    text: { type: 'plain_text', text },
    ...(value ? { value } : {}),
  });
  const card = (...buttons: ReturnType<typeof button>[]) => [
    { type: 'section', text: { type: 'mrkdwn', text: '*DLC job* `btn-demo`' } },
    ...(buttons.length > 0 ? [{ type: 'actions', elements: buttons }] : []),
  ];
  const logs = button('Logs', 'job_card_logs', 'dlc1');
  const stop = button('Stop', 'job_card_stop', 'dlc1');

  it('parses :home, which takes no arguments', () => {
    expect(parseConsoleLine(':home')).toEqual({ ok: true, command: { kind: 'home' } });
    expect(parseConsoleLine(':home U0BOB')).toEqual({ ok: false, error: ':home takes no arguments' });
    expect(CONSOLE_COMMANDS).toContain(':home');
    expect(CONSOLE_HELP).toMatch(/^ {2}:home +open the current user's App Home/m);
  });

  it('prints a Home view as indented plain text with its buttons and the :click lines that press them', () => {
    const view = {
      type: 'home',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'PAI' } },
        { type: 'section', text: { type: 'mrkdwn', text: '*Your running jobs*\n• *btn-demo* `dlc1` · Running' } },
        { type: 'divider' },
        { type: 'section', text: { type: 'mrkdwn', text: '`dlc submit prod-run` by <@U0ALICE>' } },
        {
          type: 'actions',
          elements: [button('Approve', 'approval_approve', 'ar-1'), button('Reject', 'approval_reject', 'ar-1')],
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Type `/pai help`' }] },
      ],
    };
    expect(formatHomeView('U0APPR1', view).split('\n')).toEqual([
      '(App Home, only visible to U0APPR1)',
      '  == PAI ==',
      '  *Your running jobs*',
      '  • *btn-demo* `dlc1` · Running',
      `  ${'─'.repeat(24)}`,
      '  `dlc submit prod-run` by @U0ALICE',
      '  [Approve] [Reject]',
      '  Type `/pai help`',
      '(:click Approve, :click Reject: on the Home)',
    ]);
    expect(formatHomeView('U0BOB', { type: 'home', blocks: card() })).not.toContain(':click');
    expect(formatHomeView('U0BOB', { type: 'home' })).toBe('(App Home, only visible to U0BOB) (an empty view)');
  });

  it("delivers app_home_opened for the user's Home tab, and a Home click as a view container without response_url", () => {
    const body = JSON.parse(homeOpenedBody('U0APPR1'));
    expect(body.type).toBe('event_callback');
    expect(body.event).toMatchObject({ type: 'app_home_opened', user: 'U0APPR1', tab: 'home' });
    const approve = buttonsOf([{ type: 'actions', elements: [button('Approve', 'approval_approve', 'ar-1')] }])[0]!;
    const payload = homeBlockActionsPayload('U0APPR1', approve);
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0APPR1' },
      container: { type: 'view' },
      view: { type: 'home' },
      actions: [{ type: 'button', action_id: 'approval_approve', value: 'ar-1' }],
    });
    expect(payload).not.toHaveProperty('response_url');
    expect(payload).not.toHaveProperty('channel');
  });

  it('makes the Home printed last the place :click looks, until a newer message with buttons', () => {
    const board = new ButtonBoard();
    board.note('ack', card(logs, stop));
    board.noteHome('U0APPR1', card(button('Approve', 'approval_approve', 'ar-1')));
    expect(board.latest?.source).toBe('home');
    expect(board.latest?.user).toBe('U0APPR1');
    board.note('ephemeral', card(logs));
    expect(board.latest?.source).toBe('ephemeral');
  });

  it("hints a card's buttons when posted, and again only when an edit changes them", () => {
    const hints = new Map<string, string>();
    const at = { channel: 'C0DEV', ts: '1.000100' };
    expect(channelClickHint(card(logs, stop))).toBe('(:click Logs, :click Stop)');
    expect(editedButtonsHint('message', { ...at, blocks: card(logs, stop) }, hints)).toBeUndefined();
    expect(editedButtonsHint('update', { ...at, blocks: card(logs, stop) }, hints)).toBeUndefined();
    expect(editedButtonsHint('update', { ...at, blocks: card(logs) }, hints)).toBe('(:click Logs)');
    expect(editedButtonsHint('update', { ...at, blocks: card() }, hints)).toBe('(no buttons left)');
    // Thread replies, the alerts channel and other kinds are not cards.
    const reply = { ...at, thread_ts: '1.000100', blocks: card(stop) };
    expect(editedButtonsHint('update', reply, hints)).toBeUndefined();
    const alert = { channel: 'C0ONCALL', ts: '2.000100', blocks: card(stop) };
    expect(editedButtonsHint('message', alert, hints, 'C0ONCALL')).toBeUndefined();
    expect(editedButtonsHint('update', { ...alert, blocks: card() }, hints, 'C0ONCALL')).toBeUndefined();
    // A message never seen before (posted before the console followed Slack) gets no edit hint.
    expect(
      editedButtonsHint('update', { channel: 'C0DEV', ts: '3.000100', blocks: card(logs) }, hints),
    ).toBeUndefined();
  });
});

describe('the modal a /pai line opens: :fill and :submit', () => {
  const form = () =>
    readModal(
      'VM1',
      renderSubmitForm({
        workspaces: [
          { name: 'dev', env: 'dev' },
          { name: 'prod', env: 'prod' },
        ],
        defaultWorkspace: 'dev',
        perHour: { 'ecs.c7.xlarge': 1.5 },
        currency: 'CNY',
        privateMetadata: '{"c":"C0DEV"}',
        defaultInstance: 'ecs.g6.xlarge',
      }),
    );

  it('parses :fill with its field and value kept whole, and :submit bare', () => {
    expect(parseConsoleLine(':fill Job name  form-demo')).toEqual({
      ok: true,
      command: { kind: 'fill', text: 'Job name  form-demo' },
    });
    expect(parseConsoleLine(':fill Image ')).toEqual({ ok: true, command: { kind: 'fill', text: 'Image' } });
    expect(parseConsoleLine(':submit')).toEqual({ ok: true, command: { kind: 'submit' } });
    const bare = parseConsoleLine(':fill');
    expect(bare.ok).toBe(false);
    if (!bare.ok) expect(bare.error).toMatch(/:fill takes a field of the open modal/);
    const extra = parseConsoleLine(':submit now');
    expect(extra.ok).toBe(false);
    if (!extra.ok) expect(extra.error).toMatch(/:submit takes nothing \(got "now"\)/);
    expect(CONSOLE_HELP).toMatch(/:fill <field> <value>[\s\S]*:submit/);
  });

  it('reads the fields with their ids and initial values, and prints them', () => {
    const m = form();
    expect(m.fields.map((f) => [f.blockId, f.actionId, f.value])).toEqual([
      ['name', 'value', ''],
      ['image', 'value', ''],
      ['command', 'value', ''],
      ['workers', 'value', '1'],
      ['instance', 'dlc_instance', 'ecs.g6.xlarge'],
      ['data', 'value', ''],
      ['env', 'value', ''],
      ['workspace', 'value', 'dev'],
    ]);
    const text = formatModal(m);
    expect(text).toMatch(/^\(modal "Submit a training job", callback_id dlc_submit_form/);
    expect(text).toContain('  Job name [name/value] (plain_text_input) = (empty)');
    expect(text).toContain('  Workspace [workspace/value] (select: dev, prod) = "dev"');
    expect(text).toContain(
      '  Instance type [instance/dlc_instance] (menu the bot fills as you type) = "ecs.g6.xlarge"',
    );
    expect(text).toContain('  Environment [env/value] (plain_text_input, optional) = (empty)');
  });

  it('finds the field by the longest label, block_id or action_id; a select by option text or value', () => {
    const m = form();
    expect(resolveFill(m, 'Job name form demo')).toMatchObject({
      ok: true,
      field: { blockId: 'name' },
      value: 'form demo',
    });
    expect(resolveFill(m, 'image')).toMatchObject({ ok: true, field: { blockId: 'image' }, value: '' });
    expect(resolveFill(m, 'env A=1\\nB=2')).toMatchObject({ ok: true, value: 'A=1\nB=2' });
    expect(resolveFill(m, 'Workspace prod (prod)')).toMatchObject({ ok: true, value: 'prod' });
    // The instance menu's options come from the bot: what is typed is asked for (load), then picked from.
    expect(resolveFill(m, 'instance ecs.c7.xlarge')).toMatchObject({ ok: true, value: 'ecs.c7.xlarge', load: true });
    expect(resolveFill(m, 'instance')).toEqual({ ok: true, field: expect.anything(), value: '' });
    expect(resolveFill(m, 'workspace staging')).toEqual({
      ok: false,
      error: 'Workspace has no option "staging": dev, prod',
    });
    expect(resolveFill(m, 'value x')).toMatchObject({ ok: false, error: expect.stringMatching(/names 7 fields/) });
    expect(resolveFill(m, 'Colour red')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no field "Colour"/),
    });
  });

  it('submits the filled state in the view_submission shape, and prints errors per field or the close', () => {
    const m = form();
    m.fields[0]!.value = 'form-demo';
    const p = viewSubmissionPayload('U0ALICE', m) as { type: string; view: Record<string, unknown> };
    expect(p.type).toBe('view_submission');
    expect(p.view).toMatchObject({ id: 'VM1', callback_id: 'dlc_submit_form', private_metadata: '{"c":"C0DEV"}' });
    const values = (p.view.state as { values: Record<string, Record<string, unknown>> }).values;
    expect(values.name).toEqual({ value: { type: 'plain_text_input', value: 'form-demo' } });
    expect(values.image).toEqual({ value: { type: 'plain_text_input', value: null } });
    expect(values.workspace).toEqual({
      value: {
        type: 'static_select',
        selected_option: { text: { type: 'plain_text', text: 'dev (dev)' }, value: 'dev' },
      },
    });
    const refused = formatSubmitAnswer(m, { response_action: 'errors', errors: { image: '--image is required' } });
    expect(refused).toEqual({
      closed: false,
      text: '(modal "Submit a training job" stays open, with errors)\n  Image [image]: --image is required',
    });
    expect(formatSubmitAnswer(m, undefined)).toEqual({ closed: true, text: '(modal "Submit a training job" closed)' });
  });

  it('asks the bot for the instance menu’s options as Slack does, picks the one typed, and submits it', () => {
    const m = form();
    const instance = m.fields.find((f) => f.blockId === 'instance')!;
    const ask = blockSuggestionPayload('U0ALICE', m, instance, 'a10') as Record<string, unknown>;
    expect(ask).toMatchObject({
      type: 'block_suggestion',
      action_id: 'dlc_instance',
      block_id: 'instance',
      value: 'a10',
      user: { id: 'U0ALICE' },
      view: { id: 'VM1', callback_id: 'dlc_submit_form', private_metadata: '{"c":"C0DEV"}' },
    });
    const answer = {
      option_groups: [
        {
          label: { type: 'plain_text', text: 'GPU' },
          options: [
            {
              text: { type: 'plain_text', text: 'ecs.gn7i-c8g1.2xlarge · 1×A10 · 8 vCPU 30 GiB' },
              value: 'ecs.gn7i-c8g1.2xlarge',
            },
          ],
        },
      ],
    };
    const options = loadedOptions(answer);
    expect(options).toEqual([
      { text: 'ecs.gn7i-c8g1.2xlarge · 1×A10 · 8 vCPU 30 GiB', value: 'ecs.gn7i-c8g1.2xlarge', group: 'GPU' },
    ]);
    expect(pickLoadedOption(instance, 'ECS.gn7i-c8g1.2xlarge', options)).toMatchObject({
      ok: true,
      option: { value: 'ecs.gn7i-c8g1.2xlarge' },
    });
    expect(pickLoadedOption(instance, 'a10', options)).toEqual({
      ok: false,
      error: 'Instance type has no option "a10"; the bot offers: ecs.gn7i-c8g1.2xlarge',
    });
    expect(pickLoadedOption(instance, 'h100', [])).toEqual({
      ok: false,
      error: 'Instance type: the bot offers nothing for "h100"',
    });
    instance.value = 'ecs.gn7i-c8g1.2xlarge';
    instance.chosenText = options[0]!.text;
    const values = (viewSubmissionPayload('U0ALICE', m) as { view: { state: { values: Record<string, unknown> } } })
      .view.state.values;
    expect(values.instance).toEqual({
      dlc_instance: {
        type: 'external_select',
        selected_option: { text: { type: 'plain_text', text: options[0]!.text }, value: 'ecs.gn7i-c8g1.2xlarge' },
      },
    });
  });
});
