// `npm run sandbox -- --script FILE` as users run it: a child process, judged by its exit code,
// its transcript on stdout and its one-line reason on stderr. REDIS_URL points at the test Redis
// so each run does not start its own redis-server.

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const RUN_LIMIT_MS = 90_000;
/** examples/eas-cold-start.pai is meant to finish within about a minute of real time. */
const EAS_DEMO_LIMIT_MS = 60_000;
/** examples/buttons.pai takes about 40 s of real time (a job at 2x, a service's deploy, stop and start). */
const BUTTONS_DEMO_LIMIT_MS = 80_000;
/** examples/watch.pai takes about 15 s of real time. */
const WATCH_DEMO_LIMIT_MS = 60_000;
/** Every script in examples/, each run by a test below: a new example must be added here and given its test. */
const EXAMPLES = [
  'buttons.pai',
  'demo.pai',
  'dsw-idle.pai',
  'eas-cold-start.pai',
  'gallery.pai',
  'oss.pai',
  'watch.pai',
];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runSandbox(args: string[], limitMs = RUN_LIMIT_MS): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(TSX, ['packages/sandbox/src/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, REDIS_URL: inject('redisUrl'), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGTERM'); // the sandbox stops its stand-ins on SIGTERM
      fail(new Error(`sandbox did not exit within ${limitMs} ms\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
    }, limitMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      fail(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/** Runs an example that must finish cleanly (exit 0, nothing on stderr, every line ran); its output and, for the
 * assertions that follow, everything it printed as the reason. */
async function runExample(file: string, limitMs = RUN_LIMIT_MS): Promise<{ out: string; why: string }> {
  const started = Date.now();
  const run = await runSandbox(['--script', file], limitMs);
  const why = `exit ${run.code} after ${Date.now() - started} ms\n--- stderr\n${run.stderr}\n--- stdout\n${run.stdout}`;
  expect(run.code, why).toBe(0);
  expect(run.stderr, why).toBe('');
  expect(run.stdout, why).toContain('script finished: every line ran');
  return { out: run.stdout, why };
}

const dir = mkdtempSync(join(tmpdir(), 'sandbox-script-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('npm run sandbox -- --script FILE', () => {
  it('has a test for every example script', () => {
    expect(
      readdirSync(join(ROOT, 'examples'))
        .filter((f) => f.endsWith('.pai'))
        .sort(),
    ).toEqual(EXAMPLES);
  });

  it(
    'runs examples/demo.pai: a job goes from submitted to Succeeded, and the run exits 0',
    async () => {
      const run = await runSandbox(['--script', 'examples/demo.pai']);
      const why = `exit ${run.code}\n--- stderr\n${run.stderr}\n--- stdout\n${run.stdout}`;
      expect(run.code, why).toBe(0);
      expect(run.stderr, why).toBe('');

      const out = run.stdout;
      expect(out).toContain('> /pai dlc submit mnist-demo');
      expect(out).toMatch(/\(ack, only visible to U0ALICE\) :inbox_tray: Queued `dlc submit mnist-demo`/);
      const jobId = /Job id: `(dlc[a-z0-9]+)`/.exec(out)?.[1];
      expect(jobId, why).toBeDefined();
      const from = out.indexOf(`Job id: \`${jobId}\``);
      const running = out.indexOf('Running', from);
      const succeeded = out.indexOf('Succeeded', running);
      expect(running, why).toBeGreaterThan(from);
      expect(succeeded, why).toBeGreaterThan(running);
      expect(out).toMatch(/job \*mnist-demo\* ended :white_check_mark: \*Succeeded\*/);
      // the malformed command is answered privately with the usage, and the failed job names its reason
      expect(out).toMatch(/\(ack, only visible to U0ALICE\) :warning: --image needs a value/);
      expect(out).toMatch(/Reason: OOMKilled/);
      expect(out).toContain('script finished: every line ran');
    },
    RUN_LIMIT_MS + 5_000,
  );

  it(
    'runs examples/eas-cold-start.pai: two cold-start alerts, each answered with the time to ready, then a stop confirmed by a click',
    async () => {
      const { out, why } = await runExample('examples/eas-cold-start.pai', EAS_DEMO_LIMIT_MS);

      // Exactly two cold-start alerts, printed as the alerts channel, each pinging on-call with the reasons.
      const alerts = [
        ...out.matchAll(
          /^#C0ONCALL \(alerts\)  bot: @S0ONCALL :snowflake: \*Cold start:\* EAS service `fraud_svc` in `dev` is not ready .* after its ([a-z-]+): (\d+)\/(\d+) running, (\d+) pending/gm,
        ),
      ];
      expect(
        alerts.map((m) => m[1]),
        why,
      ).toEqual(['deploy', 'scale-up']);
      expect(
        alerts.map((m) => [m[2], m[3], m[4]]),
        why,
      ).toEqual([
        ['0', '2', '2'],
        ['2', '4', '2'],
      ]);
      expect(out.match(/:snowflake: \*Cold start/g), why).toHaveLength(2);
      const firstAlert = out.slice(alerts[0]!.index, alerts[1]!.index);
      expect(firstAlert, why).toMatch(/instance fraud_svc-\S+: Pending/);
      expect(firstAlert, why).toMatch(/What usually helps/);

      // Each episode ends with a ready reply in its alert's thread, giving the time to ready (held 2m, then 3m).
      const ready = [
        ...out.matchAll(
          /^  ↳ #C0ONCALL \(alerts\) thread reply: :white_check_mark: `fraud_svc` is ready; time to ready (?:(\d+)m)? ?(?:(\d+)s)?\./gm,
        ),
      ];
      const seconds = ready.map((m) => Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0));
      expect(seconds, why).toHaveLength(2);
      // The sandbox runs on real time at 20x: the episode starts when the bot sees the change, a few simulated
      // seconds (well under one real second) after the simulator started the hold, more so on a loaded machine.
      const SLACK_S = 10;
      expect(seconds[0], why).toBeGreaterThanOrEqual(120 - SLACK_S);
      expect(seconds[0], why).toBeLessThan(180);
      expect(seconds[1], why).toBeGreaterThanOrEqual(180 - SLACK_S);
      expect(ready[0]!.index, why).toBeGreaterThan(alerts[0]!.index);
      expect(alerts[1]!.index, why).toBeGreaterThan(ready[0]!.index);
      expect(ready[1]!.index, why).toBeGreaterThan(alerts[1]!.index);
      // the requester hears it under the card, and the status answer shows it
      expect(out, why).toMatch(
        /↳ thread reply: @U0ALICE service `fraud_svc` is ready: 2\/2 instances running, 2m .*after the deploy/,
      );
      expect(out, why).toMatch(/Time to ready: 2m/);

      // The card moves forward only: every edit shows a state at least as new as the one before (the post's own
      // re-render, the worker's and the watcher's edits all go through the outbox, ordered by the record's rev).
      const cardStates = [
        ...out.matchAll(
          /^#C0DEV {2}(?:bot:|\(edited card\)) == EAS service fraud_svc ==\n(?:.*\n){2}.*Status: :[a-z_]+: (\w+)/gm,
        ),
      ].map((m) => m[1]);
      const deploy = cardStates.slice(0, cardStates.indexOf('Running') + 1);
      expect(deploy[0], why).toBe('Creating');
      expect(deploy.slice(deploy.indexOf('Waiting')), why).not.toContain('Creating');

      // The stop is asked first (two buttons), and runs only after the click.
      const stopLine = out.indexOf('> /pai eas stop fraud_svc');
      const clickLine = out.indexOf('> :click Stop fraud_svc');
      expect(stopLine, why).toBeGreaterThan(ready[1]!.index);
      const confirm = out.slice(stopLine, clickLine);
      expect(confirm, why).toMatch(/\(ack, only visible to U0ALICE\) :warning: \*Stop\* EAS service `fraud_svc`\?/);
      expect(confirm, why).toMatch(/\[Stop fraud_svc\] \[Cancel\]/);
      expect(confirm, why).not.toMatch(/Stopping|Stopped/);
      expect(out.slice(0, clickLine), why).not.toMatch(/\*Stopped\*/);
      const clicked = out.indexOf(
        '[sandbox] U0ALICE clicks [Stop fraud_svc] (action_id eas_confirm) in #C0DEV',
        clickLine,
      );
      const receipt = out.indexOf(
        '(response, only visible to U0ALICE, replacing the original) :inbox_tray: Queued `eas stop fraud_svc`',
        clicked,
      );
      const stopped = out.indexOf('*Stopped*', receipt);
      expect(clicked, why).toBeGreaterThan(clickLine);
      expect(receipt, why).toBeGreaterThan(clicked);
      expect(stopped, why).toBeGreaterThan(receipt);
      expect(out.slice(stopped), why).toMatch(/fraud_svc\s+Stopped\s+0\/0\/0\s+100001/); // the final :services
    },
    EAS_DEMO_LIMIT_MS + 5_000,
  );

  it(
    'runs examples/buttons.pai: card buttons stop a job and stop and start a service; the submit form is filled and submitted; :home shows them and an approver approves from it',
    async () => {
      const { out, why } = await runExample('examples/buttons.pai', BUTTONS_DEMO_LIMIT_MS);
      // The job card comes with its buttons and their hint; after the Stop it shows Logs and Rerun.
      expect(out, why).toMatch(
        /^#C0DEV  bot: == DLC job btn-demo ==[\s\S]*?^ +\[Logs\] \[Stop\]\n\(:click Logs, :click Stop\)$/m,
      );
      expect(out, why).toMatch(
        /clicks \[Stop\] \(action_id job_card_stop\) .*; Slack asks "Stop this job\?" first, and the console answers \[Stop\]/,
      );
      expect(out, why).toMatch(
        /Status: :black_square_for_stop: Stopped\n(?: +.*\n)*? +\[Logs\] \[Rerun\]\n\(:click Logs, :click Rerun\)$/m,
      );
      // The service card trades Stop for Start once stopped, and Start for Stop again.
      expect(out, why).toMatch(
        /Queued `eas stop btn_svc`[\s\S]*\(:click Events, :click Start, [\s\S]*Queued `eas start btn_svc`/,
      );
      // Each user's Home, printed by :home.
      expect(out, why).toMatch(
        /^\(App Home, only visible to U0ALICE\)\n  == PAI ==\n  \*Your running jobs\*\n  • \*btn-demo\*/m,
      );
      expect(out, why).toMatch(/^\(App Home, only visible to U0APPR1\)[\s\S]*?prod-run.*\n  \[Approve\] \[Reject\]$/m);
      expect(out, why).toContain('U0APPR1 clicks [Approve] (action_id approval_approve) on their App Home');
      // The click is answered on the Home, republished with a notice at its top.
      expect(out, why).toMatch(
        /on their App Home\n[\s\S]*?^\(App Home, only visible to U0APPR1\)\n  == PAI ==\n  :white_check_mark: Your approval of `dlc submit prod-run` counted: 1 of 2\.$/m,
      );
      expect(out, why).toMatch(/Approvals: 1 of 2: @U0APPR1/);
      // The submit form: printed when it opens, an empty Image refused on its field, then queued and carded.
      expect(out, why).toMatch(
        /^\(modal "Submit a training job", callback_id dlc_submit_form, only visible to you\)\n  Job name \[name\/value\] \(plain_text_input\) = \(empty\)$/m,
      );
      expect(out, why).toMatch(
        /> :fill Image\n\[sandbox\] Image = \(empty\)[\s\S]*?^\(modal "Submit a training job" stays open, with errors\)\n  Image \[image\]: --image is required$/m,
      );
      expect(out, why).toMatch(
        /^\(modal "Submit a training job" closed\)\n\(only visible to U0ALICE\) :inbox_tray: Queued `dlc submit form-demo`[\s\S]*?^#C0DEV  bot: == DLC job form-demo ==$/m,
      );
      // The instance menu: its options asked of the bot as Slack does, the one typed picked, and the job on it.
      expect(out, why).toMatch(
        /> :fill Instance type ecs\.gn6i-c4g1\.xlarge\n\[sandbox\] the bot offered \d+ option\(s\) .*; picked ecs\.gn6i-c4g1\.xlarge · 1×T4 · 4 vCPU 15 GiB\n/,
      );
      expect(out, why).toMatch(
        /^#C0DEV  bot: == DLC job form-demo ==\n(?: +.*\n)*? +Type: PyTorchJob × 1 on `ecs\.gn6i-c4g1\.xlarge`$/m,
      );
    },
    BUTTONS_DEMO_LIMIT_MS + 5_000,
  );

  it(
    "runs examples/watch.pai: an external job's OSS 403 and an external service's slow scale-up reach on-call; the cold start is acknowledged, muted and answered when ready",
    async () => {
      const { out, why } = await runExample('examples/watch.pai', WATCH_DEMO_LIMIT_MS);
      const alertsIn = (text: string) => [...text.matchAll(/^#C0ONCALL \(alerts\)  bot: .*$/gm)].map((m) => m[0]);

      // Exactly one OSS 403 alert, about nightly-etl in prod, pinging on-call, and exactly one cold start,
      // console_svc's scale-up.
      const oss = [
        ...out.matchAll(
          /^#C0ONCALL \(alerts\)  bot: @S0ONCALL :no_entry: \*OSS permission denied\* for `DLC job nightly-etl \(dlc[a-z0-9]+\)` in `prod`$/gm,
        ),
      ];
      expect(oss, why).toHaveLength(1);
      const cold = [
        ...out.matchAll(
          /^#C0ONCALL \(alerts\)  bot: @S0ONCALL :snowflake: \*Cold start:\* EAS service `console_svc` in `prod` is not ready .* after its scale-up: 1\/4 running, 3 pending/gm,
        ),
      ];
      expect(cold, why).toHaveLength(1);
      expect(alertsIn(out), why).toHaveLength(2); // nothing else alerted (not console_svc's quick deploy)
      expect(out.slice(oss[0]!.index, cold[0]!.index), why).toMatch(
        /Started outside the bot by console-user.*`watch: all`/,
      );
      expect(out.slice(oss[0]!.index, cold[0]!.index), why).toMatch(
        /\[Acknowledge\] \[Mute… ▾\]\n +\(on-call: :click Acknowledge, :mute 1h\|4h\|24h\)/,
      );

      // Acknowledged and muted by U0BOB on the cold-start alert: the presses name it, and the replies follow them in
      // order.
      const ackPress = out.indexOf(
        '[sandbox] U0BOB clicks [Acknowledge] (action_id alert_ack) on the alert in #C0ONCALL that reads: @S0ONCALL :snowflake: *Cold start:* EAS service `console_svc`',
      );
      const edited = out.search(
        /^#C0ONCALL \(alerts\)  \(edited\) @S0ONCALL :snowflake: \*Cold start:\* EAS service `console_svc`/m,
      );
      const acked = [...out.matchAll(/^  ↳ #C0ONCALL \(alerts\) thread reply: Acknowledged by @U0BOB$/gm)];
      const mutePress = out.indexOf(
        '[sandbox] U0BOB picks [Mute 4 h] (value 4h) from [Mute… ▾] (action_id alert_mute) on the alert in #C0ONCALL that reads: @S0ONCALL :snowflake: *Cold start:* EAS service `console_svc`',
      );
      const muted = [
        ...out.matchAll(
          /^  ↳ #C0ONCALL \(alerts\) thread reply: Muted for 4 h by @U0BOB: no new alerts for `eas:console_svc` until .*$/gm,
        ),
      ];
      expect(ackPress, why).toBeGreaterThan(cold[0]!.index);
      expect(edited, why).toBeGreaterThan(ackPress);
      expect(out.slice(edited, mutePress), why).toMatch(/Acknowledged by @U0BOB at .*\n +\[Mute… ▾\]/);
      expect(acked, why).toHaveLength(1);
      expect(acked[0]!.index, why).toBeGreaterThan(ackPress);
      expect(mutePress, why).toBeGreaterThan(acked[0]!.index);
      expect(muted, why).toHaveLength(1);
      expect(muted[0]!.index, why).toBeGreaterThan(mutePress);
      expect(out, why).not.toMatch(/\(edited\) @S0ONCALL :no_entry:/); // the OSS alert was left alone

      // The episode ends with the ready reply in the alert's thread, 10 minutes (held) and more after the scale-up.
      const ready = [
        ...out.matchAll(
          /^  ↳ #C0ONCALL \(alerts\) thread reply: :white_check_mark: `console_svc` is ready; time to ready (\d+)m/gm,
        ),
      ];
      expect(ready, why).toHaveLength(1);
      expect(Number(ready[0]![1]), why).toBeGreaterThanOrEqual(10);
      expect(ready[0]!.index, why).toBeGreaterThan(muted[0]!.index);
      // the final :services
      expect(out.slice(ready[0]!.index), why).toMatch(/console_svc\s+Running\s+4\/0\/4\s+100002/);
    },
    WATCH_DEMO_LIMIT_MS + 5_000,
  );

  it(
    'runs examples/oss.pai: the OSS simulator answers /pai oss check; an open bucket is readable, a denied one and one in another region get their root cause and fix',
    async () => {
      const { out, why } = await runExample('examples/oss.pai');
      expect(out, why).toMatch(
        /^\[sandbox\] OSS is simulated at http:\/\/127\.0\.0\.1:\d+ with buckets ml-data \(readable\), locked-data/m,
      );
      const section = (command: string) => {
        const from = out.indexOf(`> /pai ${command}`);
        expect(from, why).toBeGreaterThanOrEqual(0);
        const next = out.indexOf('\n> ', from + 1);
        return out.slice(from, next < 0 ? undefined : next);
      };

      // the open bucket: one key listed, and the caution that this proves only the bot
      const open = section('oss check oss://ml-data/mnist/');
      expect(open, why).toMatch(
        /\(response, only visible to U0ALICE\) :white_check_mark: \*oss:\/\/ml-data\/mnist\/ is readable by the bot\*/,
      );
      expect(open, why).toMatch(/listed 1 key \(sample: mnist\/(test|train)\.csv\)/);
      expect(open, why).toMatch(/proves only the bot's own credentials/);

      // the denied bucket: what OSS said, the missing permission and PAI's service role
      const denied = section('oss check oss://locked-data/secret/');
      expect(denied, why).toMatch(
        /:no_entry: \*The bot may not list oss:\/\/locked-data\/secret\/ \(access denied\)\*/,
      );
      expect(denied, why).toMatch(/OSS answered: AccessDenied, HTTP 403, request id [0-9A-F]{24}, EC 0003-00000001/);
      expect(denied, why).toContain(
        'Missing permission: oss:ListObjects on acs:oss:*:*:locked-data for prefix "secret/*"',
      );
      expect(denied, why).toMatch(/AliyunPAIDLCDefaultRole/);
      expect(denied, why).toContain('https://api.aliyun.com/troubleshoot?q=0003-00000001');

      // the bucket in another region: the region and endpoint from OSS's <Endpoint>
      const far = section('oss check oss://hz-data/logs/');
      expect(far, why).toMatch(/:no_entry: \*Bucket hz-data is in another region \(cn-hangzhou\)\*/);
      expect(far, why).toMatch(/lives in cn-hangzhou, not in cn-shanghai .*oss-cn-hangzhou\.aliyuncs\.com/);

      // the preflight of dlc submit --data stops the job with the same explanation; nothing reached DLC
      const submit = section('dlc submit etl-locked');
      expect(submit, why).toMatch(
        /Job etl-locked was not submitted: The bot may not list oss:\/\/locked-data\/secret\/ \(access denied\)/,
      );
      expect(out, why).toContain('[sandbox] the simulator has no jobs yet');
    },
    RUN_LIMIT_MS + 5_000,
  );

  it(
    'runs examples/gallery.pai: the QuickStart list, a dev deploy of the latest Qwen2 7B to ready, an unknown id, a prod deploy awaiting approval',
    async () => {
      const { out, why } = await runExample('examples/gallery.pai');
      const section = (command: string) => {
        const from = out.indexOf(`> /pai ${command}`);
        expect(from, why).toBeGreaterThanOrEqual(0);
        const next = out.indexOf('\n> /pai ', from + 1);
        return out.slice(from, next < 0 ? undefined : next);
      };

      // the list: the three QuickStart models with id, task and latest version; not the AI4D one
      const list = section('gallery list\n');
      expect(list, why).toContain('• *qwen2-7b-instruct* `model-qwen27binstruct0001` · text-generation · latest 1.1.0');
      expect(list, why).toContain('• *bge-m3* `model-bgem3embedding00001` · sentence-embedding · latest 1.0.0');
      expect(list, why).not.toContain('easynlp');
      expect(section('gallery list --task')).not.toContain('qwen2');

      // the dev deploy: a card with the model's image, followed to Running, the requester told it is ready
      const deploy = section('gallery deploy model-qwen27binstruct0001 qwen_chat');
      expect(deploy, why).toMatch(/Queued `gallery deploy model-qwen27binstruct0001 qwen_chat` in workspace \*dev\*/);
      expect(deploy, why).toMatch(/== EAS service qwen_chat ==[\s\S]*Image: `\S+\/vllm:0\.6\.0-/);
      expect(deploy, why).toMatch(/↳ thread reply: @U0ALICE service `qwen_chat` is ready: 1\/1 instances running/);
      expect(deploy, why).toMatch(/qwen_chat\s+Running\s+1\/0\/1\s+100001/); // :services

      // the unknown id: said so, nothing created
      expect(section('gallery deploy model-nosuchmodel00001')).toContain(
        'The Model Gallery has no model model-nosuchmodel00001 (provider pai, collection QuickStart); nothing was deployed.',
      );

      // prod: the approval request shows the model, version, replicas and the exact request; no embed_svc exists
      const prod = section('gallery deploy model-bgem3embedding00001 embed_svc');
      expect(prod, why).toContain('*Model:* `bge-m3 (model-bgem3embedding00001), sentence-embedding`');
      expect(prod, why).toContain('*Version:* `1.0.0`');
      expect(prod, why).toContain('*Replicas:* `2`');
      expect(prod, why).toContain('CreateService  POST /api/v2/services?WorkspaceId=100002&Labels={"RootModelID"');
      expect(out.slice(out.lastIndexOf('simulator EAS services')), why).not.toContain('embed_svc');
    },
    RUN_LIMIT_MS + 5_000,
  );

  it(
    'runs examples/dsw-idle.pai: an idle notebook reaches the digest with its cost so far, is stopped from it, /pai cost shows what runs, and a prod Stop waits for approvals clicked on the request',
    async () => {
      const { out, why } = await runExample('examples/dsw-idle.pai');
      expect(out, why).toMatch(
        /^\[sandbox\] a DSW notebook counts as idle after 30m .*ecs\.gn7i-c8g1\.2xlarge 13\.5 CNY\/h, ecs\.c7\.xlarge 0\.9 CNY\/h/m,
      );
      const at = (text: string, from = 0) => {
        const i = out.indexOf(text, from);
        expect(i, `${text}\n${why}`).toBeGreaterThanOrEqual(from);
        return i;
      };

      // the notebooks, started behind the bot, with the ids the simulator gave them
      const leftOn =
        /started DSW notebook left-on \((dsw-[0-9a-f]+)\) on ecs\.gn7i-c8g1\.2xlarge in workspace dev/.exec(out)?.[1];
      const train = /started DSW notebook train-a10 \((dsw-[0-9a-f]+)\) .*busy \(CPU 60%, GPU 60%\)/.exec(out)?.[1];
      expect(leftOn, why).toBeDefined();
      expect(train, why).toBeDefined();

      // Exactly one digest in #C0DEV, after the clock moved: left-on with its cost so far (5h45m at 13.5 CNY/h), not the
      // busy train-a10.
      const advanced = at('> :advance 45m');
      const digests = [...out.matchAll(/^#C0DEV  bot: :zzz: \*Idle notebooks in dev\*: (\d) running notebook/gm)];
      expect(
        digests.map((m) => m[1]),
        why,
      ).toEqual(['1']);
      expect(digests[0]!.index, why).toBeGreaterThan(advanced);
      const digest = out.slice(digests[0]!.index, at('> /pai dsw list --idle'));
      expect(digest, why).toContain(`*left-on* \`${leftOn}\` \`ecs.gn7i-c8g1.2xlarge\``);
      expect(digest, why).toMatch(
        /running 5\.8 h · idle 4\d min · so far ≈ CNY 7[78]\.\d\d \(estimate: 5\.7\d instance-hours/,
      );
      expect(digest, why).toMatch(/\[Stop\] \[Add idle-stop \(60 min\)\]\n\s+Costs are estimates/);
      expect(digest, why).not.toContain('train-a10');

      // /pai dsw list --idle agrees
      const idleList = out.slice(at('> /pai dsw list --idle'), at('> :click Stop left-on'));
      expect(idleList, why).toMatch(
        new RegExp(`\`${leftOn}\` \\*left-on\\* Running .*idle 4\\dm, stops after 4h idle`),
      );
      expect(idleList, why).not.toContain('train-a10');

      // the click on the digest's Stop, confirmed, runs the stop for Alice: Stopping, then Stopped
      const click = at(
        '[sandbox] U0ALICE clicks [Stop] (action_id dsw_digest_stop) on the message in #C0DEV that reads: :zzz: *Idle notebooks in dev*',
      );
      expect(out.slice(click, out.indexOf('\n', click)), why).toContain(
        'Slack asks "Stop this notebook?" first, and the console answers [Stop]',
      );
      const queued = at(`(response, only visible to U0ALICE) :inbox_tray: Queued \`dsw stop ${leftOn}\``, click);
      const stopping = at(`*left-on* \`${leftOn}\` in \`dev\` is stopping (it was Running), by @U0ALICE`, queued);
      const status1 = at(`> /pai dsw status {notebook:left-on}`, stopping);
      at(`[sandbox] sending /pai dsw status ${leftOn}`, status1);
      const stoppingStatus = at('Status: :double_vertical_bar: Stopping', status1);
      const status2 = at(`> /pai dsw status {notebook:left-on}`, stoppingStatus);
      at('Status: :black_square_for_stop: Stopped', status2);

      // /pai cost: iris (0.9 CNY/h, the EAS default type) and train-a10 (13.5 CNY/h) run; left-on no longer
      const cost = out.slice(at('> /pai cost'), at('> :notebook-load'));
      expect(cost, why).toContain('*Running now:* ≈ CNY 14.40/h');
      expect(cost, why).toMatch(
        /• `iris` 1 replica, Running: ≈ CNY 0\.9000\/h .*for ecs\.c7\.xlarge, price from pricing\.per_hour/,
      );
      expect(cost, why).toContain(`• \`train-a10\` (${train}) Running: ≈ CNY 13.50/h`);
      expect(cost, why).not.toContain('left-on');

      // train-a10 goes idle and its own idle-stop policy stops it an hour later
      const list = out.slice(at('> /pai dsw list\n'), at('> :notebook scratch'));
      expect(list, why).toMatch(new RegExp(`\`${train}\` \\*train-a10\\* Stopped`));
      expect(list, why).toMatch(/train-a10\s+Stopped\s+ecs\.gn7i-c8g1\.2xlarge\s+3h 4\dm/); // :notebooks

      // prod: the digest's Stop becomes an approval request; two approvers click Approve on it, then it stops
      const prod = out.slice(at('> :notebook scratch'));
      expect(prod, why).toMatch(/#C0PROD  bot: :zzz: \*Idle notebooks in prod\*: 1 running[\s\S]*no idle-stop policy/);
      expect(prod, why).toMatch(/#C0PROD  bot: :lock: \*Approval needed\* for `dsw stop dsw-[0-9a-f]+`/);
      expect(prod, why).toMatch(/U0APPR1 clicks \[Approve\] \(action_id approval_approve\)[\s\S]*Approvals: 1 of 2/);
      expect(prod, why).toMatch(
        /U0APPR2 clicks \[Approve\][\s\S]*\(only visible to U0ALICE\) :black_square_for_stop: DSW notebook \*scratch\* .* is stopping/,
      );
    },
    RUN_LIMIT_MS + 5_000,
  );

  it('exits 2, naming file and line, on an on-call control line with bad arguments, before starting anything', async () => {
    const file = script('mute.pai', ':click Acknowledge\n:mute 2h\n');
    const run = await runSandbox(['--script', file], 30_000);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/mute\.pai:2: :mute takes one of the durations of the alerts' Mute menu \(1h, 4h, 24h\)/),
    ]);
    expect(run.stdout).toBe('');
  }, 35_000);

  it('exits non-zero, naming file and line, on an unknown console command, before starting anything', async () => {
    const file = script('unknown.pai', '/pai ws\n:frobnicate now\n');
    const run = await runSandbox(['--script', file], 30_000);
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/unknown\.pai:2: unknown console command :frobnicate/),
    ]);
    expect(run.stdout).not.toContain('> /pai ws');
  }, 35_000);

  it('exits non-zero when a :wait times out, after running the lines before it', async () => {
    const file = script('wait.pai', '/pai ws\n:wait Workspaces\n:wait NeverGonnaHappen 1s\n/pai help\n');
    const run = await runSandbox(['--script', file], 45_000);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toContain('Workspaces');
    expect(run.stdout).not.toContain('> /pai help');
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/wait\.pai:3 .*:wait timed out after 1s: no bot output matched \/NeverGonnaHappen\/i/),
    ]);
  }, 50_000);

  it('exits non-zero when the script file does not exist', async () => {
    const run = await runSandbox(['--script', join(dir, 'missing.pai')], 30_000);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/cannot read script .*missing\.pai: no such file/);
  }, 35_000);
});
