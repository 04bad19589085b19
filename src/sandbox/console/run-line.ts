// Runs one parsed console command against the running sandbox. The same function serves the
// interactive prompt and scripts; only what they do with a failure differs.

import { formatDuration } from '../../config/duration.js';
import type { BotOutput } from './bot-output.js';
import type { ConsoleCommand } from './console-commands.js';
import { formatJobs } from './format-jobs.js';
import { CONSOLE_HELP } from './help-text.js';
import type { SandboxWorld } from './sandbox-world.js';
import { sendPai } from './send-pai.js';
import { describeAck, type Responders } from './slack-activity.js';

export interface ConsoleState {
  user: string;
  channel: string;
}

export const INITIAL_STATE: Readonly<ConsoleState> = Object.freeze({ user: 'U0ALICE', channel: 'C0DEV' });

export interface LineContext {
  world: SandboxWorld;
  output: BotOutput;
  state: ConsoleState;
  responders: Responders;
  /** Console messages (not bot output). */
  say: (text: string) => void;
  /** Scripts let a command's output arrive before the next line echoes; the interactive prompt need not. */
  settle: boolean;
}

export type LineResult = { ok: true; quit?: boolean } | { ok: false; reason: string };

const OK: LineResult = { ok: true };

export async function runCommand(cmd: ConsoleCommand, ctx: LineContext): Promise<LineResult> {
  const { world, state, say } = ctx;
  switch (cmd.kind) {
    case 'pai':
      return runPai(cmd.text, ctx);
    case 'as':
      state.user = cmd.user;
      say(`[sandbox] you are now ${cmd.user}`);
      return OK;
    case 'in':
      state.channel = cmd.channel;
      say(`[sandbox] you are now typing in #${cmd.channel}`);
      return OK;
    case 'speed':
      world.ticker.setSpeed(cmd.factor);
      say(cmd.factor === 0 ? '[sandbox] simulated time is paused (:advance still moves it)' : `[sandbox] simulated time now runs ${cmd.factor}x real time`);
      return OK;
    case 'advance':
      world.clock.advance(cmd.ms);
      say(`[sandbox] simulated clock advanced by ${formatDuration(cmd.ms)}`);
      return OK;
    case 'sleep':
      await new Promise((r) => setTimeout(r, cmd.ms));
      return OK;
    case 'wait': {
      const outcome = await ctx.output.waitFor(cmd.pattern, cmd.timeoutMs);
      if (outcome.matched) {
        // The rest of a burst (the thread reply after a card edit) belongs before the next line.
        if (ctx.settle) await ctx.output.quiet();
        return OK;
      }
      return { ok: false, reason: `:wait timed out after ${formatDuration(cmd.timeoutMs)}: no bot output matched /${cmd.pattern.source}/i` };
    }
    case 'fail-next-job':
      world.sim.planNextJob({ outcome: 'Failed', reasonCode: cmd.reasonCode, reasonMessage: cmd.reasonMessage });
      say(`[sandbox] the next submitted job will fail with ${cmd.reasonCode}`);
      return OK;
    case 'throttle':
      world.sim.throttleNext(cmd.count, cmd.action);
      say(`[sandbox] the next ${cmd.count} ${cmd.action ?? 'PAI'} call(s) will be throttled`);
      return OK;
    case '5xx':
      world.sim.serverErrorNext(cmd.count, cmd.action);
      say(`[sandbox] the next ${cmd.count} ${cmd.action ?? 'PAI'} call(s) will answer 503`);
      return OK;
    case 'jobs':
      say(formatJobs(world.sim.jobs()));
      return OK;
    case 'help':
      say(CONSOLE_HELP);
      return OK;
    case 'quit':
      return { ok: true, quit: true };
  }
}

async function runPai(text: string, ctx: LineContext): Promise<LineResult> {
  const { world, output, state } = ctx;
  const who = { ...state };
  const before = output.count;
  output.hold();
  try {
    const target = { eventsUrl: world.eventsUrl, signingSecret: world.signingSecret, responseUrl: (id: string) => world.slack.responseUrl(id) };
    const reply = await sendPai(target, who, text, ctx.responders);
    output.add(describeAck(who.user, reply.status, reply.json, reply.body), true);
    if (reply.status !== 200) return { ok: false, reason: `the bot answered HTTP ${reply.status} to /pai ${text}` };
  } catch (err) {
    return { ok: false, reason: `/pai ${text}: ${(err as Error).message}` };
  } finally {
    output.release();
  }
  if (ctx.settle) await output.settle(before + 1); // + 1: the ack itself
  return OK;
}
