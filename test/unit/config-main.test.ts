// `main` turns a ConfigError into one line on stderr and exit code 2, before it starts anything.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url);
const TIMEOUT_MS = 15_000;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runMain(env: Record<string, string>, args: string[] = []): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'src/main.ts', ...args], {
      cwd: ROOT,
      // A minimal environment: nothing from the test runner's own (it may hold real settings).
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? tmpdir(),
        npm_config_update_notifier: 'false',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main did not exit within ${TIMEOUT_MS} ms; stderr so far: ${stderr}`));
    }, TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'pai-bot-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectOneLine(run: Run, setting: string): string {
  expect(run.code, run.stderr).toBe(2);
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  expect(lines, run.stderr).toHaveLength(1);
  expect(run.stderr.endsWith('\n')).toBe(true);
  expect(lines[0]).toContain(setting);
  expect(lines[0]).toContain('Fix:');
  return lines[0]!;
}

describe('main with a bad setting', () => {
  it(
    'exits 2 with one line naming SLACK_BOT_TOKEN when it is missing',
    async () => {
      const run = await runMain({ SLACK_SIGNING_SECRET: 'signing-secret-0123456789' });
      const line = expectOneLine(run, 'SLACK_BOT_TOKEN');
      expect(line).toMatch(/^pai-bot: configuration error: SLACK_BOT_TOKEN: is not set\. Fix: /);
      expect(run.stdout).toBe('');
    },
    TIMEOUT_MS + 5_000,
  );

  it(
    'exits 2 with one line naming an unknown YAML key, and does not echo the token',
    async () => {
      const file = join(dir, 'pai-bot.yaml');
      writeFileSync(
        file,
        'region: cn-shanghai\npol_interval: 30s\nworkspaces:\n  - name: dev\n    id: "100001"\n    env: dev\n',
      );
      const token = 'xoxb-1111-2222-MainTestSecretToken';
      const run = await runMain({
        SLACK_BOT_TOKEN: token,
        SLACK_SIGNING_SECRET: 'signing-secret-0123456789',
        PAI_BOT_CONFIG: file,
      });
      const line = expectOneLine(run, 'pol_interval');
      expect(line).toContain('did you mean "poll_interval"?');
      expect(run.stderr + run.stdout).not.toContain(token);
    },
    TIMEOUT_MS + 5_000,
  );
});
