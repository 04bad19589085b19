// Splits the `text` of a `/pai` slash command into words, shell-style but deliberately smaller:
// double quotes (with \" and \\ escapes), single quotes (no escapes), nothing else special.
// Slack clients (macOS text substitution in particular) turn typed quotes into “ ” ‘ ’ and `--` into
// an en or em dash, so those are read as what the user actually typed.

export interface Token {
  /** The word with quotes removed and escapes resolved. */
  value: string;
  /** The word began with a quote, so it is data: `"--spot"` is an argument, never a flag. */
  literal: boolean;
  /** 1-based character position (in code points, after entity decoding) where the word starts. */
  position: number;
}

export type TokenizeResult = { ok: true; tokens: Token[] } | { ok: false; message: string };

const DOUBLE_QUOTES: ReadonlySet<string> = new Set(['"', '\u201C', '\u201D']);
const SINGLE_QUOTES: ReadonlySet<string> = new Set(["'", '\u2018', '\u2019']);
// An en or em dash at the start of a word is a `--` that the client "corrected".
const SMART_DASHES: ReadonlySet<string> = new Set(['\u2013', '\u2014']);
const SPACE = /\s/u;

/**
 * Slack sends slash command text with &, < and > escaped. One pass, so `&amp;lt;` becomes the
 * literal `&lt;` the user typed rather than `<`.
 */
export function decodeSlackEscapes(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_m, name: string) => (name === 'amp' ? '&' : name === 'lt' ? '<' : '>'));
}

/**
 * C0/C1 control characters, DEL. Tab, newline and carriage return are left out: they are
 * whitespace to us (a pasted Windows line ending must not make a command invalid).
 */
function isControl(code: number): boolean {
  if (code === 0x09 || code === 0x0a || code === 0x0d) return false;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

function hex(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

function snippet(chars: readonly string[], from: number): string {
  const MAX = 24;
  const piece = chars
    .slice(from, from + MAX)
    .join('')
    .replace(/\s+/g, ' ');
  return from + MAX < chars.length ? `${piece}…` : piece;
}

/** Tokenizes the raw `text` field of a slash command (entities are decoded here). Linear time. */
export function tokenize(raw: string): TokenizeResult {
  const chars = Array.from(decodeSlackEscapes(raw));
  const tokens: Token[] = [];
  let current: string[] | null = null;
  let literal = false;
  let start = 0;
  let quote: 'double' | 'single' | null = null;
  let quoteAt = 0;
  let escaped = false;

  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const code = ch.codePointAt(0) ?? 0;
    if (isControl(code)) {
      return {
        ok: false,
        message: `the command contains a control character (${hex(code)}) at character ${i + 1}; retype it as plain text`,
      };
    }

    if (quote === 'double') {
      const buf = current as string[];
      if (escaped) {
        // Only \" and \\ are escapes; any other backslash is kept, so Windows-ish paths survive.
        if (!DOUBLE_QUOTES.has(ch) && ch !== '\\') buf.push('\\');
        buf.push(ch);
        escaped = false;
      } else if (ch === '\\') {
        escaped = true;
      } else if (DOUBLE_QUOTES.has(ch)) {
        quote = null;
      } else {
        buf.push(ch);
      }
      continue;
    }
    if (quote === 'single') {
      if (SINGLE_QUOTES.has(ch)) quote = null;
      else (current as string[]).push(ch);
      continue;
    }

    if (SPACE.test(ch)) {
      if (current) tokens.push({ value: current.join(''), literal, position: start });
      current = null;
      continue;
    }
    if (!current) {
      current = [];
      start = i + 1;
      literal = DOUBLE_QUOTES.has(ch) || SINGLE_QUOTES.has(ch);
      if (SMART_DASHES.has(ch)) {
        current.push('--');
        continue;
      }
    }
    if (DOUBLE_QUOTES.has(ch) || SINGLE_QUOTES.has(ch)) {
      quote = DOUBLE_QUOTES.has(ch) ? 'double' : 'single';
      quoteAt = i;
      continue;
    }
    current.push(ch);
  }

  if (quote) {
    const kind = quote === 'double' ? 'double' : 'single';
    const opener = chars[quoteAt] as string;
    return {
      ok: false,
      message: `the ${kind} quote ${opener} at character ${quoteAt + 1} is never closed (${snippet(chars, quoteAt)})`,
    };
  }
  if (current) tokens.push({ value: current.join(''), literal, position: start });
  return { ok: true, tokens };
}
