// How a cost estimate reads in Slack: always "≈", always "estimate", always where the price came from.

import type { CostEstimate, PriceSourceKind } from '../actions/costs/price-book.js';

const SOURCE: Readonly<Record<PriceSourceKind, string>> = {
  config: 'price from pricing.per_hour in the config',
  // ListEcsSpecs does not state the unit of its Price; per hour is the bot's reading (docs/pai-wire-notes.md).
  'pai-list-price': "PAI's list price (DSW ListEcsSpecs, read as per hour)",
};

export function money(amount: number, currency: string): string {
  const digits = amount !== 0 && Math.abs(amount) < 1 ? 4 : 2;
  return `${currency} ${amount.toFixed(digits)}`;
}

/** "≈ CNY 27.00/h (estimate: 2 × CNY 13.50/h for ecs.gn7i-c8g1.2xlarge, price from pricing.per_hour in the config)" */
export function costText(e: CostEstimate): string {
  const unit = money(e.price.perHour, e.currency);
  if (e.per === 'hour') {
    return `≈ ${money(e.amount, e.currency)}/h (estimate: ${e.units} × ${unit}/h for ${e.price.instanceType}, ${SOURCE[e.price.source]})`;
  }
  const hours = e.units < 10 ? e.units.toFixed(2) : e.units.toFixed(1);
  return `≈ ${money(e.amount, e.currency)} (estimate: ${hours} instance-hours × ${unit}/h for ${e.price.instanceType}, ${SOURCE[e.price.source]})`;
}

/** Said instead of a figure when no price is known: never a guess. */
export function noPriceText(instanceType: string): string {
  return `no price for ${instanceType} (add it under pricing.per_hour in the config to see estimates)`;
}

/** Said instead of a figure when not even the instance type is known (why: "its config names no instance type"). */
export function noEstimateText(why: string): string {
  return `no estimate: ${why}`;
}

/**
 * Follows an estimate of spot instances: it was worked out at the on-demand price, since PAI returns no spot discount;
 * `bidPercent`, when known, is the most the bid lets a spot instance cost, as a share of the pay-as-you-go price.
 */
export function spotText(bidPercent?: number): string {
  const cap = bidPercent === undefined ? '' : `; the spot bid is at most ${bidPercent}% of the pay-as-you-go price`;
  return `at the on-demand price: the spot discount is not known (PAI returns none)${cap}`;
}
