// `npm run sandbox -- --script FILE` as users run it: a child process, judged by its exit code,
// its transcript on stdout and its one-line reason on stderr. REDIS_URL points at the test Redis
// so each run does not start its own redis-server.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const RUN_LIMIT_MS = 90_000;
/** examples/eas-cold-start.pai is meant to finish within about a minute of real time. */
const EAS_DEMO_LIMIT_MS = 60_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runSandbox(args: string[], limitMs = RUN_LIMIT_MS): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(TSX, ['src/sandbox/main.ts', ...args], {
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

const dir = mkdtempSync(join(tmpdir(), 'sandbox-script-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('npm run sandbox -- --script FILE', () => {
  it('runs examples/demo.pai: a job goes from submitted to Succeeded, and the run exits 0', async () => {
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
  }, RUN_LIMIT_MS + 5_000);

  it('runs examples/eas-cold-start.pai: two cold-start alerts, each answered with the time to ready, then a stop confirmed by a click', async () => {
    const started = Date.now();
    const run = await runSandbox(['--script', 'examples/eas-cold-start.pai'], EAS_DEMO_LIMIT_MS);
    const elapsedMs = Date.now() - started;
    const why = `exit ${run.code} after ${elapsedMs} ms\n--- stderr\n${run.stderr}\n--- stdout\n${run.stdout}`;
    expect(run.code, why).toBe(0);
    expect(run.stderr, why).toBe('');
    const out = run.stdout;
    expect(out, why).toContain('script finished: every line ran');

    // Exactly two cold-start alerts, printed as the alerts channel, each pinging on-call with the reasons.
    const alerts = [...out.matchAll(/^#C0ONCALL \(alerts\)  bot: @S0ONCALL :snowflake: \*Cold start:\* EAS service `fraud_svc` in `dev` is not ready .* after its ([a-z-]+): (\d+)\/(\d+) running, (\d+) pending/gm)];
    expect(alerts.map((m) => m[1]), why).toEqual(['deploy', 'scale-up']);
    expect(alerts.map((m) => [m[2], m[3], m[4]]), why).toEqual([['0', '2', '2'], ['2', '4', '2']]);
    expect(out.match(/:snowflake: \*Cold start/g), why).toHaveLength(2);
    const firstAlert = out.slice(alerts[0]!.index, alerts[1]!.index);
    expect(firstAlert, why).toMatch(/instance fraud_svc-\S+: Pending/);
    expect(firstAlert, why).toMatch(/What usually helps/);

    // Each episode ends with a ready reply in its alert's thread, giving the time to ready (held 2m, then 3m).
    const ready = [...out.matchAll(/^  ↳ #C0ONCALL \(alerts\) thread reply: :white_check_mark: `fraud_svc` is ready; time to ready (?:(\d+)m)? ?(?:(\d+)s)?\./gm)];
    const seconds = ready.map((m) => Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0));
    expect(seconds, why).toHaveLength(2);
    expect(seconds[0], why).toBeGreaterThanOrEqual(120);
    expect(seconds[0], why).toBeLessThan(180);
    expect(seconds[1], why).toBeGreaterThanOrEqual(180);
    expect(ready[0]!.index, why).toBeGreaterThan(alerts[0]!.index);
    expect(alerts[1]!.index, why).toBeGreaterThan(ready[0]!.index);
    expect(ready[1]!.index, why).toBeGreaterThan(alerts[1]!.index);
    // the requester hears it under the card, and the status answer shows it
    expect(out, why).toMatch(/↳ thread reply: @U0ALICE service `fraud_svc` is ready: 2\/2 instances running, 2m .*after the deploy/);
    expect(out, why).toMatch(/Time to ready: 2m/);

    // The stop is asked first (two buttons), and runs only after the click.
    const stopLine = out.indexOf('> /pai eas stop fraud_svc');
    const clickLine = out.indexOf('> :click Stop fraud_svc');
    expect(stopLine, why).toBeGreaterThan(ready[1]!.index);
    const confirm = out.slice(stopLine, clickLine);
    expect(confirm, why).toMatch(/\(ack, only visible to U0ALICE\) :warning: \*Stop\* EAS service `fraud_svc`\?/);
    expect(confirm, why).toMatch(/\[Stop fraud_svc\] \[Cancel\]/);
    expect(confirm, why).not.toMatch(/Stopping|Stopped/);
    expect(out.slice(0, clickLine), why).not.toMatch(/\*Stopped\*/);
    const clicked = out.indexOf('[sandbox] U0ALICE clicks [Stop fraud_svc] (action_id eas_confirm) in #C0DEV', clickLine);
    const receipt = out.indexOf('(response, only visible to U0ALICE, replacing the original) :inbox_tray: Queued `eas stop fraud_svc`', clicked);
    const stopped = out.indexOf('*Stopped*', receipt);
    expect(clicked, why).toBeGreaterThan(clickLine);
    expect(receipt, why).toBeGreaterThan(clicked);
    expect(stopped, why).toBeGreaterThan(receipt);
    expect(out.slice(stopped), why).toMatch(/fraud_svc\s+Stopped\s+0\/0\/0\s+100001/); // the final :services
  }, EAS_DEMO_LIMIT_MS + 5_000);

  it('exits non-zero, naming file and line, on an unknown console command, before starting anything', async () => {
    const file = script('unknown.pai', '/pai ws\n:frobnicate now\n');
    const run = await runSandbox(['--script', file], 30_000);
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/unknown\.pai:2: unknown console command :frobnicate/)]);
    expect(run.stdout).not.toContain('> /pai ws');
  }, 35_000);

  it('exits non-zero when a :wait times out, after running the lines before it', async () => {
    const file = script('wait.pai', '/pai ws\n:wait Workspaces\n:wait NeverGonnaHappen 1s\n/pai help\n');
    const run = await runSandbox(['--script', file], 45_000);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toContain('Workspaces');
    expect(run.stdout).not.toContain('> /pai help');
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/wait\.pai:3 .*:wait timed out after 1s: no bot output matched \/NeverGonnaHappen\/i/)]);
  }, 50_000);

  it('exits non-zero when the script file does not exist', async () => {
    const run = await runSandbox(['--script', join(dir, 'missing.pai')], 30_000);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/cannot read script .*missing\.pai: no such file/);
  }, 35_000);
});
