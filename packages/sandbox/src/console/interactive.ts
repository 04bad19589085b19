// The interactive prompt. Bot output arrives at any moment, so it is printed above the prompt and
// the half-typed line is redrawn instead of being scrambled.

import { clearLine, createInterface, cursorTo } from 'node:readline';
import { parseConsoleLine } from './console-commands.js';
import { runCommand, type LineContext } from './run-line.js';

export interface Printer {
  print(text: string): void;
}

/** Prints above the prompt while idle; a plain print while a line is running (no prompt to protect). */
export function createPromptPrinter(): Printer & { attach(redraw: (() => void) | undefined): void; busy: boolean } {
  let redraw: (() => void) | undefined;
  const printer = {
    busy: false,
    attach(fn: (() => void) | undefined) {
      redraw = fn;
    },
    print(text: string) {
      if (!redraw || printer.busy || !process.stdout.isTTY) {
        process.stdout.write(`${text}\n`);
        return;
      }
      clearLine(process.stdout, 0);
      cursorTo(process.stdout, 0);
      process.stdout.write(`${text}\n`);
      redraw();
    },
  };
  return printer;
}

export async function runInteractive(ctx: LineContext, printer: ReturnType<typeof createPromptPrinter>): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
  const setPrompt = () => rl.setPrompt(`[${ctx.state.user} @ ${ctx.state.channel}] `);
  printer.attach(() => rl.prompt(true));
  rl.on('SIGINT', () => rl.close()); // Ctrl-C leaves as cleanly as Ctrl-D
  setPrompt();
  rl.prompt();
  for await (const line of rl) {
    // Piped input is not echoed by a terminal; echo it so the output reads like a transcript.
    if (!process.stdin.isTTY && line.trim()) process.stdout.write(`> ${line}\n`);
    const parsed = parseConsoleLine(line);
    if (!parsed.ok) {
      printer.print(`[sandbox] ${parsed.error}`);
    } else if (parsed.command) {
      printer.busy = true;
      try {
        const result = await runCommand(parsed.command, ctx);
        if (!result.ok) printer.print(`[sandbox] failed: ${result.reason}`);
        if (result.ok && result.quit) break;
      } catch (err) {
        printer.print(`[sandbox] failed: ${(err as Error).message}`);
      } finally {
        printer.busy = false;
      }
    }
    setPrompt();
    rl.prompt();
  }
  printer.attach(undefined); // no prompt to redraw while shutting down
  rl.close();
}
