// What a service card shows of cost: the burn per hour of its current replica count, at the price of the instance
// type its config names (ServiceSnapshot.instanceType). Nothing when either is unknown: a card only carries figures.

import type { FileConfig } from '../../config/file-schema.js';
import type { ServiceSnapshot } from '../watchers/tracked-services.js';
import { configPriceBook, hourlyBurn, type CostEstimate } from './price-book.js';

export function serviceBurn(pricing: FileConfig['pricing'], last: ServiceSnapshot): CostEstimate | undefined {
  if (!last.instanceType) return undefined;
  const price = configPriceBook(pricing).priceOf(last.instanceType);
  return price ? hourlyBurn(price, last.total) : undefined;
}
