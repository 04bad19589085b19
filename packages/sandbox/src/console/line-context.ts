// What one console line runs with and how it ends: shared by run-line.ts and the helpers it calls, kept apart so
// the helpers need not import the runner.

import type { BotOutput } from './bot-output.js';
import type { ButtonBoard } from './buttons.js';
import type { SandboxWorld } from './sandbox-world.js';
import type { Responders } from './slack-activity.js';

export interface ConsoleState {
  user: string;
  channel: string;
}

export interface LineContext {
  world: SandboxWorld;
  output: BotOutput;
  state: ConsoleState;
  responders: Responders;
  /** The last private message with buttons, for `:click` (alerts are read from the fake Slack). */
  buttons: ButtonBoard;
  /** Console messages (not bot output). */
  say: (text: string) => void;
  /** Scripts let a command's output arrive before the next line echoes; the interactive prompt need not. */
  settle: boolean;
}

export type LineResult = { ok: true; quit?: boolean } | { ok: false; reason: string };
