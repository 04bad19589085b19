// Hardening (5): random and adversarial `/pai` lines. The parser must never throw and always answer with
// a command or a complete error, fast; the app (real Bolt over signed HTTP) must answer every line with
// HTTP 200 and a private text within Slack's 3 s, reject nothing unhandled, and queue nothing for a line
// that does not parse. Reproduce a failure with FUZZ_SEED=<seed printed in the failure>.

import fc from 'fast-check';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/slack/grammar/parse.js';
import { ACTION_QUEUE, type ActionJob } from '../../src/actions/action-jobs.js';
import { startHarness, type Harness } from '../support/harness.js';
import { configYaml, DEV_WORKSPACE } from '../support/config-yaml.js';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() ^ (Math.random() * 0x7fffffff);
const PARSER_RUNS = 30_000;
const APP_LINES = 3_000;
const IN_FLIGHT = 20;

// ---- the vocabulary: every group, verb and flag of the grammar, and values of every shape ----

const VERBS = [
  'help',
  'ws',
  'dlc',
  'eas',
  'oss',
  'approvals',
  'cancel',
  'submit',
  'status',
  'list',
  'stop',
  'logs',
  'deploy',
  'scale',
  'autoscale',
  'start',
  'restart',
  'delete',
  'traffic',
  'events',
  'check',
  'gallery',
  'dsw',
  'idle-stop',
  'DLC',
  'Submit',
  'sumbit',
  'frobnicate',
];
const FLAGS = [
  '--image',
  '--command',
  '--type',
  '--workers',
  '--instance',
  '--data',
  '--env',
  '--priority',
  '--spot',
  '--skip-preflight',
  '-w',
  '--workspace',
  '--status',
  '--mine',
  '--pod',
  '--tail',
  '--replicas',
  '--port',
  '--model',
  '--min',
  '--max',
  '--qps',
  '--task',
  '--search',
  '--yes',
  '--save-image',
  '--idle',
  '--after',
  '--cpu',
  '--gpu',
  '--',
  '-',
  '---image',
  '--IMAGE',
  '—image',
  '–w',
  '--imgae',
];
const VALUES = [
  'mnist-1',
  'job_2',
  'my_svc',
  'iris',
  'My-Svc',
  'x',
  'img:1',
  'registry.cn-shanghai.aliyuncs.com/pai/pytorch:2.1',
  'python train.py',
  'PyTorchJob',
  'TFJob',
  'pytorch',
  'ecs.g6.xlarge',
  'ecs.gn6i-c4g1.xlarge',
  'dlc1a2b3c4d5e6f',
  'dlcABC',
  'dlc123abc-worker-0',
  'Running',
  'Exploded',
  'A=1',
  '1BAD=x',
  '__proto__=1',
  'constructor',
  '__proto__',
  'dev',
  'nosuchws',
  'ar-7k2m9xq1',
  'model-qwen27binstruct0001',
  'MODEL-X',
  'text-generation',
  'AR-7K2M9XQ1',
  'dsw-05cefd0be2e5a278',
  'DSW-05CEFD0BE2E5A278',
  'dsw-',
  '30m',
  '1h30m',
  '7d',
  '8d',
  '1.5h',
  'Saving',
  'ar-',
  'yes',
  'y',
  '50%',
  '1.5',
  '.5',
  '0',
  '1',
  '9',
  '10',
  '100',
  '101',
  '500',
  '501',
  '65535',
  '65536',
  '-1',
  '-0',
  '+1',
  '1e3',
  '0x10',
  'NaN',
  'Infinity',
];
const OSS = [
  'oss://',
  'oss://ml-data',
  'oss://ml-data/mnist/',
  'oss://ml-data/mnist/:/mnt/mnist',
  'oss://ml-data/x:relative',
  'oss://B/x',
  'oss://bucket//x',
  'oss://locked-data/secret/',
  'oss:/b',
  'OSS://b/x',
  's3://b/x',
  'https://my-bucket.oss-cn-shanghai.aliyuncs.com/x',
  'oss://ab',
  `oss://${'a'.repeat(64)}/x`,
  `oss://ml-data/${'k'.repeat(1100)}`,
];
const SLACK_MARKUP = [
  '<@U123>',
  '<@U123|bob>',
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S0ALL|@all>',
  '<#C0DEV|dev>',
  '<https://x|y>',
  '<https://evil.example>',
  '<mailto:a@b.c|a>',
  '&lt;',
  '&gt;',
  '&amp;',
  '&amp;lt;',
  '&lt;!channel&gt;',
  '&#60;',
  '&',
  '<',
  '>',
  '*bold*',
  '_it_',
  '~s~',
  '`',
  '```',
  '> quote',
];
const QUOTES = ['"', "'", '“', '”', '‘', '’', '„', '«', '»', '`', '\\"', '\\', '\\\\'];
const ODD = [
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u009f',
  '\u00a0',
  '\u200b',
  '\u200d',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u2066',
  '\ufeff',
  '\ufffd',
  '\ud800',
  '\udfff',
  '🚀',
  '👨‍👩‍👧',
  'é',
  'é',
  '日本語',
  'Ａ',
  '\r\n',
  '\t',
  '\n',
];
const SEPARATORS = [' ', ' ', ' ', '  ', '\t', '\n', '', '\u00a0', '\u3000'];

const numberArb = fc.oneof(
  fc.integer().map(String),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.double().map(String),
  fc.nat(200).map((n) => '9'.repeat(n + 1)),
  fc.nat(1000).map((n) => `-${n}`),
);
const controlArb = fc
  .oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f }))
  .map((c) => String.fromCharCode(c));
const valueArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...VALUES, ...OSS, ...SLACK_MARKUP),
  numberArb,
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
const quotedArb = fc
  .tuple(
    fc.constantFrom(...QUOTES),
    fc.array(valueArb, { maxLength: 5 }).map((xs) => xs.join(' ')),
    fc.oneof(fc.constantFrom(...QUOTES), fc.constant('')),
  )
  .map(([open, inner, close]) => `${open}${inner}${close}`);
const pieceArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...VERBS) },
  { weight: 5, arbitrary: fc.constantFrom(...FLAGS) },
  { weight: 5, arbitrary: valueArb },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...FLAGS), valueArb).map(([f, v]) => `${f}=${v}`) },
  { weight: 2, arbitrary: quotedArb },
  { weight: 1, arbitrary: fc.constantFrom(...OSS) },
  { weight: 1, arbitrary: fc.constantFrom(...SLACK_MARKUP) },
  { weight: 1, arbitrary: fc.constantFrom(...ODD) },
  { weight: 1, arbitrary: controlArb },
);
const soupArb = fc
  .array(fc.tuple(pieceArb, fc.constantFrom(...SEPARATORS)), { maxLength: 40 })
  .map((xs) => xs.map(([p, s]) => p + s).join(''));

// Lines that start like a real command, so the soup reaches every verb's checks and not just "unknown command".
const PREFIXES = [
  '',
  'help',
  'ws',
  'dlc submit',
  'dlc submit job1 --image img:1 --command run',
  'dlc status',
  'dlc list',
  'dlc stop',
  'dlc logs dlc1a2b3c4d5e6f',
  'eas deploy my_svc --image img:1',
  'eas status',
  'eas list',
  'eas scale my_svc',
  'eas autoscale my_svc',
  'eas stop my_svc',
  'eas start',
  'eas restart',
  'eas delete my_svc',
  'eas traffic my_svc',
  'eas events',
  'dsw list',
  'dsw status',
  'dsw stop dsw-05cefd0be2e5a278',
  'dsw start',
  'dsw idle-stop dsw-05cefd0be2e5a278',
  'dsw idle-stop dsw-05cefd0be2e5a278 --after 1h',
  'oss check',
  'approvals',
  'cancel',
];
const commandLikeArb = fc.tuple(fc.constantFrom(...PREFIXES), soupArb).map(([p, s]) => (p ? `${p} ${s}` : s));

const longArb = fc.oneof(
  fc.string({ unit: 'binary-ascii', minLength: 3_900, maxLength: 5_000 }),
  fc
    .tuple(fc.oneof(pieceArb, fc.constantFrom(...QUOTES, ...SLACK_MARKUP)), fc.integer({ min: 3_900, max: 5_000 }))
    .map(([p, n]) => (p || 'x').repeat(Math.ceil(n / Math.max(1, p.length))).slice(0, n)),
  fc
    .tuple(
      fc.constantFrom(...PREFIXES),
      fc.integer({ min: 3_900, max: 5_000 }),
      fc.constantFrom('a', '"', '\\', '--env A=1 ', '&amp;', '“', '<!channel>'),
    )
    .map(([p, n, fill]) => `${p} ${fill.repeat(Math.ceil(n / fill.length))}`.slice(0, n)),
);

const lineArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
  { weight: 4, arbitrary: soupArb },
  { weight: 8, arbitrary: commandLikeArb },
  { weight: 1, arbitrary: longArb },
);

const FALLBACK = 'could not read the command'; // parseCommand's catch-all: reaching it means a parser bug

describe('parseCommand under fuzzing', () => {
  it(`never throws, always returns a command or a complete error, in bounded time (${PARSER_RUNS} lines)`, () => {
    let slowest = 0;
    let slowestLine = '';
    let total = 0;
    let parsed = 0;
    fc.assert(
      fc.property(lineArb, (text) => {
        const started = performance.now();
        const result = parseCommand(text);
        const took = performance.now() - started;
        total += took;
        if (took > slowest) [slowest, slowestLine] = [took, text];
        if (result.ok) {
          parsed++;
          expect(typeof result.command.kind).toBe('string');
        } else {
          expect(result.error.message.trim().length).toBeGreaterThan(0);
          expect(result.error.usage.trim().length).toBeGreaterThan(0);
          expect(result.error.message).not.toContain(FALLBACK);
          // An echo of the input is cut short: no answer carries the bulk of a 5,000-character line.
          expect(result.error.message.length).toBeLessThan(1_000);
        }
      }),
      { numRuns: PARSER_RUNS, seed: SEED },
    );
    console.info(
      `fuzz: parsed ${PARSER_RUNS} lines (${parsed} ok) in ${Math.round(total)} ms, slowest ${slowest.toFixed(1)} ms (${slowestLine.length} chars), seed ${SEED}`,
    );
    // Bounded: no single line is slow (GC pauses included), and the whole run is quick.
    expect(
      slowest,
      `slowest line (${slowestLine.length} chars): ${JSON.stringify(slowestLine.slice(0, 200))}`,
    ).toBeLessThan(100);
    expect(total).toBeLessThan(10_000);
    expect(parsed).toBeGreaterThan(PARSER_RUNS / 100); // the generator does reach valid commands
  });

  it('hand-picked adversarial lines', () => {
    const lines = [
      '',
      ' ',
      '\u00a0',
      '\n\n',
      '"',
      '“',
      '”',
      "'",
      '‘',
      '’',
      '\\',
      '"\\',
      '"\\"',
      '--',
      '-',
      '—',
      '–',
      '-w',
      '--image=',
      'dlc submit "',
      'dlc submit j --image i --command “run',
      'dlc submit j --image i --command ‘run’',
      'dlc submit j --image=i --command=run --workers=-1',
      `dlc submit j --image i --command run --workers ${'9'.repeat(400)}`,
      `eas scale my_svc ${'9'.repeat(4000)}`,
      'eas scale my_svc -5',
      'eas traffic my_svc 1e3',
      'eas autoscale my_svc --min 5 --max 1 --qps -0',
      'eas autoscale my_svc --min 1 --max 2 --qps 1e308',
      'dlc submit j --image i --command run --env __proto__=x --env constructor=y',
      'dlc submit <@U123> --image <!channel> --command <https://x|y>',
      '&lt;!channel&gt;',
      '&amp;lt;',
      'cancel <!here>',
      'help <#C0DEV|dev>',
      'dlc submit j --image i --command run\u0000',
      '\u202edlc submit',
      '\ud800',
      'dlc \udfff submit',
      'x'.repeat(4000),
      'x'.repeat(4001),
      'x'.repeat(5000),
      '"'.repeat(5000),
      '&amp;'.repeat(1000),
      `dlc submit ${'"a" '.repeat(999)}`,
      `oss check oss://ml-data/${'é'.repeat(1000)}`,
      'oss check oss://ml-data/\u2028x',
    ];
    for (const text of lines) {
      const result = parseCommand(text);
      if (!result.ok) {
        expect(result.error.message.length, text).toBeGreaterThan(0);
        expect(result.error.usage.length, text).toBeGreaterThan(0);
        expect(result.error.message, text).not.toContain(FALLBACK);
      }
    }
  });
});

// The app: a channel without a default workspace, and only a dev workspace configured, so no line can
// reach the approval flow and workspace-bound verbs without -w answer with an error.
const YAML = configYaml({ workspaces: [DEV_WORKSPACE] });
const CHANNEL = 'C0FUZZ';

describe('the app under fuzzing', () => {
  let h: Harness;
  let queue: Queue<ActionJob>;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onRejection);
    h = await startHarness({ yaml: YAML });
    queue = new Queue<ActionJob>(ACTION_QUEUE, { connection: h.redis, prefix: h.keyPrefix });
    queue.on('error', () => undefined);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onRejection);
    await queue?.close();
    await h?.stop();
  });

  it(`answers ${APP_LINES} random lines with HTTP 200 and a private text within 3 s, and queues nothing for lines that do not parse`, async () => {
    const lines = fc.sample(lineArb, { numRuns: APP_LINES, seed: SEED });
    const parsesByResponseUrl = new Map<string, { text: string; ok: boolean }>();
    const failures: string[] = [];
    let next = 0;
    let okLines = 0;
    const worker = async () => {
      while (next < lines.length) {
        const text = lines[next++]!;
        const ok = parseCommand(text).ok;
        if (ok) okLines++;
        try {
          const reply = await h.command(text, { channel: CHANNEL });
          parsesByResponseUrl.set(h.slack.responseUrl(reply.responseId), { text, ok });
          const answer = reply.json as { response_type?: string; text?: unknown } | undefined;
          const problem =
            reply.status !== 200
              ? `HTTP ${reply.status}`
              : reply.elapsedMs >= 3_000
                ? `answered after ${reply.elapsedMs} ms`
                : answer?.response_type !== 'ephemeral'
                  ? `not ephemeral: ${reply.body.slice(0, 200)}`
                  : typeof answer.text !== 'string' || answer.text.trim() === ''
                    ? `empty text: ${reply.body.slice(0, 200)}`
                    : undefined;
          if (problem) failures.push(`${problem} for ${JSON.stringify(text.slice(0, 200))}`);
        } catch (err) {
          failures.push(`request failed (${String(err)}) for ${JSON.stringify(text.slice(0, 200))}`);
        }
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const elapsed = performance.now() - started;

    expect(failures, `seed ${SEED}`).toEqual([]);
    expect(parsesByResponseUrl.size).toBe(APP_LINES);

    // Let the worker take what was queued, then compare every queued job with the line that caused it.
    await new Promise((r) => setTimeout(r, 500));
    const jobs = await queue.getJobs([
      'waiting',
      'active',
      'delayed',
      'completed',
      'failed',
      'prioritized',
      'waiting-children',
    ]);
    const queuedForBadLines = jobs.filter((j) => {
      const line = parsesByResponseUrl.get(j.data.requester.responseUrl ?? '');
      return !line?.ok;
    });
    expect(
      queuedForBadLines.map((j) => ({
        type: j.data.type,
        line: parsesByResponseUrl.get(j.data.requester.responseUrl ?? '')?.text.slice(0, 200),
      })),
      `seed ${SEED}`,
    ).toEqual([]);
    expect(jobs.length).toBeLessThanOrEqual(okLines);
    expect(rejections.map(String), `seed ${SEED}`).toEqual([]);
    // Nothing reached a prod workspace or an approval.
    expect(h.slack.messages().filter((m) => /Approval needed/.test(m.text))).toEqual([]);
    console.info(
      `fuzz: ${APP_LINES} lines (${okLines} parse) in ${Math.round(elapsed)} ms, ${jobs.length} queued, seed ${SEED}`,
    );
  }, 90_000);
});
