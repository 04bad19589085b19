// Runs the bot (src/main.ts, or test/support/worker-process.ts) as a separate process against a
// harness's stand-ins, so a test can SIGKILL or SIGTERM it. Started as `node --import tsx <script>`:
// one process (no npx/tsx wrapper in between), so a signal reaches the bot itself.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ACCESS_KEY_ID,
  ACCESS_KEY_SECRET,
  BOT_TOKEN,
  DEFAULT_YAML,
  eventually,
  SIGNING_SECRET,
  type Harness,
} from './harness.js';

export interface BotProcess {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** The JSON log lines so far (other lines skipped). */
  logs(): Record<string, unknown>[];
  /** Resolves with the exit code (null when killed by a signal) once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits (bounded) for a log line with this msg. */
  waitForLog(msg: string | RegExp, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** SIGKILLs it if it is still running (for afterEach). */
  kill(): Promise<void>;
}

/** The environment the shipped entry point reads, pointing at the harness's stand-ins. */
export function standInEnv(h: Harness, redisUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'pai-bot-proc-'));
  const configPath = join(dir, 'pai-bot.yaml');
  writeFileSync(configPath, DEFAULT_YAML);
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: h.slack.url,
    PORT: '0',
    REDIS_URL: redisUrl,
    PAI_BOT_CONFIG: configPath,
    ALIBABA_CLOUD_ACCESS_KEY_ID: ACCESS_KEY_ID,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: ACCESS_KEY_SECRET,
    PAI_DLC_ENDPOINT: h.simUrl,
    PAI_WORKSPACE_ENDPOINT: h.simUrl,
    PAI_EAS_ENDPOINT: h.simUrl,
    PAI_DSW_ENDPOINT: h.simUrl,
    OSS_ENDPOINT: h.ossUrl,
    LOG_LEVEL: 'debug',
    ...extra,
  };
}

export function spawnBotProcess(script: string, args: string[], env: Record<string, string>): BotProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const logs = () =>
    output.split('\n').flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  return {
    child,
    output: () => output,
    logs,
    exited,
    waitForLog: (msg, timeoutMs = 15_000) =>
      eventually(
        () => {
          if (child.exitCode !== null)
            throw new Error(`the process exited (${child.exitCode}): ${output.slice(-2_000)}`);
          return logs().find((l) => (typeof msg === 'string' ? l.msg === msg : msg.test(String(l.msg))));
        },
        timeoutMs,
        `log line ${String(msg)} (output so far: ${output.slice(-2_000)})`,
      ),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** Each thread of a running process and its nice value, from /proc (Linux only). */
export function threadNice(pid: number): { tid: string; name: string; nice: number }[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((tid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      return [{ tid, name, nice: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]) }];
    } catch {
      return []; // the thread ended meanwhile
    }
  });
}
