// What an OSS error document says beyond what ali-oss keeps of it.
//
// Why the probe reads the wire: ali-oss 6.x builds its error in its `requestError` → `setError`, which parses
// OSS's <Error> XML and copies only Code, Message (plus Condition), RequestId, EC and HostId onto the Error it throws.
// The body is dropped, and so is the response (`err.params` is the *request*; `err.res` is set only for a reply
// without a body, and replaced when the x-oss-err header carries the document). A wrong-region 403 names the bucket's
// endpoint only in its <Endpoint> element, so the thrown error can never say which region is right. Every request
// ali-oss makes goes through `client.urllib.request(url, params)` (the client's documented hook for a custom urllib),
// so the probe wraps that one method on its own client to keep the body of the last failed reply. HeadObject-style
// replies have no body: OSS sends the same document base64-encoded in x-oss-err, which is read too.

/** The part of urllib's result ali-oss reads. */
interface UrllibResult {
  status?: unknown;
  headers?: Record<string, unknown>;
  data?: unknown;
}

export interface UrllibLike {
  request(url: unknown, params: unknown): Promise<unknown>;
}

export interface ErrorBodyTap {
  /** The error document of the most recent failed reply (status ≥ 300), if it had one. */
  last(): string | undefined;
}

/** Error documents are a few hundred bytes; anything larger is not one worth reading. */
const MAX_BODY_CHARS = 16_384;

function errorDocumentOf(result: UrllibResult): string | undefined {
  const { data, headers } = result;
  const text = Buffer.isBuffer(data) ? data.toString('utf8') : typeof data === 'string' ? data : '';
  if (text !== '') return text.slice(0, MAX_BODY_CHARS);
  const encoded = headers?.['x-oss-err'];
  if (typeof encoded !== 'string' || encoded === '') return undefined;
  return Buffer.from(encoded, 'base64').toString('utf8').slice(0, MAX_BODY_CHARS);
}

/** Wraps `client.urllib` (one client, one probe) so the error document of a failed reply stays readable. */
export function tapErrorBodies(client: { urllib: UrllibLike }): ErrorBodyTap {
  const inner = client.urllib;
  let last: string | undefined;
  client.urllib = {
    async request(url: unknown, params: unknown): Promise<unknown> {
      const result = await inner.request(url, params);
      const status = (result as UrllibResult | undefined)?.status;
      if (typeof status === 'number' && status >= 300) last = errorDocumentOf(result as UrllibResult);
      return result;
    },
  };
  return { last: () => last };
}

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&apos;': "'", '&quot;': '"' };

/** The text of one top-level element of an OSS <Error> document (they hold plain text, never markup). */
export function errorElement(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  const value = match?.[1]?.replace(/&(?:lt|gt|amp|apos|quot);/g, (e) => ENTITIES[e] ?? e).trim();
  return value ? value : undefined;
}

/** The region of the first OSS endpoint in a text: `oss-cn-hangzhou.aliyuncs.com`, its -internal form, with a bucket or a scheme in front → `cn-hangzhou`. */
export function regionOfEndpoint(endpoint: string): string | undefined {
  return /(?:^|[^a-z0-9-])oss-(?!accelerate)([a-z]{2,}-[a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com/i
    .exec(endpoint)?.[1]
    ?.toLowerCase();
}
