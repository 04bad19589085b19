// Cost estimates: the config's notebooks: and pricing: blocks, the price book (config first, then PAI's list price,
// never a guess), and the figures, checked against sums worked out here independently.

import { describe, expect, it } from 'vitest';
import {
  configPriceBook,
  hourlyBurn,
  runCost,
  withListPrices,
  type HourlyPrice,
} from '../../src/actions/costs/price-book.js';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';
import { costText, money, noPriceText } from '../../src/render/cost-text.js';

const BASE = 'region: cn-shanghai\nworkspaces:\n  - name: dev\n    id: "100001"\n    env: dev\n';
// The two blocks as the interface documents them, comments included.
const DOCUMENTED = `${BASE}notebooks:                      # DSW, optional (defaults shown)
  idle_after: 2h                # a Running instance idle this long (or with no idle-stop policy) is listed in the digest
  digest_every: 24h             # the idle digest is posted when idle notebooks are first found, then at most this often
                                # per workspace, in the workspace's channel
pricing:                        # optional: list prices for cost estimates, per instance type and hour
  currency: CNY
  per_hour:
    ecs.gn7i-c8g1.2xlarge: 13.5
    ml.gu7i.c16m60.1-gu30: 18.0
`;

function load(yaml: string) {
  return loadConfig({
    env: { SLACK_BOT_TOKEN: 'xoxb-1-2-x', SLACK_SIGNING_SECRET: 's' },
    readFile: () => yaml,
  }).file;
}

function errorOf(yaml: string): ConfigError {
  try {
    load(yaml);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).not.toMatch(/[\r\n]/);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('config: notebooks and pricing', () => {
  it('loads the documented blocks', () => {
    const file = load(DOCUMENTED);
    expect(file.notebooks).toEqual({ idle_after: 2 * 3_600_000, digest_every: 24 * 3_600_000 });
    expect(file.pricing).toEqual({
      currency: 'CNY',
      per_hour: { 'ecs.gn7i-c8g1.2xlarge': 13.5, 'ml.gu7i.c16m60.1-gu30': 18 },
    });
  });

  it('defaults notebooks, and has no pricing unless one is written', () => {
    const file = load(BASE);
    expect(file.notebooks).toEqual({ idle_after: 2 * 3_600_000, digest_every: 24 * 3_600_000 });
    expect(file.pricing).toBeUndefined();
  });

  it.each([
    [
      'a negative price',
      `${BASE}pricing:\n  per_hour:\n    ecs.a.b: -1\n`,
      /pricing\.per_hour\.ecs\.a\.b.*more than 0/,
    ],
    ['a price as text', `${BASE}pricing:\n  per_hour:\n    ecs.a.b: cheap\n`, /price per hour such as 13\.5/],
    [
      'a made-up instance type',
      `${BASE}pricing:\n  per_hour:\n    GPU: 3\n`,
      /pricing\.per_hour\.GPU: .*instance types and hourly prices, e\.g\. ecs\.gn7i-c8g1\.2xlarge: 13\.5/,
    ],
    ['a lowercase currency', `${BASE}pricing:\n  currency: cny\n`, /three-letter currency code/],
    ['a list for notebooks', `${BASE}notebooks: [2h]\n`, /block of settings/],
    ['a bad duration', `${BASE}notebooks:\n  idle_after: soon\n`, /notebooks\.idle_after.*duration such as 2h/],
  ])('refuses %s with a message naming the setting', (_what, yaml, message) => {
    expect(errorOf(yaml).message).toMatch(message);
  });

  it('suggests the right key for a typo under pricing and notebooks', () => {
    expect(errorOf(`${BASE}pricing:\n  per_hours:\n    ecs.a.b: 1\n`).fix).toContain('did you mean "per_hour"?');
    expect(errorOf(`${BASE}notebooks:\n  idle_afer: 1h\n`).fix).toContain('did you mean "idle_after"?');
  });
});

describe('the price book', () => {
  const book = configPriceBook({ currency: 'CNY', per_hour: { 'ecs.gn7i-c8g1.2xlarge': 13.5 } });

  it('finds a configured price, and nothing for an unknown type', () => {
    expect(book.priceOf('ecs.gn7i-c8g1.2xlarge')).toEqual({
      instanceType: 'ecs.gn7i-c8g1.2xlarge',
      perHour: 13.5,
      currency: 'CNY',
      source: 'config',
    });
    expect(book.priceOf('ecs.g6.large')).toBeUndefined();
    expect(configPriceBook(undefined).priceOf('ecs.gn7i-c8g1.2xlarge')).toBeUndefined();
  });

  it('prefers the config to a list price, and ignores a list price that is not positive', () => {
    const list = new Map([
      ['ecs.gn7i-c8g1.2xlarge', { perHour: 99, currency: 'CNY' }],
      ['ecs.g6.large', { perHour: 0.8, currency: 'CNY' }],
      ['ecs.free', { perHour: 0, currency: 'CNY' }],
    ]);
    const both = withListPrices(book, list);
    expect(both.priceOf('ecs.gn7i-c8g1.2xlarge')?.perHour).toBe(13.5);
    expect(both.priceOf('ecs.g6.large')).toMatchObject({ perHour: 0.8, source: 'pai-list-price' });
    expect(both.priceOf('ecs.free')).toBeUndefined();
  });
});

describe('figures', () => {
  const price: HourlyPrice = {
    instanceType: 'ecs.gn7i-c8g1.2xlarge',
    perHour: 13.5,
    currency: 'CNY',
    source: 'config',
  };

  it('hourly burn is price × instances', () => {
    expect(hourlyBurn(price, 4).amount).toBe(54);
    expect(costText(hourlyBurn(price, 4))).toBe(
      '≈ CNY 54.00/h (estimate: 4 × CNY 13.50/h for ecs.gn7i-c8g1.2xlarge, price from pricing.per_hour in the config)',
    );
  });

  it('a finished run costs the sum of its pods running durations × the hourly price', () => {
    // Two workers for 90 min and one for 30 min: 3.5 instance-hours, at 13.5 = 47.25.
    const e = runCost(price, [90 * 60_000, 90 * 60_000, 30 * 60_000]);
    expect(e.units).toBeCloseTo(3.5, 10);
    expect(e.amount).toBeCloseTo(47.25, 10);
    expect(costText(e)).toBe(
      '≈ CNY 47.25 (estimate: 3.50 instance-hours × CNY 13.50/h for ecs.gn7i-c8g1.2xlarge, price from pricing.per_hour in the config)',
    );
    expect(runCost(price, [-5, 0]).amount).toBe(0);
  });

  it('small amounts keep their digits; no price reads as such', () => {
    expect(money(0.0125, 'USD')).toBe('USD 0.0125');
    expect(noPriceText('ecs.g6.large')).toBe(
      'no price for ecs.g6.large (add it under pricing.per_hour in the config to see estimates)',
    );
  });
});
