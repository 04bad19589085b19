// What the simulator stores per job. Everything time-dependent is derived from these fields on each read.

import type { JobPlan } from './types.js';
import type { CreateJobBody } from './job-validation.js';

export interface JobRecord {
  jobId: string;
  /** The accepted CreateJob body, echoed back by GetJob/ListJobs. */
  request: CreateJobBody;
  createdAt: number;
  plan: JobPlan;
  stopRequestedAt?: number;
  /** The creator's UID, as DLC shows it in UserId (and matches for ShowOwn / UserIdForFilter). */
  userId: string;
  /** The creator's name, when it was given (PaiSimulator.addJob); else GetJob shows one derived from userId. */
  username?: string;
  workspaceName?: string;
  /** Creation order; breaks ties between jobs created at the same clock instant. */
  seq: number;
}

export interface PodRef {
  podId: string;
  type: string;
  /** Index among all pods of the job (its rank). */
  rank: number;
}

/** One pod per PodCount per spec, named `<jobId>-<type>-<i>` like DLC names them. */
export function podsOf(record: Pick<JobRecord, 'jobId' | 'request'>): PodRef[] {
  const pods: PodRef[] = [];
  for (const spec of record.request.JobSpecs) {
    for (let i = 0; i < spec.PodCount; i++) {
      pods.push({ podId: `${record.jobId}-${spec.Type.toLowerCase()}-${i}`, type: spec.Type, rank: pods.length });
    }
  }
  return pods;
}
