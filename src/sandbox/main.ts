// `npm run sandbox [-- --script FILE]`: the real bot against the PAI simulator and a fake Slack,
// driven from a console. Exit codes: 0 every line ran; 1 a line failed or the sandbox could not
// start; 2 bad arguments, an unreadable script or a line that does not parse.

import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/config-error.js';
import { BotOutput } from './console/bot-output.js';
import { parseSandboxArgs } from './console/cli-args.js';
import { welcomeText } from './console/help-text.js';
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

/** Stops everything, but never hangs the exit on a stuck shutdown step. */
async function shutDown(world: SandboxWorld): Promise<void> {
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

let running: SandboxWorld | undefined; // so even an unexpected error stops a private redis-server

async function main(): Promise<void> {
  const args = parseSandboxArgs(process.argv.slice(2));
  if (!args.ok) bail(2, args.error);
  const scriptLines = args.script === undefined ? undefined : readScript(args.script);
  const interactive = scriptLines === undefined;
  const printer = createPromptPrinter();
  const say = (text: string) => printer.print(text);

  let world: SandboxWorld;
  try {
    world = await startSandboxWorld({ redisUrl: process.env.REDIS_URL, logLevel: process.env.LOG_LEVEL, note: (line) => say(`[sandbox] ${line}`) });
  } catch (err) {
    if (err instanceof ConfigError) bail(2, `configuration error: ${err.message}`);
    bail(1, `could not start: ${(err as Error).message}`);
  }

  running = world;
  const responders: Responders = new Map();
  const output = new BotOutput(say);
  const unfollow = followSlack(world.slack, responders, (text) => output.add(text));
  const ctx: LineContext = { world, output, state: { ...INITIAL_STATE }, responders, say, settleAfterPai: !interactive };

  let stopping = false;
  const finish = async (code: number, reason?: string): Promise<never> => {
    if (!stopping) {
      stopping = true;
      unfollow();
      await shutDown(world);
    }
    if (reason) process.stderr.write(`sandbox: ${reason}\n`);
    process.exit(code);
  };
  process.on('SIGTERM', () => void finish(143, 'stopped by SIGTERM'));
  if (!interactive) process.on('SIGINT', () => void finish(130, 'interrupted'));

  if (interactive) {
    say(welcomeText(ctx.state, { simUrl: world.simUrl, redis: world.redisDescription, logPath: world.logPath }));
    await runInteractive(ctx, printer);
    say('[sandbox] stopping…');
    return finish(0);
  }

  say(`[sandbox] bot ready; PAI simulated at ${world.simUrl}; Redis ${world.redisDescription}; logs in ${world.logPath}`);
  say(`[sandbox] you are ${ctx.state.user} in #${ctx.state.channel}; simulated time runs ${world.ticker.speed}x`);
  const limit = setTimeout(() => void finish(1, `the script did not finish within ${SCRIPT_LIMIT_MS / 60_000} min`), SCRIPT_LIMIT_MS);
  const result = await runScript(args.script!, scriptLines!, ctx);
  clearTimeout(limit);
  if (!result.ok) return finish(1, result.reason);
  say('\n[sandbox] script finished: every line ran');
  return finish(0);
}

main().catch(async (err: unknown) => {
  running?.log.error({ err }, 'sandbox crashed');
  if (running) await shutDown(running);
  bail(1, `unexpected error: ${err instanceof Error ? err.message : String(err)}`);
});
