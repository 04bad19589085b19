// Which bucket, key and region a request is for. Virtual-hosted style puts the bucket in the Host header
// (`<bucket>.oss-<region>.aliyuncs.com`, which ali-oss sends even to an IP endpoint); path style (sldEnable) puts it in
// the first path segment. ali-oss with sldEnable against an IP endpoint sends both, so such a request has two readings
// and the one whose signature verifies wins.

export interface Addressing {
  bucket?: string;
  /** Decoded object key; '' for bucket-level requests. */
  key: string;
  /** Region the request was addressed to (from the Host header, else the simulator's own). */
  region: string;
  hostId: string;
}

const REGION_LABEL = /^oss-([a-z0-9-]+?)(?:-internal)?$/;

function stripPort(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return colon >= 0 ? host.slice(0, colon) : host;
}

function isIpOrLocal(host: string): boolean {
  return host.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host === 'localhost';
}

function decodePath(path: string): string {
  const raw = path.startsWith('/') ? path.slice(1) : path;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function regionIn(labels: string[]): string | undefined {
  for (const label of labels) {
    const match = REGION_LABEL.exec(label);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

function hostIdFor(bucket: string | undefined, region: string): string {
  return `${bucket ? `${bucket}.` : ''}oss-${region}.aliyuncs.com`;
}

function pathStyle(decoded: string, region: string): Addressing {
  const slash = decoded.indexOf('/');
  const bucket = slash < 0 ? decoded : decoded.slice(0, slash);
  const key = slash < 0 ? '' : decoded.slice(slash + 1);
  return bucket
    ? { bucket, key, region, hostId: hostIdFor(bucket, region) }
    : { key: '', region, hostId: hostIdFor(undefined, region) };
}

/** Candidate readings of a request, most likely first; never empty. */
export function addressingsOf(hostHeader: string | undefined, path: string, defaultRegion: string): Addressing[] {
  const host = stripPort((hostHeader ?? '').toLowerCase());
  const decoded = decodePath(path);
  if (!host || isIpOrLocal(host)) return [pathStyle(decoded, defaultRegion)];
  const labels = host.split('.');
  const first = labels[0] ?? '';
  if (REGION_LABEL.test(first)) return [pathStyle(decoded, regionIn([first]) ?? defaultRegion)];
  const region = regionIn(labels.slice(1)) ?? defaultRegion;
  const hosted: Addressing = { bucket: first, key: decoded, region, hostId: hostIdFor(first, region) };
  if (decoded === first || decoded.startsWith(`${first}/`)) return [hosted, pathStyle(decoded, region)];
  return [hosted];
}
