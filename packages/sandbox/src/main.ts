// `npm run sandbox [-- --script FILE]`: the real bot against the PAI and OSS simulators and a fake Slack,
// driven from a console. Exit codes: 0 every line ran; 1 a line failed or the sandbox could not
// start; 2 bad arguments, an unreadable script or a line that does not parse.

import { readFileSync } from 'node:fs';
import { ConfigError } from '../../../src/config/config-error.js';
import { BotOutput } from './console/bot-output.js';
import { ButtonBoard } from './console/buttons.js';
import { parseSandboxArgs } from './console/cli-args.js';
import { alertsLine, costsLine, ossLine, welcomeText } from './console/help-text.js';
import { createPromptPrinter, runInteractive } from './console/interactive.js';
import { INITIAL_STATE, type LineContext } from './console/run-line.js';
import { parseScript, runScript, type ScriptLine } from './console/script-runner.js';
import { startSandboxWorld, type SandboxWorld } from './console/sandbox-world.js';
import { followSlack, type Responders } from './console/slack-activity.js';

const SCRIPT_LIMIT_MS = 5 * 60_000;
const SHUTDOWN_LIMIT_MS = 20_000;

function bail(code: number, reason: string): never {
  process.stderr.write(`sandbox: ${reason}\n`);
  process.exit(code);
}

function readScript(file: string): ScriptLine[] {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    bail(2, `cannot read script ${file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const parsed = parseScript(source, file);
  if (!parsed.ok) bail(2, parsed.error);
  return parsed.lines;
}

// Every way out goes through here, once: a private redis-server is a child process that would
// outlive us if we exited without stopping it.
let world: SandboxWorld | undefined;
let exiting = false;

async function exitWith(code: number, reason?: string): Promise<never> {
  if (!exiting) {
    exiting = true;
    if (world) {
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          process.stderr.write(`sandbox: shutdown took more than ${SHUTDOWN_LIMIT_MS / 1000} s; exiting anyway\n`);
          resolve();
        }, SHUTDOWN_LIMIT_MS);
      });
      await Promise.race([world.stop(), limit]);
      clearTimeout(timer);
    }
    if (reason) process.stderr.write(`sandbox: ${reason}\n`);
    process.exit(code);
  }
  return new Promise<never>(() => undefined); // already on the way out
}

async function main(): Promise<void> {
  const args = parseSandboxArgs(process.argv.slice(2));
  if (!args.ok) bail(2, args.error);
  const scriptLines = args.script === undefined ? undefined : readScript(args.script);
  const interactive = scriptLines === undefined;
  const printer = createPromptPrinter();
  const say = (text: string) => printer.print(text);

  try {
    world = await startSandboxWorld({
      redisUrl: process.env.REDIS_URL,
      logLevel: process.env.LOG_LEVEL,
      note: (line) => say(`[sandbox] ${line}`),
    });
  } catch (err) {
    if (err instanceof ConfigError) bail(2, `configuration error: ${err.message}`);
    bail(1, `could not start: ${(err as Error).message}`);
  }

  const responders: Responders = new Map();
  const output = new BotOutput(say);
  const buttons = new ButtonBoard();
  followSlack(world.slack, responders, (text) => output.add(text), {
    buttons,
    ...(world.alerts ? { alertsChannel: world.alerts.channel } : {}),
  });
  const ctx: LineContext = {
    world,
    output,
    state: { ...INITIAL_STATE },
    responders,
    buttons,
    say,
    settle: !interactive,
  };

  if (interactive) {
    say(
      welcomeText(ctx.state, {
        simUrl: world.simUrl,
        ossUrl: world.ossUrl,
        redis: world.redisDescription,
        logPath: world.logPath,
        ...(world.alerts ? { alerts: world.alerts } : {}),
        costs: world.costs,
      }),
    );
    await runInteractive(ctx, printer);
    say('[sandbox] stopping…');
    return exitWith(0);
  }

  say(
    `[sandbox] bot ready; PAI simulated at ${world.simUrl}; Redis ${world.redisDescription}; logs in ${world.logPath}`,
  );
  say(`[sandbox] ${ossLine(world.ossUrl)}`);
  say(`[sandbox] you are ${ctx.state.user} in #${ctx.state.channel}; simulated time runs ${world.ticker.speed}x`);
  if (world.alerts) say(`[sandbox] ${alertsLine(world.alerts)}`);
  say(`[sandbox] ${costsLine(world.costs)}`);
  const limit = setTimeout(
    () => void exitWith(1, `the script did not finish within ${SCRIPT_LIMIT_MS / 60_000} min`),
    SCRIPT_LIMIT_MS,
  );
  const result = await runScript(args.script!, scriptLines!, ctx);
  clearTimeout(limit);
  if (!result.ok) return exitWith(1, result.reason);
  say('\n[sandbox] script finished: every line ran');
  return exitWith(0);
}

function crashed(err: unknown): void {
  world?.log.error({ err }, 'sandbox crashed');
  void exitWith(1, `unexpected error: ${err instanceof Error ? err.message : String(err)}`);
}

// A closed stdout (`… | head`) must not crash us past the cleanup; the rest of the output has no reader.
process.stdout.on('error', () => {
  process.stdout.write = () => true;
});
process.on('uncaughtException', crashed);
process.on('SIGINT', () => void exitWith(130, 'interrupted'));
process.on('SIGTERM', () => void exitWith(143, 'stopped by SIGTERM'));
main().catch(crashed);
