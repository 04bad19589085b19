import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  code,
  codeBlock,
  codeWithin,
  escapedLength,
  escapeMrkdwn,
  escapeWithin,
  groupMention,
  mention,
} from '../../src/render/mrkdwn.js';
import { lastLinesFitting, lastLinesWithin, truncate, truncateTo } from '../../src/render/truncate.js';

const HOSTILE = [
  '<!channel>',
  '<!here>',
  '<@U123>',
  '<#C123>',
  '<!subteam^S123>',
  '<https://evil|x>',
  '&',
  '&amp;',
  '`',
  '```',
  '*bold*',
  '👍',
  '中文',
  '👨‍👩‍👧',
];

const textArb = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.array(fc.constantFrom(...HOSTILE, 'a', ' ', '\n'), { maxLength: 80 }).map((xs) => xs.join('')),
);

/** True when a string has a lone (unpaired) surrogate. */
const hasLoneSurrogate = (s: string) =>
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('escapeMrkdwn', () => {
  it('escapes only & < > and swaps backticks', () => {
    expect(escapeMrkdwn('<!channel> <@U123> <https://evil|x> & `x` ```y```')).toBe(
      '&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil|x&gt; &amp; ˋxˋ ˋˋˋyˋˋˋ',
    );
    expect(escapeMrkdwn('*bold* _it_ ~s~ "q" \'a\'')).toBe('*bold* _it_ ~s~ "q" \'a\'');
  });

  it('escapes an already-escaped entity again, so it shows as typed', () => {
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
  });

  it('never leaves a control character or a backtick (property)', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const out = escapeMrkdwn(text);
        expect(out).not.toMatch(/[<>`]/);
        expect(out.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
        expect(escapedLength(text)).toBe(out.length);
      }),
    );
  });
});

describe('escapeWithin', () => {
  it('keeps the escaped result within max without cutting an entity', () => {
    fc.assert(
      fc.property(textArb, fc.integer({ min: 1, max: 120 }), (text, max) => {
        const out = escapeWithin(text, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
        if (!hasLoneSurrogate(text)) expect(hasLoneSurrogate(out)).toBe(false);
      }),
    );
    expect(escapeWithin('&&&&', 12)).toBe('&amp;&amp;…');
  });
});

describe('code and codeBlock', () => {
  it('wraps inline code and neutralises backticks inside it', () => {
    expect(code('a`b')).toBe('`aˋb`');
    expect(code('```')).toBe('`ˋˋˋ`');
    expect(code('')).toBe('` `');
    expect(code('<@U123>')).toBe('`&lt;@U123&gt;`');
  });

  it('codeWithin keeps the whole span within max', () => {
    fc.assert(
      fc.property(textArb, fc.integer({ min: 3, max: 100 }), (text, max) => {
        const out = codeWithin(text, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out.startsWith('`') && out.endsWith('`')).toBe(true);
        expect(out.slice(1, -1)).not.toContain('`');
      }),
    );
  });

  it('keeps single backticks in a block but never lets input close or merge with the fence', () => {
    expect(codeBlock('echo `date`')).toBe('```echo `dateˋ```');
    expect(codeBlock('a ``` b')).toBe('```a ˋˋˋ b```');
    expect(codeBlock('`start')).toBe('```ˋstart```');
    expect(codeBlock('')).toBe('``` ```');
    expect(codeBlock('<!channel> & <https://evil|x>')).toBe('```&lt;!channel&gt; &amp; &lt;https://evil|x&gt;```');
  });

  it('a block has exactly the two fences (property)', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const out = codeBlock(text);
        expect(out.startsWith('```')).toBe(true);
        expect(out.endsWith('```')).toBe(true);
        const inner = out.slice(3, -3);
        expect(inner).not.toContain('```');
        expect(inner.startsWith('`') || inner.endsWith('`')).toBe(false);
        expect(inner).not.toMatch(/[<>]/);
      }),
    );
  });
});

describe('mentions', () => {
  it('mentions ids and escapes anything else', () => {
    expect(mention('U0ALICE')).toBe('<@U0ALICE>');
    expect(mention('W0ALICE')).toBe('<@W0ALICE>');
    expect(mention('<!channel>')).toBe('&lt;!channel&gt;');
    expect(mention('U123> <!channel')).toBe('U123&gt; &lt;!channel');
    expect(groupMention('S0ONCALL')).toBe('<!subteam^S0ONCALL>');
    expect(groupMention('U0BOB')).toBe('<@U0BOB>');
    expect(groupMention('S0X|<!here>')).toBe('S0X|&lt;!here&gt;');
  });
});

describe('truncate', () => {
  it('returns short text unchanged and marks a cut with an ellipsis', () => {
    expect(truncate('hello', 5)).toBe('hello');
    expect(truncate('hello world', 5)).toBe('hell…');
    expect(truncate('hello', 1)).toBe('…');
    expect(truncate('hello', 0)).toBe('');
  });

  it('never cuts a surrogate pair or a grapheme cluster', () => {
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    expect(truncate('😀😀😀', 4)).toBe('😀…');
    expect(truncate('👨‍👩‍👧👨‍👩‍👧', 9)).toBe('👨‍👩‍👧…');
    expect(truncate('中文字符测试', 4)).toBe('中文字…');
    expect(truncate('𠀀𠀁𠀂', 4)).toBe('𠀀…'); // CJK Extension B: surrogate pairs
    expect(truncate('🇯🇵🇨🇳', 5)).toBe('🇯🇵…');
  });

  it('respects the limit and keeps a prefix (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 300 }),
          fc.string({ unit: 'binary', maxLength: 300 }),
          textArb,
        ),
        fc.integer({ min: 0, max: 310 }),
        (text, max) => {
          const out = truncate(text, max);
          expect(out.length).toBeLessThanOrEqual(max);
          if (text.length <= max) expect(out).toBe(text);
          else {
            expect(out.endsWith('…') || out === '').toBe(true);
            expect(text.startsWith(out.slice(0, -1))).toBe(true);
            // The kept part ends on a boundary: no high surrogate left dangling at the cut.
            expect(out.slice(0, -1)).not.toMatch(/[\uD800-\uDBFF]$/);
          }
        },
      ),
    );
  });

  it('truncateTo measures with the given function', () => {
    expect(truncateTo('<<<<', 9, escapedLength)).toBe('<<…');
  });

  it('handles a very long string quickly', () => {
    const long = '😀'.repeat(1_000_000);
    const started = Date.now();
    expect(truncate(long, 3000).length).toBeLessThanOrEqual(3000);
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('lastLinesWithin / lastLinesFitting', () => {
  it('keeps the last lines that fit and counts the rest', () => {
    expect(lastLinesWithin(['one', 'two', 'three', 'four'], 11)).toEqual({ lines: ['three', 'four'], omitted: 2 });
    expect(lastLinesWithin(['a', 'b'], 100)).toEqual({ lines: ['a', 'b'], omitted: 0 });
    expect(lastLinesWithin([], 100)).toEqual({ lines: [], omitted: 0 });
  });

  it('caps each line and drops carriage returns', () => {
    expect(lastLinesWithin([`${'x'.repeat(50)}\r`], 100, 10)).toEqual({ lines: ['xxxxxxxxx…'], omitted: 0 });
  });

  it('always keeps the newest line, cut down if it alone is too long', () => {
    expect(lastLinesWithin(['old', 'n'.repeat(40)], 10, 100)).toEqual({ lines: ['nnnnnnnn…'], omitted: 1 });
  });

  it('measures lines as they will be sent', () => {
    const { lines } = lastLinesFitting(['&&', '&&'], 12, { measure: escapedLength });
    expect(lines).toEqual(['&&']);
  });
});
