// Cost estimates that never invent a price. A price comes from the config's `pricing.per_hour` (what the team pays)
// or from a list price PAI itself returned; without one the caller says "no price for <type>" instead of a figure.
// Every figure carries where its price came from, so a reader can tell an estimate from the bill.

import type { FileConfig } from '../../config/file-schema.js';

export type PriceSourceKind = 'config' | 'pai-list-price';

export interface HourlyPrice {
  instanceType: string;
  /** Per instance (pod, replica, notebook) and hour. */
  perHour: number;
  currency: string;
  source: PriceSourceKind;
}

export interface PriceBook {
  priceOf(instanceType: string): HourlyPrice | undefined;
}

/** An amount of money worked out from a price, with how. */
export interface CostEstimate {
  amount: number;
  currency: string;
  per: 'hour' | 'total';
  price: HourlyPrice;
  /** Instances billed at once (per: 'hour'), or instance-hours summed (per: 'total'). */
  units: number;
}

export function configPriceBook(pricing: FileConfig['pricing']): PriceBook {
  const prices = new Map(Object.entries(pricing?.per_hour ?? {}));
  const currency = pricing?.currency ?? 'CNY';
  return {
    priceOf(instanceType) {
      const perHour = prices.get(instanceType);
      return perHour === undefined ? undefined : { instanceType, perHour, currency, source: 'config' };
    },
  };
}

/** The config's prices first (they are what the team pays), then list prices PAI returned. */
export function withListPrices(
  book: PriceBook,
  listPrices: ReadonlyMap<string, { perHour: number; currency: string }>,
): PriceBook {
  return {
    priceOf(instanceType) {
      const own = book.priceOf(instanceType);
      if (own) return own;
      const listed = listPrices.get(instanceType);
      if (!listed || !(listed.perHour > 0)) return undefined;
      return { instanceType, perHour: listed.perHour, currency: listed.currency, source: 'pai-list-price' };
    },
  };
}

/** What `count` instances burn per hour while they run. */
export function hourlyBurn(price: HourlyPrice, count: number): CostEstimate {
  return { amount: price.perHour * count, currency: price.currency, per: 'hour', price, units: count };
}

/** What finished instances cost: the sum of their running durations, each billed at the hourly price. */
export function runCost(price: HourlyPrice, runningMs: readonly number[]): CostEstimate {
  const hours = runningMs.reduce((sum, ms) => sum + Math.max(0, ms), 0) / 3_600_000;
  return { amount: price.perHour * hours, currency: price.currency, per: 'total', price, units: hours };
}
