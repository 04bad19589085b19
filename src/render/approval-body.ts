// Pieces of an approval card that must survive any input: key fields shown in full however long
// they are, and the request body cut only where the card says so. Everything is measured after
// escaping (`&` becomes five characters) and cut between grapheme clusters.

import type { KeyField } from '../actions/approvals/key-fields.js';
import { code, codeBlock, escapedLength, escapeWithin } from './mrkdwn.js';
import { SECTION_TEXT_MAX } from './sections.js';
import { cutIndex } from './truncate.js';

/** Slack's limit for a section's text. */
export const SECTION_MAX = SECTION_TEXT_MAX;
const FENCE = 6; // ``` on either side
/** Values up to this long (escaped, on one line) sit next to their label; longer ones get a block. */
const INLINE_MAX = 200;

const LINE_BREAK = /[\r\n\u2028\u2029]/;

/**
 * A code block that keeps whitespace-only text as it is: codeBlock shows it as one space, which is
 * right for an empty log but would drop characters from the middle of a value split across blocks.
 */
export function fence(text: string): string {
  return text !== '' && text.trim() === '' ? `\`\`\`${text}\`\`\`` : codeBlock(text);
}

/**
 * The longest start of text whose escaped length is at most max, ending between grapheme clusters
 * and, when a line break falls in its second half, just before that break (so a block ends at the end
 * of a line). Empty only when max cannot hold the first cluster.
 */
export function headWithin(text: string, max: number): string {
  return text.slice(0, headEnd(text, 0, max));
}

/** Where the piece of text starting at start ends (see headWithin). */
function headEnd(text: string, start: number, max: number): number {
  // Escaping never shortens, so a longer text cannot fit: measure only what might.
  if (text.length - start <= max && escapedLength(text.slice(start)) <= max) return text.length;
  const rest = text.slice(start, start + max + 8);
  let end = start + cutIndex(rest, max, escapedLength);
  if (end === start && max > 0) {
    // One cluster longer than a whole block (thousands of combining marks): cut it between code points.
    let used = 0;
    for (const ch of rest) {
      const cost = escapedLength(ch);
      if (used + cost > max) break;
      end += ch.length;
      used += cost;
    }
  }
  let lastBreak = text.lastIndexOf('\n', end - 1);
  if (text[lastBreak - 1] === '\r') lastBreak--; // \r\n is one cluster
  return lastBreak - start > (end - start) / 2 ? lastBreak : end;
}

/** Splits text into consecutive pieces (their concatenation is text) each at most max once escaped. */
export function splitEscaped(text: string, max: number): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; ) {
    const end = headEnd(text, start, max);
    if (end === start) break; // max < 1: nothing can be shown
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

const label = (f: KeyField) => `*${escapeWithin(f.label, 150)}:*`;

/**
 * The key fields as section texts, in order and in full. A short one-line value sits next to its
 * label in inline code; any other value gets code blocks, split across as many consecutive sections
 * as it needs. A continued block starts its section with nothing before it, so the value reads on.
 */
export function keyFieldSections(fields: readonly KeyField[]): string[] {
  const sections: string[] = [];
  let current = '';
  const add = (text: string) => {
    if (current !== '' && current.length + 1 + text.length > SECTION_MAX) {
      sections.push(current);
      current = '';
    }
    current = current === '' ? text : `${current}\n${text}`;
  };
  for (const f of fields) {
    const inline = !LINE_BREAK.test(f.value) && escapedLength(f.value) <= INLINE_MAX && `${label(f)} ${code(f.value)}`;
    if (inline && inline.length <= SECTION_MAX) {
      add(inline);
      continue;
    }
    // Start a long value where at least a useful part of it fits under its label.
    const head = label(f);
    const wanted = head.length + 1 + FENCE + Math.min(escapedLength(f.value), INLINE_MAX);
    if (current !== '' && current.length + 1 + wanted > SECTION_MAX) {
      sections.push(current);
      current = '';
    }
    add(head);
    let rest = f.value;
    while (rest !== '') {
      const room = SECTION_MAX - current.length - (current === '' ? 0 : 1) - FENCE;
      const piece = headWithin(rest, room);
      if (piece === '' && current === '') break; // cannot happen: a whole section holds any code point
      if (piece !== '') {
        current = current === '' ? fence(piece) : `${current}\n${fence(piece)}`;
        rest = rest.slice(piece.length);
      }
      // A value that goes on continues at the top of the next section.
      if (rest !== '') {
        sections.push(current);
        current = '';
      }
    }
  }
  if (current !== '') sections.push(current);
  return sections;
}

/** Where a cut falls in the body, in lines, for saying so. */
export interface BodyCut {
  totalLines: number;
  /** Lines shown entirely. */
  fullLines: number;
  /** True when the line after them is shown in part. */
  partial: boolean;
}

/** The body's lines as one text, split into pieces that each fit a code block in a section after heading. */
export function bodyPieces(lines: readonly string[], room: number): string[] {
  return splitEscaped(lines.join('\n'), room);
}

/** How many lines of the body a prefix of it covers. */
export function cutOf(lines: readonly string[], shown: string): BodyCut {
  const body = lines.join('\n');
  const breaks = (shown.match(/\n/g) ?? []).length;
  const atLineEnd = shown.length === body.length || body[shown.length] === '\n';
  const lastLinePart = shown.length - (shown.lastIndexOf('\n') + 1);
  return atLineEnd
    ? { totalLines: lines.length, fullLines: shown === '' && body !== '' ? 0 : breaks + 1, partial: false }
    : { totalLines: lines.length, fullLines: breaks, partial: lastLinePart > 0 };
}
