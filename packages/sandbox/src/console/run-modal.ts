// The modal a `/pai` line opened (a bare `/pai dlc submit`): printed when it opens, `:fill` sets a field (for a menu
// the bot fills as you type, an external_select, after asking the bot for its options with a signed block_suggestion,
// as Slack does), `:submit` sends the signed view_submission and prints the answer (modal-form.ts holds the pure
// parts). The reply the bot then posts (an ephemeral "Queued …") and the card arrive like any other output.

import type { LineContext, LineResult } from './line-context.js';
import { checkOptionsAnswer } from '@pai-bot/fake-slack/select-menus.js';
import {
  blockSuggestionPayload,
  formatModal,
  formatSubmitAnswer,
  loadedOptions,
  pickLoadedOption,
  readModal,
  resolveFill,
  viewSubmissionPayload as viewSubmission,
} from './modal-form.js';
import { interact } from './send-pai.js';

/** After a `/pai` line: a modal the bot opened meanwhile becomes the one `:fill` and `:submit` act on. */
export function noteOpenedModal(ctx: LineContext, openedBefore: number): void {
  const opened = ctx.world.slack.openedViews();
  const last = opened.length > openedBefore ? opened.at(-1) : undefined;
  if (!last) return;
  // The fake Slack's views.open answers with id VM<n>, n counting the views it opened (packages/fake-slack/src/views.ts).
  const modal = readModal(`VM${opened.length}`, last.view);
  ctx.buttons.modal = modal;
  ctx.output.add(formatModal(modal), true); // inside the /pai line's hold, right after its ack
}

const NO_MODAL = 'no modal is open: a bare /pai dlc submit or /pai eas deploy opens one';

export async function runFill(text: string, ctx: LineContext): Promise<LineResult> {
  const modal = ctx.buttons.modal;
  if (!modal) return { ok: false, reason: `:fill: ${NO_MODAL}` };
  const fill = resolveFill(modal, text);
  if (!fill.ok) return { ok: false, reason: `:fill: ${fill.error}` };
  let value = fill.value;
  if (fill.load) {
    const { world, state } = ctx;
    const sent = await interact(world, blockSuggestionPayload(state.user, modal, fill.field, fill.value), {
      to: 'the options request of :fill',
      label: ':fill',
    });
    if (!sent.ok) return sent;
    const answer: unknown = sent.reply.json;
    // What real Slack would refuse to show, the console refuses too (packages/fake-slack/src/select-menus.ts).
    const refused = checkOptionsAnswer(answer);
    if (refused.length > 0) return { ok: false, reason: `:fill: Slack would refuse the options: ${refused[0]}` };
    const options = loadedOptions(answer);
    const picked = pickLoadedOption(fill.field, fill.value, options);
    if (!picked.ok) return { ok: false, reason: `:fill: ${picked.error}` };
    ctx.say(`[sandbox] the bot offered ${options.length} option(s) for "${fill.value}"; picked ${picked.option.text}`);
    value = picked.option.value;
    fill.field.chosenText = picked.option.text;
  }
  fill.field.value = value;
  ctx.say(`[sandbox] ${fill.field.label} = ${value === '' ? '(empty)' : JSON.stringify(value)}`);
  return { ok: true };
}

export async function runSubmit(ctx: LineContext): Promise<LineResult> {
  const { world, output, state, say } = ctx;
  const modal = ctx.buttons.modal;
  if (!modal) return { ok: false, reason: `:submit: ${NO_MODAL}` };
  say(`[sandbox] ${state.user} presses [${modal.submit}] on the modal "${modal.title}"`);
  const before = output.count;
  const sent = await interact(world, viewSubmission(state.user, modal), { to: 'the submission', label: ':submit' });
  if (!sent.ok) return sent;
  const json: unknown = sent.reply.json;
  const answer = formatSubmitAnswer(modal, json);
  if (answer.closed) ctx.buttons.modal = undefined;
  output.add(answer.text);
  if (ctx.settle) await output.settle(before + 1);
  return { ok: true };
}
