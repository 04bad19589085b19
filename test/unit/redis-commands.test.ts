// The Lua scripts in src/redis/commands/: each named by the number of keys it takes and opening with a header that
// lists every key and argument it reads, and every one of them typed in RedisScripts (a script with no caller, or a
// caller with no script, fails here rather than at its first run).

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const DIR = 'src/redis/commands';
const scripts = readdirSync(DIR).filter((f) => f.endsWith('.lua'));
const includes = readdirSync(`${DIR}/includes`).filter((f) => f.endsWith('.lua'));

function header(lua: string): string {
  const end = lua.indexOf(']]');
  return lua.startsWith('--[[\n') && end > 0 ? lua.slice(0, end) : '';
}

const listed = (head: string, kind: 'KEYS' | 'ARGV'): number[] =>
  [...head.matchAll(new RegExp(`^\\s+${kind}\\[(\\d+)\\]`, 'gm'))].map((m) => Number(m[1]));

describe('Redis scripts', () => {
  it('are named <name>-<numberOfKeys>.lua (no count: any number of keys), names unique', () => {
    expect(scripts.length).toBeGreaterThan(0);
    for (const file of scripts) expect(file).toMatch(/^[a-z][A-Za-z]+(-\d+)?\.lua$/);
    const names = scripts.map((f) => f.replace(/(-\d+)?\.lua$/, ''));
    expect(new Set(names).size).toBe(names.length);
  });

  it('open with a header listing KEYS[1..n] as the name says, every ARGV[i] the script reads, and the output', () => {
    for (const file of scripts) {
      const lua = readFileSync(`${DIR}/${file}`, 'utf8');
      const head = header(lua);
      expect(head, file).toMatch(/\n  Input:\n[\s\S]*\n  Output:\n/);
      const count = /-(\d+)\.lua$/.exec(file)?.[1];
      const keys = listed(head, 'KEYS');
      if (count !== undefined) expect(keys, file).toEqual(Array.from({ length: Number(count) }, (_, i) => i + 1));
      else expect(head, file).toMatch(/KEYS\[\d+\.\.\.\]/);
      const body = lua.slice(head.length);
      const read = [...body.matchAll(/ARGV\[(\d+)\]/g)].map((m) => Number(m[1]));
      for (const i of read) expect(listed(head, 'ARGV'), `${file} reads ARGV[${i}]`).toContain(i);
    }
    for (const file of includes) expect(header(readFileSync(`${DIR}/includes/${file}`, 'utf8')), file).not.toBe('');
  });

  it('are each typed in RedisScripts, and RedisScripts names no script that is missing', () => {
    const source = readFileSync('src/redis/commands.ts', 'utf8');
    const start = source.indexOf('export interface RedisScripts {');
    const body = source.slice(start, source.indexOf('export type ScriptName', start));
    const typed = [...body.matchAll(/^ {2}(\w+): \{/gm)].map((m) => m[1]).sort();
    expect(typed).toEqual(scripts.map((f) => f.replace(/(-\d+)?\.lua$/, '')).sort());
  });
});
