// `tsx packages/sandbox/src/main.ts [--script FILE]`. Pure, so a wrong flag is reported before anything starts.

export type SandboxArgs = { ok: true; script?: string } | { ok: false; error: string };

export const SANDBOX_USAGE = 'usage: npm run sandbox [-- --script FILE]';

export function parseSandboxArgs(argv: readonly string[]): SandboxArgs {
  let script: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--script') {
      const value = argv[i + 1];
      if (!value || value.startsWith('--')) return { ok: false, error: `--script needs a file name; ${SANDBOX_USAGE}` };
      script = value;
      i++;
    } else if (arg.startsWith('--script=')) {
      script = arg.slice('--script='.length);
      if (!script) return { ok: false, error: `--script needs a file name; ${SANDBOX_USAGE}` };
    } else {
      return { ok: false, error: `unknown argument ${arg}; ${SANDBOX_USAGE}` };
    }
  }
  return script === undefined ? { ok: true } : { ok: true, script };
}
