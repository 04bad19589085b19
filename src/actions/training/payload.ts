// What `/pai dlc submit` asks for, as the queued job stores it in Redis (and as an approval hashes it). This is a
// persisted format: a queued or approved submit made by an older release must still run, so it is defined here,
// by the use case, and the grammar parses into it (a field added here is a field the grammar must fill).

import type { JobType } from '../../pai/dlc-types.js';

/** An OSS location to mount into the job's containers (`--data`). */
export interface DataMount {
  /** oss://bucket/path as typed (without the :/mount suffix). */
  uri: string;
  bucket: string;
  /** May be '' for the bucket root. */
  path: string;
  /** Mount path inside the container, when given as oss://b/p:/mnt/data. */
  mountPath?: string;
}

export interface DlcSubmitPayload {
  kind: 'dlc.submit';
  name: string;
  image: string;
  command: string;
  /** Default PyTorchJob. */
  jobType: JobType;
  /** Default 1, 1..100. */
  workers: number;
  /** ECS spec, e.g. ecs.gn6i-c4g1.xlarge. */
  instance?: string;
  data: DataMount[];
  env: Record<string, string>;
  /** 1..9. */
  priority?: number;
  spot: boolean;
  /** --skip-preflight: do not check the --data buckets with the bot's own credentials first. */
  skipPreflight: boolean;
}
