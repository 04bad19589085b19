// The App Home as the integration tests drive it: a signed app_home_opened for a user, a click on their Home (a
// block_actions from a view: no channel, no response_url), and the buttons and text of a published view.

import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { eventBody, interactiveBody, postToBot } from '@pai-bot/sandbox/slack-requests.js';
import type { PublishedView } from '@pai-bot/fake-slack/index.js';
import { SIGNING_SECRET, type Harness } from './harness.js';

/** Delivers a signed app_home_opened (tab home) for `user`; resolves with the view published for them after it. */
export async function openHome(
  h: Harness,
  user: string,
  tab = 'home',
): Promise<{ view: PublishedView; elapsedMs: number }> {
  const before = h.slack.homeViews(user).length;
  const started = Date.now();
  const event = { type: 'app_home_opened', user, channel: 'D0HOME', tab };
  const reply = await postToBot(h.eventsUrl, eventBody({ event }), { secret: SIGNING_SECRET, contentType: 'json' });
  expect(reply.status).toBe(200);
  const view = await h.slack.waitFor(() => h.slack.homeViews(user)[before], 2_000);
  return { view, elapsedMs: Date.now() - started };
}

export interface HomeClick {
  action_id: string;
  block_id: string;
  value: string;
  /** The same action_ts (and trigger id) is the same press delivered again. */
  actionTs?: string;
  triggerId?: string;
}

/** A button press in the App Home: a block_actions from a view, with no channel and no response_url. */
export async function clickInHome(h: Harness, user: string, click: HomeClick): Promise<void> {
  const { actionTs, triggerId, ...action } = click;
  const payload = {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T0TEAM' },
    team: { id: 'T0TEAM', domain: 'test' },
    api_app_id: 'A0PAIBOT',
    trigger_id: triggerId ?? randomUUID(),
    container: { type: 'view', view_id: 'V1' },
    view: { id: 'V1', type: 'home' },
    actions: [
      {
        type: 'button',
        ...action,
        text: { type: 'plain_text', text: 'x' },
        action_ts: actionTs ?? String(Date.now() / 1000),
      },
    ],
  };
  const reply = await postToBot(h.eventsUrl, interactiveBody(payload), { secret: SIGNING_SECRET, contentType: 'form' });
  expect(reply.status).toBe(200);
}

type Block = {
  type: string;
  block_id?: string;
  text?: { text?: string };
  elements?: { action_id?: string; value?: string }[];
};

/** The buttons of a published view with this action_id, each with its block_id. */
export const buttonsOf = (v: PublishedView, actionId: string) =>
  (v.view.blocks as Block[]).flatMap((b) =>
    b.type === 'actions'
      ? (b.elements ?? []).filter((e) => e.action_id === actionId).map((e) => ({ ...e, block_id: b.block_id ?? '' }))
      : [],
  );

/** The notice at the top of a published view (a click's answer), if it has one. */
export const noticeOf = (v: PublishedView): string | undefined =>
  (v.view.blocks as Block[]).find((b) => b.block_id === 'home_notice')?.text?.text;

/** A published view's blocks as one string, to look for what it shows. */
export const textOf = (v: PublishedView): string => JSON.stringify(v.view.blocks);
