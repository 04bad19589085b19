import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/config/duration.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['4h', 14_400_000],
    ['1.5h', 5_400_000],
    [' 30s ', 30_000],
    ['30 s', 30_000],
    ['0s', 0],
  ])('%j is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '30', 's', '5d', '-5m', '5 minutes', '1e3ms', '30S', 'm5', '5m30s', '.5s', 'NaNs', 'Infinityh'])(
    '%j is not a duration',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [450, '450ms'],
    [999.6, '1s'],
    [1_000, '1s'],
    [90_000, '1m 30s'],
    [3_600_000, '1h'],
    [3_661_000, '1h 1m 1s'],
    [14_400_000, '4h'],
    [-5, '0ms'],
    [Number.NaN, '0ms'],
  ])('%d ms reads %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('round-trips the units the config file accepts', () => {
    for (const text of ['500ms', '30s', '5m', '4h']) expect(formatDuration(parseDuration(text)!)).toBe(text);
  });
});
