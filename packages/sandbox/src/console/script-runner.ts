// `--script FILE`: every line is parsed before anything starts (a typo on line 30 should not cost a
// 20-second run to discover), then run in order with each input echoed, transcript style.

import { parseConsoleLine, type ConsoleCommand } from './console-commands.js';
import { runCommand, type LineContext, type LineResult } from './run-line.js';

export interface ScriptLine {
  lineNo: number;
  text: string;
  command: ConsoleCommand;
}

export type ParsedScript = { ok: true; lines: ScriptLine[] } | { ok: false; error: string };

/** Pure. `name` only labels errors (file:line). */
export function parseScript(source: string, name: string): ParsedScript {
  const lines: ScriptLine[] = [];
  const raw = source.split(/\r?\n/);
  for (let i = 0; i < raw.length; i++) {
    const parsed = parseConsoleLine(raw[i]!);
    if (!parsed.ok) return { ok: false, error: `${name}:${i + 1}: ${parsed.error}` };
    if (parsed.command) lines.push({ lineNo: i + 1, text: raw[i]!.trim(), command: parsed.command });
  }
  return { ok: true, lines };
}

export type ScriptResult = { ok: true } | { ok: false; reason: string };

export async function runScript(name: string, lines: readonly ScriptLine[], ctx: LineContext): Promise<ScriptResult> {
  for (const line of lines) {
    ctx.say(`\n> ${line.text}`);
    let result: LineResult;
    try {
      result = await runCommand(line.command, ctx);
    } catch (err) {
      result = { ok: false, reason: (err as Error).message };
    }
    if (!result.ok) return { ok: false, reason: `${name}:${line.lineNo} (${line.text}): ${result.reason}` };
    if (result.quit) break;
  }
  return { ok: true };
}
