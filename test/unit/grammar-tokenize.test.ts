import { describe, expect, it } from 'vitest';
import { decodeSlackEscapes, tokenize, type Token } from '../../src/slack/grammar/tokenize.js';

function words(text: string): string[] {
  const r = tokenize(text);
  if (!r.ok) throw new Error(`expected tokens, got error: ${r.message}`);
  return r.tokens.map((t) => t.value);
}

function tokens(text: string): Token[] {
  const r = tokenize(text);
  if (!r.ok) throw new Error(r.message);
  return r.tokens;
}

function error(text: string): string {
  const r = tokenize(text);
  if (r.ok) throw new Error(`expected an error for ${JSON.stringify(text)}`);
  return r.message;
}

describe('decodeSlackEscapes', () => {
  it('decodes the three entities Slack uses, in one pass', () => {
    expect(decodeSlackEscapes('a &amp;&amp; b &gt; c &lt; d')).toBe('a && b > c < d');
    expect(decodeSlackEscapes('&amp;lt;')).toBe('&lt;');
    expect(decodeSlackEscapes('&quot; &#39;')).toBe('&quot; &#39;');
  });
});

describe('tokenize', () => {
  it('splits on any whitespace, including tabs, newlines, CR and no-break spaces', () => {
    expect(words('  dlc\tstatus\n dlc123abc\r\n')).toEqual(['dlc', 'status', 'dlc123abc']);
    expect(words('dlc\u00a0list')).toEqual(['dlc', 'list']);
    expect(words('')).toEqual([]);
    expect(words('   ')).toEqual([]);
  });

  it('keeps a double-quoted string as one word', () => {
    expect(words('--command "python train.py --epochs 3"')).toEqual(['--command', 'python train.py --epochs 3']);
  });

  it('keeps a single-quoted string as one word', () => {
    expect(words("--command 'python train.py --epochs 3'")).toEqual(['--command', 'python train.py --epochs 3']);
  });

  it('treats the other kind of quote as literal inside quotes', () => {
    expect(words(`"python -c 'print(1)'"`)).toEqual([`python -c 'print(1)'`]);
    expect(words(`'say "hi"'`)).toEqual(['say "hi"']);
  });

  it('resolves \\" and \\\\ inside double quotes and keeps other backslashes', () => {
    expect(words('"echo \\"hi\\""')).toEqual(['echo "hi"']);
    expect(words('"a\\\\"')).toEqual(['a\\']);
    expect(words('"C:\\data\\x"')).toEqual(['C:\\data\\x']);
    expect(words("'a\\b'")).toEqual(['a\\b']);
    expect(words('a\\b')).toEqual(['a\\b']);
  });

  it('reads Slack smart quotes as plain quotes', () => {
    expect(words('--command “python train.py --epochs 3”')).toEqual(['--command', 'python train.py --epochs 3']);
    expect(words('--command ‘python train.py’')).toEqual(['--command', 'python train.py']);
    expect(words('“it’s fine”')).toEqual(['it’s fine']);
  });

  it('joins adjacent quoted and bare pieces into one word, like a shell', () => {
    expect(words('--command="python train.py"')).toEqual(['--command=python train.py']);
    expect(words('a"b c"d')).toEqual(['ab cd']);
  });

  it('keeps an empty quoted string as an empty word', () => {
    expect(words('--image ""')).toEqual(['--image', '']);
    expect(words("''")).toEqual(['']);
  });

  it('marks words that begin with a quote as literal (never flags)', () => {
    const [flag, quoted, eqForm] = tokens('--spot "--spot" --command="x"');
    expect(flag).toMatchObject({ value: '--spot', literal: false, position: 1 });
    expect(quoted).toMatchObject({ value: '--spot', literal: true, position: 8 });
    expect(eqForm).toMatchObject({ value: '--command=x', literal: false });
  });

  it('reads a leading en or em dash as the -- a client autocorrected', () => {
    expect(words('—image x –spot a—b')).toEqual(['--image', 'x', '--spot', 'a—b']);
    expect(tokens('"—x"')[0]?.value).toBe('—x');
  });

  it('decodes entities before splitting, and leaves mentions as plain words', () => {
    expect(words('&lt;@U123|alice&gt; a&amp;b')).toEqual(['<@U123|alice>', 'a&b']);
    expect(words('"a &gt; b"')).toEqual(['a > b']);
  });

  it('reports an unterminated quote with its kind and position', () => {
    expect(error('--command "python train.py')).toMatch(
      /^the double quote " at character 11 is never closed \("python train\.py\)$/,
    );
    expect(error("--command 'x")).toMatch(/single quote ' at character 11 is never closed/);
    expect(error('--command “python')).toMatch(/double quote “ at character 11/);
    expect(error('"abc\\"')).toMatch(/double quote " at character 1/);
  });

  it('cuts the quoted excerpt in an unterminated-quote message short', () => {
    const message = error(`"${'x'.repeat(3000)}`);
    expect(message.length).toBeLessThan(120);
  });

  it('rejects control characters other than tab, newline and CR', () => {
    expect(error('dlc\u0000list')).toMatch(/control character \(U\+0000\) at character 4/);
    expect(error('a \u001b[31m')).toMatch(/U\+001B/);
    expect(error('"a\u007f"')).toMatch(/U\+007F/);
    expect(error('a\u0085')).toMatch(/U\+0085/);
  });

  it('keeps newlines inside quotes', () => {
    expect(words('"line 1\nline 2"')).toEqual(['line 1\nline 2']);
  });
});
