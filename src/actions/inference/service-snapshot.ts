import type { Service } from '../../pai/eas-types.js';
import { serviceInstanceType } from '../costs/service-instance-type.js';
import type { ServiceSnapshot } from '../watchers/tracked-services.js';

export function snapshotOf(s: Service): ServiceSnapshot {
  const reason = [s.Reason, s.Message].filter(Boolean).join(': ');
  const type = serviceInstanceType(s);
  return {
    status: s.Status,
    running: s.RunningInstance ?? 0,
    pending: s.PendingInstance ?? 0,
    total: s.TotalInstance ?? 0,
    ...(reason ? { reason } : {}),
    ...(s.InternetEndpoint ? { endpoint: s.InternetEndpoint } : {}),
    ...('type' in type ? { instanceType: type.type } : {}),
    ...(typeof s.Weight === 'number' ? { weight: s.Weight } : {}),
  };
}
