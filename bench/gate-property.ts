// Scenario 5: the prod gate's property test (test/integration/prod-gate-property.test.ts), run over many more random
// histories than `npm test` runs, as its own vitest process. Reports what the histories exercised and the seed.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface GateResult {
  histories: number;
  passed: boolean;
  /** The test's own summary line: histories, requests, approved, prod changes, how requests ended. */
  summary: string;
  /** fast-check's seed and counterexample when it failed. */
  failure?: string;
  wallMs: number;
}

export const GATE_HISTORIES = 100;

export async function benchGateProperty(log: (line: string) => void, histories = GATE_HISTORIES): Promise<GateResult> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const t0 = performance.now();
  const child = spawn('npx', ['vitest', 'run', 'test/integration/prod-gate-property.test.ts'], {
    cwd: root,
    env: { ...process.env, PROD_GATE_RUNS: String(histories) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  // eslint-style colour codes would hide the line from a plain search
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC; stripping them is the point
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  const summary = /prod gate property: [^\n]*/.exec(plain)?.[0] ?? '(no summary line)';
  const failure = code === 0 ? undefined : (/\{ seed: [^\n]*/.exec(plain)?.[0] ?? plain.slice(-2_000));
  const result = {
    histories,
    passed: code === 0,
    summary,
    ...(failure ? { failure } : {}),
    wallMs: performance.now() - t0,
  };
  log(`[gate] ${result.passed ? 'held' : 'FAILED'}: ${summary}${failure ? `\n${failure}` : ''}`);
  if (!result.passed) throw new Error(`the prod gate property failed: ${failure ?? ''}`);
  return result;
}
