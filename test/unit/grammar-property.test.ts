import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/slack/grammar/parse.js';

// Pieces that steer random text into the parser's interesting paths, not just "unknown command".
const PIECES = [
  'dlc',
  'submit',
  'status',
  'list',
  'stop',
  'logs',
  'help',
  'ws',
  'eas',
  'oss',
  'approvals',
  'cancel',
  'deploy',
  'gallery',
  'model-qwen27binstruct0001',
  '--task',
  '--search',
  '--image',
  '--command',
  '--type',
  '--workers',
  '--instance',
  '--data',
  '--env',
  '--priority',
  '--spot',
  '-w',
  '--workspace',
  '--status',
  '--mine',
  '--pod',
  '--tail',
  '--',
  '-',
  '=',
  '--image=',
  '"',
  "'",
  '“',
  '”',
  '‘',
  '’',
  '\\',
  '\\"',
  ' ',
  '\t',
  '\n',
  '&amp;',
  '&lt;',
  '&gt;',
  '<@U123|bob>',
  'oss://my-bucket/x:/mnt',
  'dlc123abc',
  'PyTorchJob',
  'A=1',
  '0',
  '100',
  '-1',
  'scale',
  'autoscale',
  'traffic',
  'events',
  'start',
  'restart',
  'delete',
  '--replicas',
  '--port',
  '--model',
  '--min',
  '--max',
  '--qps',
  '--yes',
  'my_svc',
  'My-Svc',
  'oss://my-models/m',
  '1.5',
  '—',
  '–',
  'é',
  '🚀',
  '\u0000',
  '\u001b',
  '\u00a0',
  '__proto__',
  'constructor',
  'check',
  '--skip-preflight',
  'ar-7k2m9xq1',
  'AR-7K2M9XQ1',
  'ar-',
  'oss://',
  'oss://bucket',
  'oss://bucket/p/',
  's3://b/x',
  'https://my-bucket.oss-cn-shanghai.aliyuncs.com/x',
  'oss:/b',
  'OSS://b',
  '/',
  ':',
];

const textArb = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((xs) => xs.join(' ')),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((xs) => xs.join('')),
  fc.string({ unit: 'binary-ascii', minLength: 3900, maxLength: 4100 }),
  fc.tuple(fc.constantFrom(...PIECES), fc.nat(4200)).map(([p, n]) => p.repeat(Math.ceil(n / p.length))),
);

describe('parseCommand: property', () => {
  it('never throws, and always returns a command or a complete error', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const result = parseCommand(text);
        if (result.ok) {
          expect(typeof result.command.kind).toBe('string');
        } else {
          expect(result.error.message.length).toBeGreaterThan(0);
          expect(result.error.usage.length).toBeGreaterThan(0);
          expect(result.error.message).not.toMatch(/[^\s"]{100}/);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('is fast on adversarial 4000-character input', () => {
    const inputs = [
      '"'.repeat(4000),
      '\\'.repeat(4000),
      '-'.repeat(4000),
      `dlc submit j ${'--env A=1 '.repeat(399)}`,
      `dlc submit j ${'--data oss://abc/x '.repeat(210)}`,
      `dlc submit ${'a'.repeat(3988)}`,
      `dlc submit j --image i --command c --imgae${'e'.repeat(3950)}`,
      `${'“'.repeat(1999)}`,
      ' '.repeat(4000),
      '&amp;'.repeat(800),
    ];
    const start = performance.now();
    for (let i = 0; i < 20; i++) for (const text of inputs) parseCommand(text);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
