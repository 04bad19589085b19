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
