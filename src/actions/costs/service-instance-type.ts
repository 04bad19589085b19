// Which instance type an EAS service runs on, read from the service config DescribeService and ListServices return
// (`ServiceConfig`, JSON text). The Service model has no instance type field of its own; the config sets it as
// `cloud.computing.instances[].type` (the form the bot deploys) or `cloud.computing.instance_type` (the PAI Python
// SDK's form, docs/pai-wire-notes.md). Pure; a config that names no single type yields the reason, never a guess.

import type { Service } from '../../pai/eas-types.js';

export type ServiceInstanceType = { type: string } | { unknown: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function serviceInstanceType(s: Pick<Service, 'ServiceConfig'>): ServiceInstanceType {
  let config: unknown;
  try {
    config = JSON.parse(s.ServiceConfig ?? '');
  } catch {
    return { unknown: 'PAI returned no readable service config' };
  }
  if (!isObject(config)) return { unknown: 'PAI returned no readable service config' };
  const cloud = isObject(config.cloud) ? config.cloud : {};
  const computing = isObject(cloud.computing) ? cloud.computing : {};
  const listed = Array.isArray(computing.instances) ? computing.instances : [];
  const types = [
    ...new Set(
      [...listed.map((i) => (isObject(i) ? i.type : undefined)), computing.instance_type].filter(
        (t): t is string => typeof t === 'string' && t !== '',
      ),
    ),
  ];
  if (types.length === 1) return { type: types[0]! };
  // EAS tries several listed types in turn when one is out of stock: which one each replica got is not known here.
  if (types.length > 1) return { unknown: `its config lists several instance types (${types.join(', ')})` };
  const metadata = isObject(config.metadata) ? config.metadata : {};
  if (typeof metadata.resource === 'string' && metadata.resource !== '')
    return { unknown: `it runs on resource group ${metadata.resource}, which is billed as a whole` };
  return { unknown: 'its config names no instance type' };
}
