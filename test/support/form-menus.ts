// What the form-menu tests share: opening a form with its bare command, and asking the bot for an instance menu's
// options as Slack does (a block_suggestion), read back as its groups.

import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Harness, ViewRef } from './harness.js';

export type MenuOption = { text: { text: string }; value: string };
type Group = { label: { text: string }; options: MenuOption[] };
export type FormView = ViewRef & {
  callback_id?: unknown;
  blocks: { block_id?: string; element: Record<string, unknown> }[];
};

/** Types the bare command (`dlc submit`, `eas deploy`) and returns the form it opened, with a fresh view id. */
export async function openFormOf(
  h: Harness,
  command: string,
  opts: { user?: string; channel?: string } = {},
): Promise<FormView> {
  const before = h.slack.openedViews().length;
  const reply = await h.command(command, opts);
  expect(reply.json.text).toMatch(/Opened the form/);
  expect(h.slack.openedViews()).toHaveLength(before + 1);
  return { ...(h.slack.openedViews().at(-1)!.view as unknown as FormView), id: `V${randomUUID().slice(0, 8)}` };
}

/** The menu `actionId`'s options for `typed`, checked as Slack checks them. */
export async function suggestIn(h: Harness, view: FormView, actionId: string, typed = '', user?: string) {
  const reply = await h.suggest(view, actionId, typed, user ? { user } : {});
  expect(reply.status).toBe(200);
  expect(reply.problems).toEqual([]);
  const groups = (reply.json.option_groups ?? []) as Group[];
  return {
    elapsedMs: reply.elapsedMs,
    labels: groups.map((g) => g.label.text),
    values: groups.map((g) => g.options.map((o) => o.value)),
    texts: groups.flatMap((g) => g.options.map((o) => o.text.text)),
    options: (reply.json.options ?? []) as MenuOption[],
  };
}
