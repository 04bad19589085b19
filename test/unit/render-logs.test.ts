import { describe, expect, it } from 'vitest';
import type { SlackMessage } from '../../src/slack-out/slack-output.js';
import { renderJobLogs } from '../../src/render/job-logs.js';

const JOB = 'dlc1a2b3c4d5e6f';
const POD = 'dlc1a2b3c4d5e6f-worker-0';

function body(message: SlackMessage): string {
  const block = message.blocks![1] as { type: string; text: { text: string } };
  expect(block.type).toBe('section');
  return block.text.text;
}

function head(message: SlackMessage): string {
  return (message.blocks![0] as { text: { text: string } }).text.text;
}

/** The log lines inside the fence, unescaped back to what the pod wrote. */
function shownLines(message: SlackMessage): string[] {
  const text = body(message);
  expect(text.startsWith('```') && text.endsWith('```')).toBe(true);
  return text
    .slice(3, -3)
    .split('\n')
    .map((l) => l.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
}

function expectFits(message: SlackMessage): void {
  expect(message.blocks!.length).toBe(2);
  expect(head(message).length).toBeLessThanOrEqual(3_000);
  expect(body(message).length).toBeLessThanOrEqual(3_000);
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(4_000);
  expect(body(message)).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no half emoji
}

/** The kept lines are a suffix of the input: the newest lines, in order, the newest one whole or cut. */
function expectKeepsTheEnd(lines: readonly string[], shown: readonly string[]): void {
  expect(shown.length).toBeGreaterThan(0);
  const offset = lines.length - shown.length;
  shown.forEach((line, i) => {
    const original = lines[offset + i]!;
    if (line.endsWith('…')) expect(original.startsWith(line.slice(0, -1))).toBe(true);
    else expect(line).toBe(original);
  });
}

describe('renderJobLogs', () => {
  it('shows every line of a short log and says how many', () => {
    const lines = ['epoch 1', 'epoch 2', 'done'];
    const message = renderJobLogs(JOB, POD, lines);
    expectFits(message);
    expect(shownLines(message)).toEqual(lines);
    expect(head(message)).toBe(`Logs of \`${POD}\` (job \`${JOB}\`): last 3 line(s)`);
    expect(message.text).toBe(`Logs of ${POD} (job ${JOB}): 3 line(s)`);
  });

  it('shows a tail shorter than asked for as it is', () => {
    const message = renderJobLogs(JOB, POD, ['only line']);
    expect(shownLines(message)).toEqual(['only line']);
    expect(head(message)).not.toContain('not shown');
  });

  it('says so when the pod has not logged anything', () => {
    const message = renderJobLogs(JOB, POD, []);
    expectFits(message);
    expect(body(message)).toBe('_The pod has not written any log lines yet._');
    expect(head(message)).toContain('last 0 line(s)');
  });

  it('keeps the last lines of 10,000 lines of 1,000 characters', () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `${String(i).padStart(5, '0')} ${'x'.repeat(994)}`);
    const started = Date.now();
    const message = renderJobLogs(JOB, POD, lines);
    expect(Date.now() - started).toBeLessThan(1_000);
    expectFits(message);
    const shown = shownLines(message);
    expect(shown.at(-1)!.startsWith('09999 ')).toBe(true);
    expectKeepsTheEnd(lines, shown);
    expect(head(message)).toContain(`${10_000 - shown.length} earlier line(s) not shown`);
  });

  it('keeps the last lines when every line is full of & < > (which grow when escaped)', () => {
    for (const unit of ['&', '<', '>', '&<>', 'a&']) {
      const lines = Array.from({ length: 10_000 }, (_, i) => `${i} ${unit.repeat(1_000)}`);
      const message = renderJobLogs(JOB, POD, lines);
      expectFits(message);
      const shown = shownLines(message);
      expect(shown.at(-1)!.startsWith('9999 ')).toBe(true);
      expectKeepsTheEnd(lines, shown);
    }
  });

  it('keeps as many short escaped lines as fit, not fewer', () => {
    const lines = Array.from({ length: 5_000 }, () => '&'.repeat(20));
    const message = renderJobLogs(JOB, POD, lines);
    expectFits(message);
    // 20 × 5 + 1 = 101 characters a line: 29 lines fit in 3000 - 6.
    expect(shownLines(message)).toHaveLength(29);
  });

  it('never splits an emoji at a line boundary or the budget edge', () => {
    for (const pad of [0, 1, 2, 3]) {
      const lines = Array.from({ length: 3_000 }, (_, i) => `${'a'.repeat(pad)}${'😀'.repeat(300)}${i}`);
      const message = renderJobLogs(JOB, POD, lines);
      expectFits(message);
      const shown = shownLines(message);
      expectKeepsTheEnd(lines, shown);
      for (const line of shown)
        expect(line).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
    const cjk = Array.from({ length: 3_000 }, (_, i) => `${'中文𠀀'.repeat(200)}${i}`);
    expectFits(renderJobLogs(JOB, POD, cjk));
  });

  it('cuts one enormous line so the lines around it still show', () => {
    const lines = ['older', '&<'.repeat(100_000), 'newest'];
    const message = renderJobLogs(JOB, POD, lines);
    expectFits(message);
    const shown = shownLines(message);
    expect(shown).toHaveLength(3);
    expect(shown[1]!.endsWith('…')).toBe(true);
    expect(shown[2]).toBe('newest');
  });

  it('keeps log text from mentioning, linking or closing the block', () => {
    const lines = ['<!channel> deploy done', 'see <https://evil|x> and <@U123>', 'a ``` fence', '`', 'tick `x`'];
    const message = renderJobLogs(JOB, POD, lines);
    expectFits(message);
    const text = body(message);
    expect(text.slice(3, -3)).not.toMatch(/[<>]/);
    expect(text.slice(3, -3)).not.toContain('```');
    expect(text.slice(3, -3).endsWith('`')).toBe(false);
    expect(message).toMatchSnapshot();
  });

  it('drops carriage returns from CRLF logs', () => {
    expect(shownLines(renderJobLogs(JOB, POD, ['a\r', 'b\r']))).toEqual(['a', 'b']);
  });
});
