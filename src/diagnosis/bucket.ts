// Finds the OSS bucket a failure message names. Pure.

/** OSS bucket names: 3–63 of [a-z0-9-], starting and ending with a letter or digit. */
const NAME = '([a-z0-9][a-z0-9-]{1,61}[a-z0-9])';

/** Tried in order on one line; the first that yields a valid name wins. */
const BUCKET_PATTERNS: readonly RegExp[] = [
  // oss://bkt/dir/ and oss://bkt.oss-cn-hangzhou-internal.aliyuncs.com/dir/
  new RegExp(`oss://${NAME}(?=[./\\s'"\`,;:)\\]>]|$)`),
  // https://bkt.oss-cn-hangzhou.aliyuncs.com/key, HostId: bkt.oss-cn-…
  new RegExp(`(?:^|[^a-z0-9.-])${NAME}\\.oss-[a-z0-9-]+\\.aliyuncs\\.com`),
  // oss2's error dict: 'bucket': 'ml-data'
  new RegExp(`['"][Bb]ucket(?:_?[Nn]ame)?['"]\\s*:\\s*['"]${NAME}['"]`),
  // OSS XML errors: <BucketName>ml-data</BucketName> (NoSuchBucket), <Bucket>ml-data</Bucket> (a wrong-region or
  // policy denial, whose HostId may name only the endpoint)
  new RegExp(`<Bucket(?:Name)?>${NAME}</Bucket(?:Name)?>`),
  // ossutil and friends: Bucket=ml-data, bucket: ml-data
  new RegExp(`\\b[Bb]ucket(?:_?[Nn]ame)?\\s*[=:]\\s*["']?${NAME}(?![A-Za-z0-9-])`),
];

export function bucketIn(line: string): string | undefined {
  for (const re of BUCKET_PATTERNS) {
    const name = re.exec(line)?.[1];
    if (name !== undefined) return name;
  }
  return undefined;
}

/** The first bucket named by any of the lines, in the order given. */
export function findBucket(lines: Iterable<string>): string | undefined {
  for (const line of lines) {
    if (!line.includes('oss') && !/bucket/i.test(line)) continue;
    const name = bucketIn(line);
    if (name !== undefined) return name;
  }
  return undefined;
}
