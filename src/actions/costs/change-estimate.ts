// The estimate line of an approval request: what the change will burn per hour once it runs, worked out from a known
// price or, without one, a line that says so. It is shown, never bound: the request's action hash covers the action
// alone (request-store.ts), so a price changed in the config between request and run changes nothing that runs.
//
// Prices here come from the config only. The one list price PAI returns, DSW's ListEcsSpecs, is the price of a DSW
// notebook of that type; DLC and EAS bill the same instance types from price lists of their own, which their APIs do
// not return, so a DSW figure on a job or a service would be a guess.

import type { FileConfig } from '../../config/file-schema.js';
import { costText, noEstimateText, noPriceText, spotText } from '../../render/cost-text.js';
import { configPriceBook, hourlyBurn, type PriceBook } from './price-book.js';
import type { ServiceInstanceType } from './service-instance-type.js';

type Pricing = FileConfig['pricing'];

function perHour(book: PriceBook, instanceType: string, count: number): string {
  const price = book.priceOf(instanceType);
  return price ? costText(hourlyBurn(price, count)) : noPriceText(instanceType);
}

/**
 * `replicas` instances of `instanceType` per hour, or "no price for <type>": the line of `eas deploy` and `eas scale`,
 * and of any other deploy that knows its instance type and replica count (a gallery deploy).
 */
export function replicasEstimate(pricing: Pricing, instanceType: string, replicas: number): string {
  return perHour(configPriceBook(pricing), instanceType, replicas);
}

/**
 * `dlc submit`: its pods per hour while they run. Spot pods are estimated at the on-demand price, and the line says
 * so: PAI returns no spot discount, only the bid's cap (`bidPercent` of the pay-as-you-go price) is known.
 */
export function podsEstimate(
  pricing: Pricing,
  instanceType: string,
  pods: number,
  spot?: { bidPercent: number },
): string {
  const book = configPriceBook(pricing);
  const line = perHour(book, instanceType, pods);
  return spot && book.priceOf(instanceType) ? `${line}; ${spotText(spot.bidPercent)}` : line;
}

/** A change to a running service (`eas scale`): its instance type as its config says, at the new replica count. */
export function serviceEstimate(pricing: Pricing, type: ServiceInstanceType, replicas: number): string {
  return 'type' in type ? replicasEstimate(pricing, type.type, replicas) : noEstimateText(type.unknown);
}

/** `eas autoscale`: the burn at the fewest and at the most replicas the autoscaler may run. */
export function autoscaleEstimate(pricing: Pricing, type: ServiceInstanceType, min: number, max: number): string {
  if (!('type' in type)) return noEstimateText(type.unknown);
  const book = configPriceBook(pricing);
  if (!book.priceOf(type.type)) return noPriceText(type.type);
  return `at min ${min} replicas: ${perHour(book, type.type, min)}; at max ${max} replicas: ${perHour(book, type.type, max)}`;
}
