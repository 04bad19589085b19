// Plain-text explanations of an OSS access check (and of OSS 403s seen in DLC/EAS failures): what OSS said, the most
// likely root cause and the specific fix. Pure; the caller escapes the text for Slack.

import { regionOfEndpoint } from './oss-error-body.js';
import type { OssCheckFailed, OssCheckResult } from './oss-types.js';

export interface OssExplanation {
  title: string;
  lines: string[];
}

export const TROUBLESHOOT_URL = 'https://api.aliyun.com/troubleshoot?q=';
/** DLC's documented default role for reaching the user's resources (PAI's DLC documentation). */
export const DLC_DEFAULT_ROLE = 'AliyunPAIDLCDefaultRole';

function clip(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function ossUri(bucket: string, prefix: string): string {
  return `oss://${bucket}/${prefix}`;
}

export function troubleshootLink(ec: string): string {
  return `${TROUBLESHOOT_URL}${encodeURIComponent(ec)}`;
}

/** The RAM statements PAI (or the bot) needs to read `prefix` in `bucket`. */
export function readPermissionLines(bucket: string, prefix: string): string[] {
  return [
    `Needed to read it: oss:ListObjects on acs:oss:*:*:${bucket} (condition oss:Prefix = "${prefix}*"), ` +
      `and oss:GetObject on acs:oss:*:*:${bucket}/${prefix}*.`,
  ];
}

function serviceRoleLines(bucket: string): string[] {
  return [
    `PAI's compute (DLC jobs, EAS services) does not use the bot's credentials: it reads OSS through its own service role ` +
      `(for DLC the default is ${DLC_DEFAULT_ROLE}; a job or service may name a custom RAM role instead). ` +
      `That role must be allowed on bucket ${bucket}, in its RAM policy and in the bucket policy if one exists.`,
    `The bot's own credentials being able to read it would not prove that PAI's role can.`,
  ];
}

function evidenceLine(r: OssCheckFailed): string {
  const parts = [
    r.code ?? 'no error code',
    r.status === undefined ? undefined : `HTTP ${r.status}`,
    r.requestId === undefined ? undefined : `request id ${r.requestId}`,
    r.ec === undefined ? undefined : `EC ${r.ec}`,
  ].filter((p): p is string => p !== undefined);
  return `OSS answered: ${parts.join(', ')}${r.detail ? ` — ${r.detail}` : ''}`;
}

function linkLines(r: OssCheckFailed): string[] {
  return r.ec ? [`Troubleshooting for this EC: ${troubleshootLink(r.ec)}`] : [];
}

function explainFailure(r: OssCheckFailed, ctx: { region: string }): OssExplanation {
  const uri = ossUri(r.bucket, r.prefix);
  const evidence = evidenceLine(r);
  switch (r.kind) {
    case 'access_denied':
      return {
        title: `The bot may not list ${uri} (access denied)`,
        lines: [
          evidence,
          `Missing permission: oss:ListObjects on acs:oss:*:*:${r.bucket} for prefix "${r.prefix}*" ` +
            `(grant it to the bot's RAM identity, and check the bucket policy does not deny it).`,
          ...serviceRoleLines(r.bucket),
          ...linkLines(r),
        ],
      };
    case 'no_such_bucket':
      return {
        title: `Bucket ${r.bucket} does not exist`,
        lines: [
          evidence,
          `Check the bucket name (lower-case letters, digits and hyphens, 3–63 characters) and that it lives in region ${ctx.region}, ` +
            `the region the bot and the workspace use.`,
          ...linkLines(r),
        ],
      };
    case 'wrong_region':
      return {
        title: `Bucket ${r.bucket} is in another region${r.bucketRegion ? ` (${r.bucketRegion})` : ''}`,
        lines: [
          evidence,
          r.bucketRegion
            ? `The bucket lives in ${r.bucketRegion}, not in ${ctx.region} (the workspace's region): ` +
              `OSS says to address it through ${r.bucketEndpoint ?? `oss-${r.bucketRegion}.aliyuncs.com`}.`
            : `The bucket lives in a region other than ${ctx.region} (the workspace's region); OSS did not say which ` +
              `(the bucket's overview in the OSS console shows it).`,
          `PAI jobs and services in ${ctx.region} read OSS through the ${ctx.region} endpoints: use a bucket in ${ctx.region} ` +
            `(or copy the data there), or run the job in a workspace in ${r.bucketRegion ?? "the bucket's region"}. ` +
            `Granting permissions will not help.`,
          ...linkLines(r),
        ],
      };
    case 'bad_key':
      return {
        title: `OSS does not know the bot's AccessKey ID`,
        lines: [
          evidence,
          `InvalidAccessKeyId: the AccessKey the bot uses does not exist or is disabled. ` +
            `Fix the bot's credentials (ALIBABA_CLOUD_ACCESS_KEY_ID or the credential source) and restart it.`,
          ...linkLines(r),
        ],
      };
    case 'bad_signature':
      return {
        title: `OSS rejected the bot's signature`,
        lines: [
          evidence,
          `SignatureDoesNotMatch: the AccessKey ID is known but the secret the bot signs with is wrong ` +
            `(or has stray spaces). Fix the bot's AccessKey secret and restart it.`,
          ...linkLines(r),
        ],
      };
    case 'clock_skew':
      return {
        title: `The bot's clock is off`,
        lines: [
          evidence,
          `RequestTimeTooSkewed: the bot host's clock differs from OSS's by more than 15 minutes. ` +
            `Sync the host's time with NTP (chrony/systemd-timesyncd), then retry.`,
          ...linkLines(r),
        ],
      };
    case 'token_expired':
      return {
        title: `The bot's own STS credentials have expired`,
        lines: [
          evidence,
          r.code === 'InvalidAccessKeyId'
            ? `OSS no longer knows the temporary (STS) AccessKey ID the bot signed with: that is how OSS answers once ` +
              `STS credentials have expired (or, less often, when the ID, secret and token do not come from one STS answer).`
            : `The STS security token the bot presents has expired or does not match its AccessKey.`,
          `This is about the bot's own credentials, not a missing permission: no RAM policy or bucket policy change will ` +
            `fix it, and it says nothing about PAI's service role.`,
          r.tokenSource === 'fixed'
            ? `The token comes from ALIBABA_CLOUD_SECURITY_TOKEN, which the bot cannot refresh: put a fresh token with its ` +
              `AccessKey ID and secret in ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET and ` +
              `ALIBABA_CLOUD_SECURITY_TOKEN and restart the bot, or unset all three so the credential chain ` +
              `(RAM role, ECS RAM role, OIDC) fetches the token and refreshes it before it expires.`
            : `Refresh the credential source (role, OIDC token file or credentials URI) or restart the bot so it fetches a new token.`,
          ...linkLines(r),
        ],
      };
    case 'timeout':
      return {
        title: `OSS did not answer in time`,
        lines: [
          `No answer for ${uri}: ${r.detail}`,
          `Check the bot's network path to the OSS endpoint for ${ctx.region} (proxy, VPC, security group), then retry.`,
        ],
      };
    case 'network':
      return {
        title: `The bot could not reach OSS`,
        lines: [
          `Network error for ${uri}: ${r.code ? `${r.code} — ` : ''}${r.detail}`,
          `Check the OSS endpoint setting (OSS_ENDPOINT) and DNS/network access from the bot to the OSS endpoint for ${ctx.region}.`,
        ],
      };
    case 'unknown':
      return {
        title: `The OSS check of ${uri} failed`,
        lines: [evidence, ...linkLines(r)],
      };
  }
}

export function explainOssCheck(result: OssCheckResult, ctx: { region: string }): OssExplanation {
  if (!result.ok) return explainFailure(result, ctx);
  const uri = ossUri(result.bucket, result.prefix);
  const listed =
    result.keyCount === 0
      ? `listed 0 keys (the listing is allowed, but nothing is stored under this prefix — check the path)`
      : `listed ${result.keyCount} key${result.keyCount === 1 ? '' : 's'}${result.sampleKey ? ` (sample: ${result.sampleKey})` : ''}`;
  return {
    title: `${uri} is readable by the bot`,
    lines: [
      `${uri} is readable by the bot: ${listed}.`,
      `Caution: this proves only the bot's own credentials. PAI's compute (DLC jobs, EAS services) reads OSS through its ` +
        `own service role (for DLC, ${DLC_DEFAULT_ROLE} by default), which needs its own permission on bucket ${result.bucket}.`,
    ],
  };
}

/** Codes and messages of OSS refusing the credentials themselves, before any permission is looked at. */
const CREDENTIALS_REFUSED =
  /\b(InvalidAccessKeyId|SecurityTokenExpired|InvalidSecurityToken|AccessKeyIdAndSecurityTokenNotMatch)\b|security token you provided has expired/i;
const WRONG_ENDPOINT = /must be addressed using the specified endpoint/i;
/** The Endpoint of OSS's error as SDKs log it: <Endpoint>x</Endpoint>, oss2's 'Endpoint': 'x', Endpoint=x. */
const ENDPOINT_IN_LOG = /\bEndpoint(?:>|['"]?\s*[:=]\s*['"]?)\s*((?:[a-z0-9-]+\.)*oss-[a-z0-9-]+\.aliyuncs\.com)/i;

function credentialsRefused(uri: string, evidence: string, code: string): OssExplanation {
  return {
    title: `OSS refused the credentials PAI's compute used for ${uri}`,
    lines: [
      `Evidence: ${clip(evidence)}`,
      `OSS answered ${code}: it refused the credentials themselves, before looking at any permission. With STS ` +
        `credentials (a RAM role's) this almost always means the temporary token expired: OSS answers InvalidAccessKeyId ` +
        `or SecurityTokenExpired then. With a long-term AccessKey it means the key is wrong, disabled or deleted.`,
      `Granting permissions will not help. If the code reads OSS with a token it fetched once at start, make it ` +
        `refresh the token before it expires (use a credentials provider that refreshes instead of copying the token), ` +
        `or fix the AccessKey it was given; then resubmit.`,
      `If an EC value appears in the error, look it up at ${TROUBLESHOOT_URL}<EC>.`,
    ],
  };
}

function wrongEndpoint(uri: string, evidence: string): OssExplanation {
  const endpoint = ENDPOINT_IN_LOG.exec(evidence)?.[1];
  const region = endpoint === undefined ? undefined : regionOfEndpoint(endpoint);
  return {
    title: `PAI read ${uri} through the wrong region's endpoint`,
    lines: [
      `Evidence: ${clip(evidence)}`,
      endpoint
        ? `OSS answered 403 because the bucket must be addressed through ${endpoint}${region ? ` (region ${region})` : ''}, ` +
          `not through the endpoint the job used.`
        : `OSS answered 403 because the bucket lives in another region than the endpoint the job used; the error's ` +
          `Endpoint element (or the bucket's overview in the OSS console) names the right one.`,
      `Read the bucket through its own region's endpoint, copy the data to a bucket in the job's region, or run the job ` +
        `in ${region ?? "the bucket's region"}. Granting permissions will not help.`,
    ],
  };
}

/**
 * For a DLC job or EAS service that failed with an OSS 403: the same fix, without probe specifics. Evidence that shows
 * OSS refusing the credentials, or pointing at another region's endpoint, gets that explanation instead: neither is
 * fixed by a permission.
 */
export function explainOssDenied(bucket: string, prefix: string, evidence?: string): OssExplanation {
  const uri = ossUri(bucket, prefix);
  const refused = evidence === undefined ? undefined : CREDENTIALS_REFUSED.exec(evidence);
  if (evidence !== undefined && refused) return credentialsRefused(uri, evidence, refused[1] ?? 'SecurityTokenExpired');
  if (evidence !== undefined && WRONG_ENDPOINT.test(evidence)) return wrongEndpoint(uri, evidence);
  return {
    title: `PAI was denied access to ${uri}`,
    lines: [
      ...(evidence ? [`Evidence: ${clip(evidence)}`] : []),
      `OSS answered 403 (access denied) when PAI's compute read ${uri}.`,
      ...readPermissionLines(bucket, prefix),
      ...serviceRoleLines(bucket),
      `If an EC value appears in the error, look it up at ${TROUBLESHOOT_URL}<EC>.`,
    ],
  };
}
