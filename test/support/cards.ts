// What the card-button tests share: a harness per test on one config (stopped after each), the buttons a card shows,
// and polling the EAS watcher until a card reads what a test waits for.

import { afterEach } from 'vitest';
import { eventually, startHarness, type Harness } from './harness.js';

export type CardButton = { type: string; action_id: string; value: string; confirm?: unknown };
export type Card = { ts: string; text: string; blocks?: unknown[] };

/** A fresh harness on `yaml` for each call; every one is stopped after the test that started it. */
export function harnessesOn(yaml: string): () => Promise<Harness> {
  const running: Harness[] = [];
  afterEach(async () => {
    for (const h of running.splice(0).reverse()) await h.stop();
  });
  return async () => {
    const h = await startHarness({ yaml });
    running.push(h);
    return h;
  };
}

/** Every button of the card's actions blocks, in order. */
export function cardButtons(card: Card): CardButton[] {
  return ((card.blocks ?? []) as { type: string; elements?: CardButton[] }[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? []);
}

export const cardButton = (card: Card, actionId: string) => cardButtons(card).find((b) => b.action_id === actionId);

/** Moves the clock 2 s and polls the EAS services until `check` holds (10 s at most). */
export async function pollServicesUntil(h: Harness, check: () => boolean, what: string): Promise<void> {
  await eventually(
    async () => {
      h.clock.advance(2_000);
      await h.bot.pollServicesNow();
      return check();
    },
    10_000,
    what,
  );
}
