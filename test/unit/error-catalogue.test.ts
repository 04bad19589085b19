// The error catalogue lists exactly the codes src/ raises: a code nobody raises, or a raise of a code the catalogue
// lacks (or lists under another family), fails here. What counts as raising a code, by family:
//   bot     `new BotError('CODE', …)` anywhere in src/, the code written as a literal so that it can be checked;
//   pai     in src/pai/, a kind the classification returns (`return 'kind';`, either side of a returned ternary),
//           picks (`pick('kind', …)`) or constructs a PaiError with (`kind: 'kind'`): the code PAI_<KIND>;
//   oss     the same forms in src/oss/, for an OssCheckFailed: the code OSS_<KIND>;
//   config  `new ConfigError(…)` anywhere in src/: the one code that class carries.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { ERROR_CODES, paiErrorCode, type ErrorCode, type ErrorFamily } from '../../src/errors/catalogue.js';
import { PaiError, type PaiErrorKind } from '../../src/errors/pai-error.js';

const SRC = join(import.meta.dirname, '../../src');

interface Source {
  path: string;
  text: string;
}

interface Raise {
  family: ErrorFamily;
  code: string;
  /** file:line, for the failure message. */
  at: string;
}

function sources(dir = SRC): Source[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [{ path: relative(SRC, path), text: readFileSync(path, 'utf8') }] : [];
  });
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

const BOT_RAISE = /\bnew BotError\(\s*'([A-Z][A-Z0-9_]*)'/g;
const ANY_BOT_RAISE = /\bnew BotError\(/g;
const CONFIG_RAISE = /\bnew ConfigError\(/g;
/** A client's classification: `return 'a';`, `return x ? 'a' : 'b';`, `pick('a', …)`, `kind: 'a'`. */
const KIND_RAISE = new RegExp(
  [/\breturn (?:[^;\n]*\? )?'([a-z_]+)'(?: : '([a-z_]+)')?;/, /\bpick\(\s*'([a-z_]+)'/, /\bkind: '([a-z_]+)'/]
    .map((r) => r.source)
    .join('|'),
  'g',
);
const CLIENTS: Partial<Record<ErrorFamily, { dir: string; prefix: string }>> = {
  pai: { dir: 'pai/', prefix: 'PAI_' },
  oss: { dir: 'oss/', prefix: 'OSS_' },
};

function raisesIn(src: Source): Raise[] {
  const found: Raise[] = [];
  const add = (family: ErrorFamily, code: string, index: number) =>
    found.push({ family, code, at: `src/${src.path}:${lineOf(src.text, index)}` });
  for (const m of src.text.matchAll(BOT_RAISE)) add('bot', m[1]!, m.index);
  const configCode = new ConfigError('setting', 'problem', 'fix').code;
  for (const m of src.text.matchAll(CONFIG_RAISE)) add('config', configCode, m.index);
  for (const [family, client] of Object.entries(CLIENTS) as [ErrorFamily, { dir: string; prefix: string }][]) {
    if (!src.path.startsWith(client.dir)) continue;
    for (const m of src.text.matchAll(KIND_RAISE)) {
      for (const kind of m.slice(1)) if (kind) add(family, `${client.prefix}${kind.toUpperCase()}`, m.index);
    }
  }
  return found;
}

const SOURCES = sources();
const RAISES = SOURCES.flatMap(raisesIn);

describe('the error catalogue', () => {
  it('sees raises of every family in src/ (the scan itself works)', () => {
    const families = new Set(RAISES.map((r) => r.family));
    expect([...families].sort()).toEqual(['bot', 'config', 'oss', 'pai']);
  });

  it('has no code that nobody raises', () => {
    const raised = new Set(RAISES.map((r) => `${r.family} ${r.code}`));
    const unraised = (Object.keys(ERROR_CODES) as ErrorCode[]).filter(
      (code) => !raised.has(`${ERROR_CODES[code].family} ${code}`),
    );
    expect(unraised, 'catalogue codes nobody raises: remove them, or raise them where the case happens').toEqual([]);
  });

  it('lists every code src/ raises, under the family that raises it', () => {
    const listed = ERROR_CODES as Record<string, { family: ErrorFamily }>;
    const missing = RAISES.filter((r) => listed[r.code]?.family !== r.family).map(
      (r) => `${r.at}: ${r.family} raises ${r.code}`,
    );
    expect(missing, 'raised codes the catalogue lacks').toEqual([]);
  });

  it('can check every BotError raise: its code is written as a literal', () => {
    const unreadable = SOURCES.flatMap((src) => {
      const all = [...src.text.matchAll(ANY_BOT_RAISE)].map((m) => m.index);
      const literal = new Set([...src.text.matchAll(BOT_RAISE)].map((m) => m.index));
      return all.filter((i) => !literal.has(i)).map((i) => `src/${src.path}:${lineOf(src.text, i)}`);
    });
    expect(unreadable).toEqual([]);
  });

  it('decides whether a PAI failure is worth retrying', () => {
    const paiCodes = (Object.keys(ERROR_CODES) as ErrorCode[]).filter((c) => ERROR_CODES[c].family === 'pai');
    for (const code of paiCodes) {
      const kind = code.slice('PAI_'.length).toLowerCase() as PaiErrorKind;
      expect(paiErrorCode(kind)).toBe(code);
      expect(new PaiError({ kind, action: 'GetJob', detail: 'x' }).retryable).toBe(ERROR_CODES[code].retryable);
    }
  });
});
