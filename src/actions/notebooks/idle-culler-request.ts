// The body of CreateIdleInstanceCuller for `/pai dsw idle-stop`, built once for the call and the approval card so the
// two agree. Both thresholds are always sent: PAI documents no defaults (docs/pai-wire-notes.md, the DSW section).

import type { CreateIdleInstanceCullerRequest, DswIdleInstanceCuller } from '../../pai/dsw-types.js';
import type { DswChange } from './payload.js';

type IdleStop = Extract<DswChange, { verb: 'idle-stop' }>;

export function idleCullerRequest(c: IdleStop): Required<CreateIdleInstanceCullerRequest> {
  return {
    CpuPercentThreshold: c.cpuPercent,
    GpuPercentThreshold: c.gpuPercent,
    MaxIdleTimeInMinutes: c.maxIdleMinutes,
  };
}

/** The notebook's policy is already exactly this one. */
export function isSamePolicy(culler: DswIdleInstanceCuller | undefined, req: CreateIdleInstanceCullerRequest): boolean {
  return (
    culler?.MaxIdleTimeInMinutes === req.MaxIdleTimeInMinutes &&
    culler.CpuPercentThreshold === req.CpuPercentThreshold &&
    culler.GpuPercentThreshold === req.GpuPercentThreshold
  );
}

/** A policy PAI shows, as the body that would create it again (a threshold PAI did not show is left out). */
export function cullerRequest(c: DswIdleInstanceCuller): CreateIdleInstanceCullerRequest {
  return {
    MaxIdleTimeInMinutes: c.MaxIdleTimeInMinutes ?? 0,
    ...(c.CpuPercentThreshold !== undefined ? { CpuPercentThreshold: c.CpuPercentThreshold } : {}),
    ...(c.GpuPercentThreshold !== undefined ? { GpuPercentThreshold: c.GpuPercentThreshold } : {}),
  };
}
