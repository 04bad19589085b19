// The `dlc submit` command line that asks for a stored submit again (the job card's Rerun,
// src/slack/listeners/card-buttons.ts): parseCommand of the text gives back the payload, so a rerun goes through the
// typed command's own path. Every value is double-quoted, read back by tokenize.ts: \ and the double quotes it knows
// (" “ ”) are escaped, and & < > are written as the entities Slack sends, which tokenize decodes first.

import type { DlcSubmitPayload } from '../../actions/training/payload.js';
import { DEFAULT_JOB_TYPE, DEFAULT_WORKERS } from './spec/dlc.js';

const NEEDS_ESCAPE = /[\\"\u201C\u201D]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** One word for tokenize.ts: a quoted, literal value whatever it holds (spaces, quotes, a leading `--`). */
export function quoteWord(value: string): string {
  const escaped = value.replace(NEEDS_ESCAPE, (c) => `\\${c}`).replace(/[&<>]/g, (c) => ENTITIES[c] ?? c);
  return `"${escaped}"`;
}

/** `dlc submit …` (without `/pai`) for the payload in the workspace `workspace` (its alias). */
export function submitCommandText(p: DlcSubmitPayload, workspace?: string): string {
  const words = ['dlc', 'submit', quoteWord(p.name), '--image', quoteWord(p.image), '--command', quoteWord(p.command)];
  if (p.jobType !== DEFAULT_JOB_TYPE) words.push('--type', quoteWord(p.jobType));
  if (p.workers !== DEFAULT_WORKERS) words.push('--workers', String(p.workers));
  if (p.instance !== undefined) words.push('--instance', quoteWord(p.instance));
  for (const d of p.data)
    words.push('--data', quoteWord(d.mountPath !== undefined ? `${d.uri}:${d.mountPath}` : d.uri));
  for (const [key, value] of Object.entries(p.env)) words.push('--env', quoteWord(`${key}=${value}`));
  if (p.priority !== undefined) words.push('--priority', String(p.priority));
  if (p.spot) words.push('--spot');
  if (p.skipPreflight) words.push('--skip-preflight');
  if (workspace !== undefined) words.push('-w', quoteWord(workspace));
  return words.join(' ');
}
