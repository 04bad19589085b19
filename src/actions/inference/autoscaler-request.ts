// Pure: `/pai eas autoscale` as the CreateServiceAutoScaler / UpdateServiceAutoScaler body. The SDK marks
// scaleStrategies required, so a metric is always sent: the ones asked for, or CPU at DEFAULT_AUTOSCALE_CPU %.

import type { EasChange } from '../action-jobs.js';
import type { AutoScalerRequest } from '../../pai/eas-types.js';

/** The CPU use per instance (percent) the autoscaler aims at when no metric is given; said in `/pai help eas`. */
export const DEFAULT_AUTOSCALE_CPU = 50;

export function autoscalerRequest(c: Extract<EasChange, { verb: 'autoscale' }>): AutoScalerRequest {
  const strategies: AutoScalerRequest['scaleStrategies'] = [];
  if (c.qps !== undefined) strategies.push({ metricName: 'qps', threshold: c.qps });
  if (c.cpu !== undefined || c.qps === undefined)
    strategies.push({ metricName: 'cpu', threshold: c.cpu ?? DEFAULT_AUTOSCALE_CPU });
  return { min: c.min, max: c.max, scaleStrategies: strategies };
}
