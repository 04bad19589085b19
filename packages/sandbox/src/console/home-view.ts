// `:home`: opens the current user's App Home the way Slack does when they click the app's Home tab (a signed
// app_home_opened event, tab home), waits for the view the bot publishes for them (the fake Slack keeps each one,
// homeViews), and prints it as plain text. formatHomeView is pure, so the unit tests cover what the terminal shows.

import { formatDuration } from '../../../../src/config/duration.js';
import { HOME_NOTICE_BLOCK_ID } from '../../../../src/render/app-home.js';
import { blocksToText } from '../transcript.js';
import { DEFAULT_APP_ID, DEFAULT_TEAM_ID } from '@pai-bot/fake-slack/defaults.js';
import { placedButtonsOf, type ButtonRef } from './buttons.js';
import type { LineContext, LineResult } from './line-context.js';
import { postToBot, eventBody } from '../slack-requests.js';
import { ACK_TIMEOUT_MS, interact, withAckTimeout } from './send-pai.js';

/** How long `:home` waits for the bot to publish the view (it reads Redis only, so it is quick). */
export const HOME_ANSWER_MS = 10_000;
/** How long a `:click` on the Home waits for the Home republished with its notice (a repeated press has none). */
const HOME_NOTICE_MS = 3_000;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const hasNotice = (view: Record<string, unknown>): boolean =>
  Array.isArray(view.blocks) && view.blocks.some((b) => isObj(b) && b.block_id === HOME_NOTICE_BLOCK_ID);

/**
 * A published Home view as the terminal shows it: a title naming whose Home it is, its blocks flattened (sections,
 * buttons as `[Approve]`), each line indented, and the `:click` lines its buttons take.
 */
export function formatHomeView(user: string, view: unknown): string {
  const blocks = isObj(view) && Array.isArray(view.blocks) ? view.blocks : [];
  const title = `(App Home, only visible to ${user})`;
  if (blocks.length === 0) return `${title} (an empty view)`;
  const body = blocksToText(blocks, '')
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
  const labels = [...new Set(placedButtonsOf(blocks).map((p) => p.button.text || p.button.actionId))];
  const hint = labels.length > 0 ? `\n(${labels.map((l) => `:click ${l}`).join(', ')}: on the Home)` : '';
  return `${title}\n${body}${hint}`;
}

/** The signed Events API body Slack sends when `user` opens the app's Home tab. */
export function homeOpenedBody(user: string): string {
  return eventBody({ event: { type: 'app_home_opened', user, channel: `D${user.slice(1)}`, tab: 'home' } });
}

export async function runHome(ctx: LineContext): Promise<LineResult> {
  const { world, state, say } = ctx;
  const user = state.user;
  const before = world.slack.homeViews(user).length;
  say(`[sandbox] ${user} opens the app's Home tab`);
  try {
    const reply = await withAckTimeout(
      postToBot(world.eventsUrl, homeOpenedBody(user), { secret: world.signingSecret, contentType: 'json' }),
      ACK_TIMEOUT_MS,
    );
    if (reply.status !== 200) return { ok: false, reason: `the bot answered HTTP ${reply.status} to app_home_opened` };
  } catch (err) {
    return { ok: false, reason: `:home: ${(err as Error).message}` };
  }
  const published = await world.slack
    .waitFor(() => world.slack.homeViews(user).slice(before).at(-1), HOME_ANSWER_MS)
    .catch(() => undefined);
  if (!published)
    return { ok: false, reason: `the bot published no App Home for ${user} within ${formatDuration(HOME_ANSWER_MS)}` };
  ctx.buttons.noteHome(user, published.view.blocks);
  ctx.output.add(formatHomeView(user, published.view));
  return { ok: true };
}

/**
 * The block_actions payload Slack sends when `user` clicks `button` on their App Home: the container is the view, not
 * a message, and there is no channel and no response_url (approval-buttons.ts counts such a vote all the same).
 */
export function homeBlockActionsPayload(user: string, button: ButtonRef): Record<string, unknown> {
  const nowSec = Date.now() / 1000;
  return {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: DEFAULT_TEAM_ID },
    api_app_id: DEFAULT_APP_ID,
    token: 'fake-verification-token',
    container: { type: 'view', view_id: `VHOME${user}` },
    trigger_id: `${Math.floor(nowSec)}.${Math.floor(Math.random() * 1e9)}.${user.toLowerCase()}`,
    team: { id: DEFAULT_TEAM_ID, domain: 'fake-workspace' },
    enterprise: null,
    is_enterprise_install: false,
    view: { id: `VHOME${user}`, type: 'home', team_id: DEFAULT_TEAM_ID, app_id: DEFAULT_APP_ID, state: { values: {} } },
    actions: [
      {
        type: 'button',
        action_id: button.actionId,
        block_id: button.blockId ?? 'sandbox',
        text: { type: 'plain_text', text: button.text, emoji: true },
        ...(button.value !== undefined ? { value: button.value } : {}),
        action_ts: nowSec.toFixed(6),
      },
    ],
  };
}

/**
 * `:click` on the Home `:home` printed last: sends the click as `user` and lets what it causes print (a vote edits
 * the approval request's message), then prints the Home the bot republishes for them with a notice at the top saying
 * what the click did.
 */
export async function clickOnHome(button: ButtonRef, ctx: LineContext): Promise<LineResult> {
  const { world, output, state, say } = ctx;
  say(`[sandbox] ${state.user} clicks [${button.text}] (action_id ${button.actionId}) on their App Home`);
  const before = output.count;
  const homesBefore = world.slack.homeViews(state.user).length;
  const sent = await interact(world, homeBlockActionsPayload(state.user, button), {
    to: 'the click',
    label: `:click ${button.text}`,
  });
  if (!sent.ok) return sent;
  // The one with the notice: the watchers may republish this Home meanwhile too.
  const republished = await world.slack
    .waitFor(
      () =>
        world.slack
          .homeViews(state.user)
          .slice(homesBefore)
          .find((v) => hasNotice(v.view)),
      HOME_NOTICE_MS,
    )
    .catch(() => undefined);
  if (ctx.settle) await output.settle(before);
  if (republished) {
    ctx.buttons.noteHome(state.user, republished.view.blocks);
    output.add(formatHomeView(state.user, republished.view));
  }
  return { ok: true };
}
