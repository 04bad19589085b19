// The Rerun command line (src/slack/grammar/submit-command-text.ts) must read back, through the typed command's own
// parser, as exactly the payload it was written from, whatever the command and env values hold.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DlcSubmitPayload } from '../../src/actions/training/payload.js';
import { parseCommand } from '../../src/slack/grammar/parse.js';
import { submitCommandText } from '../../src/slack/grammar/submit-command-text.js';

const base: DlcSubmitPayload = {
  kind: 'dlc.submit',
  name: 'mnist-1',
  image: 'pytorch:2.1-gpu',
  command: 'python train.py',
  jobType: 'PyTorchJob',
  workers: 1,
  data: [],
  env: {},
  spot: false,
  skipPreflight: false,
};

function roundTrip(p: DlcSubmitPayload, workspace?: string) {
  const parsed = parseCommand(submitCommandText(p, workspace));
  if (!parsed.ok) throw new Error(`did not parse: ${JSON.stringify(parsed)}`);
  return parsed.command;
}

const HOSTILE = [
  `python -c "print('hi')" --epochs 3`,
  'echo "a \\" b" \\\\ c \\n',
  '“smart” ‘quotes’ — and –dashes',
  '--spot -w prod',
  'echo &amp; &lt;tag&gt; & < >',
  '训练 🚀 naïve   spaces\tand\nlines',
  "it's 'single' \"double\"",
  '\\',
  '"',
  'x\\',
];

/** No control character the tokenizer refuses (tab, newline and CR are whitespace to it, kept inside quotes). */
const printable = (s: string) =>
  Array.from(s).every((c) => {
    const code = c.codePointAt(0) ?? 0;
    return code === 0x09 || code === 0x0a || code === 0x0d || !(code < 0x20 || (code >= 0x7f && code <= 0x9f));
  });

describe('submitCommandText', () => {
  it('reads back every field of a full submit, with the workspace alias', () => {
    const full: DlcSubmitPayload = {
      ...base,
      jobType: 'TFJob',
      workers: 4,
      instance: 'ecs.gn6i-c4g1.xlarge',
      data: [
        { uri: 'oss://my-bucket/glue', bucket: 'my-bucket', path: 'glue', mountPath: '/mnt/data' },
        { uri: 'oss://other-bucket', bucket: 'other-bucket', path: '' },
      ],
      env: { WANDB_MODE: 'offline', EMPTY: '' },
      priority: 7,
      spot: true,
      skipPreflight: true,
    };
    expect(roundTrip(full, 'dev')).toEqual({ ...full, workspace: 'dev' });
    expect(roundTrip(base)).toEqual(base);
  });

  it.each(HOSTILE)('keeps a hostile command and env value intact: %j', (value) => {
    const p = { ...base, command: value, env: { SECRET: value, OTHER: `${value}=${value}` } };
    expect(roundTrip(p, 'dev')).toEqual({ ...p, workspace: 'dev' });
  });

  it('keeps any printable command and env values (property)', () => {
    // The parser trims --command (checks.ts), so a parsed command never starts or ends with a space.
    const anyCommand = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
      .filter((s) => printable(s) && s.trim() === s && s !== '');
    fc.assert(
      fc.property(anyCommand, fc.dictionary(fc.constantFrom('A', 'B_2', '_C'), fc.string()), (command, env) => {
        const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => printable(v)));
        const p = { ...base, command, env: clean };
        expect(roundTrip(p)).toEqual(p);
      }),
    );
  });
});
