// What `/pai eas deploy` asks for, as the queued job stores it in Redis (and as an approval hashes it). This is a
// persisted format: a queued or approved deploy made by an older release must still run, so it is defined here,
// by the use case, and the grammar parses into it (a field added here is a field the grammar must fill).

/** An OSS location as typed: `oss://bucket/path`. */
export interface OssLocation {
  /** oss://bucket/path as typed. */
  uri: string;
  bucket: string;
  /** May be '' for the bucket root. */
  path: string;
}

export interface EasDeployPayload {
  kind: 'eas.deploy';
  /** EAS rule: starts with a lowercase letter; lowercase letters, digits, '_'; 1..64. */
  service: string;
  image: string;
  /** Instance type, e.g. ecs.gn6i-c4g1.xlarge or ml.gu7i.c16m60.1-gu30. */
  instance?: string;
  /** Default 1, 1..100. */
  replicas: number;
  /** 1..65535. */
  port?: number;
  command?: string;
  /** --model oss://bucket/path, mounted read-only. */
  model?: OssLocation;
}
