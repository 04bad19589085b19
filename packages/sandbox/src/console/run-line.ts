// Runs one parsed console command against the running sandbox. The same function serves the
// interactive prompt and scripts; only what they do with a failure differs.

import { randomUUID } from 'node:crypto';
import { formatDuration } from '../../../../src/config/duration.js';
import { blockActionsPayload, matchButtons, pickButton, type ButtonRef } from './buttons.js';
import { findChannelButton, pressOnMessage, runMute } from './channel-presses.js';
import type { ConsoleCommand } from './console-commands.js';
import { formatJobs } from './format-jobs.js';
import { formatServices } from './format-services.js';
import { CONSOLE_HELP } from './help-text.js';
import { clickOnHome, runHome } from './home-view.js';
import { expandNotebookRefs } from './notebook-grammar.js';
import { jobFailurePlan, runAutoscale, runExternalJob, runExternalService } from './run-external.js';
import { noteOpenedModal, runFill, runSubmit } from './run-modal.js';
import { runNotebook, runNotebookLoad, runNotebooks } from './run-notebooks.js';
import { interact, sendPai } from './send-pai.js';
import { describeAck } from './slack-activity.js';
import type { ConsoleState, LineContext, LineResult } from './line-context.js';

export type { ConsoleState, LineContext, LineResult } from './line-context.js';

export const INITIAL_STATE: Readonly<ConsoleState> = Object.freeze({ user: 'U0ALICE', channel: 'C0DEV' });

const OK: LineResult = { ok: true };

/** How long `:click` waits for the bot's response_url answer (the message that replaces the clicked one). */
export const CLICK_ANSWER_MS = 10_000;

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
      say(
        cmd.factor === 0
          ? '[sandbox] simulated time is paused (:advance still moves it)'
          : `[sandbox] simulated time now runs ${cmd.factor}x real time`,
      );
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
      return {
        ok: false,
        reason: `:wait timed out after ${formatDuration(cmd.timeoutMs)}: no bot output matched /${cmd.pattern.source}/i`,
      };
    }
    case 'fail-next-job':
      world.sim.planNextJob(jobFailurePlan(cmd));
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
    case 'cold-start': {
      const exists = world.sim.services().some((s) => s.ServiceName === cmd.service);
      world.sim.holdColdStart(cmd.service, cmd.ms);
      const episode = exists ? 'its next scale-up, start or restart' : 'its deploy';
      const speed = world.ticker.speed;
      const real = speed > 0 ? ` (~${formatDuration(cmd.ms / speed)} real time at ${speed}x)` : '';
      const after = world.alerts
        ? `; the bot alerts #${world.alerts.channel} when a cold start lasts over ${formatDuration(world.alerts.coldStartAfterMs)}`
        : '';
      say(
        `[sandbox] the next cold start of ${cmd.service} (${episode}) is held: new instances stay Pending for ${formatDuration(cmd.ms)} of simulated time${real}${after}`,
      );
      return OK;
    }
    case 'fail-next-service':
      world.sim.planNextService({
        outcome: 'Failed',
        reason: cmd.reason,
        ...(cmd.message ? { message: cmd.message } : {}),
      });
      say(`[sandbox] the next deployed EAS service will go Failed with ${cmd.reason} at the end of its cold start`);
      return OK;
    case 'services':
      say(formatServices(world.sim.services(), formatDuration));
      return OK;
    case 'external-job':
      return runExternalJob(cmd, ctx);
    case 'external-service':
      return runExternalService(cmd, ctx);
    case 'autoscale':
      return runAutoscale(cmd, ctx);
    case 'notebook':
      return runNotebook(cmd, ctx);
    case 'notebook-load':
      return runNotebookLoad(cmd, ctx);
    case 'notebooks':
      return runNotebooks(ctx);
    case 'click':
      return runClick(cmd.target, ctx);
    case 'mute':
      return runMute(cmd.value, ctx);
    case 'home':
      return runHome(ctx);
    case 'fill':
      return runFill(cmd.text, ctx);
    case 'submit':
      return runSubmit(ctx);
    case 'help':
      say(CONSOLE_HELP);
      return OK;
    case 'quit':
      return { ok: true, quit: true };
  }
}

async function runPai(typed: string, ctx: LineContext): Promise<LineResult> {
  const { world, output, state } = ctx;
  const who = { ...state };
  // {notebook:<name>} stands for an instance id the simulator picked at random (notebook-grammar.ts).
  const refs = typed.includes('{notebook:')
    ? expandNotebookRefs(typed, world.sim.notebooks())
    : ({ ok: true, text: typed, expanded: false } as const);
  if (!refs.ok) return { ok: false, reason: refs.error };
  const text = refs.text;
  if (refs.expanded) ctx.say(`[sandbox] sending /pai ${text}`);
  const before = output.count;
  const openedBefore = world.slack.openedViews().length;
  output.hold();
  try {
    const target = {
      eventsUrl: world.eventsUrl,
      signingSecret: world.signingSecret,
      responseUrl: (id: string) => world.slack.responseUrl(id),
    };
    const reply = await sendPai(target, who, text, ctx.responders);
    ctx.buttons.note('ack', (reply.json as { blocks?: unknown } | undefined)?.blocks, {
      channel: who.channel,
      user: who.user,
      replacedBy: reply.responseId,
    });
    output.add(describeAck(who.user, reply.status, reply.json, reply.body), true);
    noteOpenedModal(ctx, openedBefore);
    if (reply.status !== 200) return { ok: false, reason: `the bot answered HTTP ${reply.status} to /pai ${text}` };
  } catch (err) {
    return { ok: false, reason: `/pai ${text}: ${(err as Error).message}` };
  } finally {
    output.release();
  }
  if (ctx.settle) await output.settle(before + 1); // + 1: the ack itself
  return OK;
}

/**
 * `:click`: presses a button on the most recent message showing it. On the last private message that
 * had buttons, as the current user in the current channel, the way Slack does (a signed block_actions
 * payload with a fresh response_url), then waits for the bot's answer on that response_url, which
 * followSlack prints. On a message in the current channel or an alert, see channel-presses.ts.
 */
async function runClick(target: string, ctx: LineContext): Promise<LineResult> {
  const { world, output, state, say } = ctx;
  const message = ctx.buttons.latest;
  const contextOf = (b: ButtonRef) => message?.contexts.get(b);
  const privateSeq = message && matchButtons(message.buttons, target, contextOf).length > 0 ? message.seq : -1;
  const onChannel = findChannelButton(ctx, target);
  if (onChannel.found !== 'none' && onChannel.seq > privateSeq) {
    if (onChannel.found === 'ambiguous') return { ok: false, reason: onChannel.error };
    const action = { type: 'button', button: onChannel.button } as const;
    return pressOnMessage(onChannel.message, action, ctx, onChannel.context);
  }
  if (!message || privateSeq < 0) {
    // Nothing private shows it, and no channel message does either (any would have been more recent).
    const privately = message ? pickButton(message.buttons, target, contextOf) : undefined;
    const why = privately && !privately.ok ? privately.error : ctx.buttons.nothingToClick;
    const elsewhere = onChannel.found === 'none' ? `; ${onChannel.error}` : '';
    return { ok: false, reason: `${why}${elsewhere}` };
  }
  const pick = pickButton(message.buttons, target, contextOf);
  if (!pick.ok) return { ok: false, reason: pick.error };
  if (message.source === 'home') return clickOnHome(pick.button, ctx);
  const who = { ...state };
  const responseId = randomUUID();
  ctx.responders.set(responseId, who.user);
  message.replacedBy.add(responseId);
  const payload = blockActionsPayload({
    message,
    button: pick.button,
    user: who.user,
    channel: who.channel,
    responseUrl: world.slack.responseUrl(responseId),
  });
  say(`[sandbox] ${who.user} clicks [${pick.button.text}] (action_id ${pick.button.actionId}) in #${who.channel}`);
  const before = output.count;
  const sent = await interact(world, payload, { to: 'the click', label: `:click ${target}` });
  if (!sent.ok) return sent;
  const answered = await world.slack
    .waitFor(() => world.slack.responses(responseId)[0], CLICK_ANSWER_MS)
    .catch(() => undefined);
  if (!answered)
    say(
      `[sandbox] the bot took the click but sent no answer to its response_url within ${formatDuration(CLICK_ANSWER_MS)}`,
    );
  if (ctx.settle) await output.settle(before);
  return OK;
}
