// Why did a DLC job or an EAS service fail? A pure classifier over what PAI shows about it: the job's ReasonCode and
// ReasonMessage, events and pod logs, or the service's Reason/Message, events, instances and diagnosis
// (docs/pai-wire-notes.md). No documented ReasonCode means "OSS permission denied", so every text is scanned. The
// pattern table and how it decides are in patterns.ts.

import { findBucket } from './bucket.js';
import {
  CAUSE_PRIORITY,
  FAILURE_PATTERNS,
  candidatePatterns,
  type FailureCause,
  type KnownFailureCause,
} from './patterns.js';

export type { FailureCause, KnownFailureCause } from './patterns.js';

export interface FailureEvidence {
  source: 'reason' | 'event' | 'log' | 'diagnosis' | 'instance';
  line: string;
}

export interface Classification {
  cause: FailureCause;
  /** e.g. 'OSS permission denied'. */
  title: string;
  /** At most MAX_EVIDENCE lines that decided it, each at most MAX_EVIDENCE_CHARS. */
  evidence: FailureEvidence[];
  /** Plain text, concrete. */
  nextStep: string;
  /** For oss_permission, when a bucket name can be found. */
  bucket?: string;
}

export interface JobFailureInput {
  reasonCode?: string;
  reasonMessage?: string;
  /** GetJobEvents / GetPodEvents lines; Normal events are skipped. */
  events: readonly string[];
  /** Pod log lines, oldest first (several pods may be concatenated). */
  logs: readonly string[];
  /** Only used to fill commands into nextStep. */
  jobId?: string;
}

export interface ServiceFailureInput {
  /** The service's Reason and Message (DescribeService). */
  reason?: string;
  message?: string;
  /** DescribeServiceEvent; Normal events are skipped. */
  events: readonly { Type: string; Reason: string; Message: string }[];
  instances: readonly { InstanceName?: string; Status: string; Reason?: string; RestartCount?: number }[];
  diagnosis: readonly { Error: string; Causes: string[]; Advices: string[] }[];
  /** Only used to fill commands into nextStep. */
  serviceName?: string;
}

export const MAX_EVIDENCE = 5;
export const MAX_EVIDENCE_CHARS = 300;
/** Patterns look at most this much of a line (a multi-megabyte JSON line must not stall a poll). */
const MAX_SCAN_CHARS = 4096;

type Source = FailureEvidence['source'];
type Kind = 'job' | 'service';

/** Evidence order when weights are equal: what PAI itself says first. */
const SOURCE_RANK: Readonly<Record<Source, number>> = { reason: 0, diagnosis: 1, instance: 2, event: 3, log: 4 };

interface Line {
  source: Source;
  text: string;
  /** Position within its source, oldest first. */
  index: number;
}

interface Hit {
  line: Line;
  weight: number;
  /** Where the deciding match starts, to keep it visible when the line is shortened. */
  at: number;
}

// Scanning
// -------------------------------------------------------------------------------------------------------------

/** Best hit per cause for one line. */
function matchLine(text: string): Map<KnownFailureCause, { weight: number; at: number }> | undefined {
  const sample = text.length > MAX_SCAN_CHARS ? text.slice(0, MAX_SCAN_CHARS) : text;
  const candidates = candidatePatterns(sample.toLowerCase());
  if (!candidates) return undefined;
  let found: Map<KnownFailureCause, { weight: number; at: number }> | undefined;
  for (const [i, p] of FAILURE_PATTERNS.entries()) {
    if (!candidates.has(i)) continue;
    const best = found?.get(p.cause);
    if (best !== undefined && best.weight >= p.weight) continue;
    const m = p.re.exec(sample);
    if (!m) continue;
    if (p.with && !p.with.test(sample)) continue;
    if (p.unless?.test(sample)) continue;
    found ??= new Map();
    found.set(p.cause, { weight: p.weight, at: m.index });
  }
  return found;
}

function scan(lines: Iterable<Line>): Map<KnownFailureCause, Hit[]> {
  const hits = new Map<KnownFailureCause, Hit[]>();
  for (const line of lines) {
    const found = matchLine(line.text);
    if (!found) continue;
    for (const [cause, { weight, at }] of found) {
      let list = hits.get(cause);
      if (!list) hits.set(cause, (list = []));
      list.push({ line, weight, at });
    }
  }
  return hits;
}

function decide(hits: Map<KnownFailureCause, Hit[]>): KnownFailureCause | undefined {
  let winner: KnownFailureCause | undefined;
  let best = -1;
  for (const cause of CAUSE_PRIORITY) {
    const list = hits.get(cause);
    if (!list) continue;
    const score = list.reduce((m, h) => Math.max(m, h.weight), 0);
    if (score > best) {
      best = score;
      winner = cause;
    }
  }
  return winner;
}

// Evidence
// -------------------------------------------------------------------------------------------------------------

/** Trimmed to MAX_EVIDENCE_CHARS, keeping the match in view (cut sides marked with …). */
export function shorten(text: string, at = 0, max = MAX_EVIDENCE_CHARS): string {
  const leading = text.length - text.trimStart().length;
  const line = text.trim();
  if (line.length <= max) return line;
  const match = Math.max(0, at - leading);
  let start = match > max / 3 ? match - Math.floor(max / 6) : 0;
  start = Math.min(start, line.length - (max - 1));
  if (start > 0) {
    // Start at a word when one begins shortly after the cut (and before the match).
    const space = line.slice(start, Math.min(match, start + 30)).search(/\s\S/);
    if (space >= 0) start += space + 1;
  }
  const cutLeft = start > 0;
  const room = max - (cutLeft ? 1 : 0);
  const cutRight = start + room < line.length;
  const body = line.slice(start, start + room - (cutRight ? 1 : 0));
  return `${cutLeft ? '…' : ''}${body}${cutRight ? '…' : ''}`;
}

/**
 * The strongest hits first; among equals, PAI's own words before events before logs, and the newest lines (the end
 * of a traceback) before older ones; duplicates (the same error from every pod) once. Returns the evidence in reading
 * order (by source, oldest first) and the chosen hits strongest first.
 */
function pickEvidence(hits: readonly Hit[]): { evidence: FailureEvidence[]; chosen: Hit[] } {
  const ranked = [...hits].sort(
    (a, b) =>
      b.weight - a.weight || SOURCE_RANK[a.line.source] - SOURCE_RANK[b.line.source] || b.line.index - a.line.index,
  );
  const chosen: Hit[] = [];
  const seen = new Set<string>();
  for (const hit of ranked) {
    if (chosen.length >= MAX_EVIDENCE) break;
    const line = shorten(hit.line.text, hit.at);
    if (line === '' || seen.has(line)) continue;
    seen.add(line);
    chosen.push(hit);
  }
  const reading = [...chosen].sort(
    (a, b) => SOURCE_RANK[a.line.source] - SOURCE_RANK[b.line.source] || a.line.index - b.line.index,
  );
  return { evidence: reading.map((h) => ({ source: h.line.source, line: shorten(h.line.text, h.at) })), chosen };
}

/** The deciding lines first (strongest, newest), then everything else, logs newest first. */
function* bucketCandidates(chosen: readonly Hit[], all: readonly Hit[], lines: readonly Line[]): Iterable<string> {
  for (const h of chosen) yield h.line.text;
  for (const h of [...all].sort((a, b) => b.weight - a.weight || b.line.index - a.line.index)) yield h.line.text;
  for (const l of lines) if (l.source !== 'log') yield l.text;
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i];
    if (l?.source === 'log') yield l.text;
  }
}

// Texts
// ----------------------------------------------------------------------------------------------------------------

const TITLES: Readonly<Record<Kind, Record<FailureCause, string>>> = {
  job: {
    oss_permission: 'OSS permission denied',
    out_of_memory: 'Out of memory',
    nccl_network: 'NCCL or network failure between workers',
    image_pull: 'Image pull failed',
    quota_or_stock: 'Not enough quota or instance stock',
    spot_preemption: 'Spot instance reclaimed',
    user_code: 'Error in the training code',
    unknown: 'Cause not recognised',
  },
  service: {
    oss_permission: 'OSS permission denied',
    out_of_memory: 'Out of memory',
    nccl_network: 'NCCL or network failure',
    image_pull: 'Image pull failed',
    quota_or_stock: 'Not enough quota or instance stock',
    spot_preemption: 'Spot instance reclaimed',
    user_code: 'The service process crashed',
    unknown: 'Cause not recognised',
  },
};

function ossGrant(kind: Kind, bucket: string | undefined): string {
  const role =
    kind === 'job'
      ? "PAI's service role (the role DLC uses to read OSS, e.g. AliyunPAIDLCDefaultRole)"
      : "PAI's service role (the role EAS uses to mount OSS)";
  const on =
    bucket === undefined
      ? `on the bucket of the ${kind === 'job' ? 'data source (--data)' : 'model path (--model)'}`
      : `on bucket ${bucket}`;
  const path = bucket === undefined ? 'oss://<bucket>/<prefix>' : `oss://${bucket}/…`;
  const write = kind === 'job' ? ' (and oss:PutObject where the job writes output)' : '';
  return `Grant ${role} oss:ListObjects and oss:GetObject${write} ${on}; /pai oss check ${path} checks the bot's own access, which does not prove PAI's role can read.`;
}

function nextStep(
  kind: Kind,
  cause: FailureCause,
  ctx: { bucket?: string; missingBucket?: boolean; jobId?: string; serviceName?: string },
): string {
  const job = ctx.jobId ?? '<job-id>';
  const service = ctx.serviceName ?? '<service>';
  switch (cause) {
    case 'oss_permission': {
      const grant = ossGrant(kind, ctx.bucket);
      if (!ctx.missingBucket) return grant;
      const where = ctx.bucket === undefined ? 'the bucket' : `bucket ${ctx.bucket}`;
      return `Check that ${where} exists and is in the ${kind === 'job' ? "job's" : "service's"} region (through an internal endpoint a bucket of another region looks missing); if it does, ${grant.charAt(0).toLowerCase()}${grant.slice(1)}`;
    }
    case 'out_of_memory':
      return kind === 'job'
        ? 'Reduce the batch size per GPU, choose an instance type with more GPU and host memory (--instance), or enable gradient checkpointing or mixed precision; then resubmit.'
        : 'Deploy on an instance type with more memory (--instance), or serve a smaller or quantized model or fewer worker processes; then redeploy.';
    case 'nccl_network':
      return 'Check that all workers are in the same VPC, vSwitch and security group (one that allows traffic between its members); resubmit with --env NCCL_DEBUG=INFO to see which link fails, and consider NCCL_SOCKET_IFNAME=eth0 or the RDMA settings (NCCL_IB_*) of the instance type.';
    case 'image_pull':
      return kind === 'job'
        ? "Check the image address (registry, namespace, repository and tag), that the registry is in the job's region (for ACR, the registry-vpc address of that region), and the registry credentials of a private repository; then resubmit."
        : "Check the image address (registry, namespace, repository and tag), that the registry is in the service's region (for ACR, the registry-vpc address of that region), and the registry credentials (dockerAuth) of a private repository; then redeploy.";
    case 'quota_or_stock':
      return kind === 'job'
        ? 'Choose another instance type (--instance) or a region or zone with stock, or free quota by stopping idle jobs in the resource group; then resubmit.'
        : 'Choose another instance type (--instance) or a region or zone with stock, or free quota by scaling down idle services in the resource group; then redeploy.';
    case 'spot_preemption':
      return kind === 'job'
        ? 'Resubmit without --spot, or keep --spot and save checkpoints regularly so that a resubmission resumes where the reclaimed run stopped.'
        : 'Redeploy on regular (non-spot) instances, or keep more replicas so a reclaimed spot instance does not take the service down.';
    case 'user_code':
      return kind === 'job'
        ? `Read the traceback in /pai dlc logs ${job} and fix the code, its dependencies (e.g. a missing pip package in the image) or its paths; then resubmit.`
        : `Read the logs of the crashed run (PAI console: EAS, service ${service}, Logs, previous run) and check the start command, the model path and the port; /pai eas events ${service} shows the events.`;
    case 'unknown':
      return kind === 'job'
        ? `No known failure pattern matched. Read the job events and the pod logs (/pai dlc logs ${job}) for the first error.`
        : `No known failure pattern matched. Read the service events (/pai eas events ${service}) and the service logs for the first error.`;
  }
}

const MISSING_BUCKET = /\bNoSuchBucket\b|bucket does not exist/i;
const DENIED = /Access ?Denied|Forbidden|\b403\b|no right to access|InvalidAccessKeyId/i;

/** OSS said the bucket does not exist, and nothing said access was denied: granting alone will not help. */
function isMissingBucket(hits: readonly Hit[]): boolean {
  return hits.some((h) => MISSING_BUCKET.test(h.line.text)) && !hits.some((h) => DENIED.test(h.line.text));
}

function classify(kind: Kind, lines: readonly Line[], ctx: { jobId?: string; serviceName?: string }): Classification {
  const hits = scan(lines);
  const cause = decide(hits);
  if (cause === undefined) {
    return { cause: 'unknown', title: TITLES[kind].unknown, evidence: [], nextStep: nextStep(kind, 'unknown', ctx) };
  }
  const all = hits.get(cause) ?? [];
  const { evidence, chosen } = pickEvidence(all);
  const bucket = cause === 'oss_permission' ? findBucket(bucketCandidates(chosen, all, lines)) : undefined;
  const missingBucket = cause === 'oss_permission' && isMissingBucket(all);
  return {
    cause,
    title: TITLES[kind][cause],
    evidence,
    nextStep: nextStep(kind, cause, { ...ctx, missingBucket, ...(bucket === undefined ? {} : { bucket }) }),
    ...(bucket === undefined ? {} : { bucket }),
  };
}

// Inputs
// ---------------------------------------------------------------------------------------------------------------

/** "2026-01-01T00:00:02Z Normal Scheduled …" or "Normal Scheduled …": informational, never a cause. */
const NORMAL_EVENT = /^\s*(?:\S+\s+)?Normal\s/;

function joined(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => p !== undefined && p.trim() !== '').join(': ');
}

export function classifyJobFailure(input: JobFailureInput): Classification {
  const lines: Line[] = [];
  const reason = joined(input.reasonCode, input.reasonMessage);
  if (reason !== '') lines.push({ source: 'reason', text: reason, index: 0 });
  input.events.forEach((text, index) => {
    if (!NORMAL_EVENT.test(text)) lines.push({ source: 'event', text, index });
  });
  input.logs.forEach((text, index) => {
    lines.push({ source: 'log', text, index });
  });
  return classify('job', lines, input.jobId === undefined ? {} : { jobId: input.jobId });
}

export function classifyServiceFailure(input: ServiceFailureInput): Classification {
  const lines: Line[] = [];
  const reason = joined(input.reason, input.message);
  if (reason !== '') lines.push({ source: 'reason', text: reason, index: 0 });
  input.diagnosis.forEach((d, index) => {
    lines.push({ source: 'diagnosis', text: joined(d.Error, d.Causes.join('; ')), index });
  });
  input.instances.forEach((i, index) => {
    if (!i.Reason || i.Reason.trim() === '') return;
    const restarts = i.RestartCount ? ` (restarted ${i.RestartCount} times)` : '';
    lines.push({
      source: 'instance',
      text: `${i.InstanceName ? `${i.InstanceName} ` : ''}${i.Status}: ${i.Reason}${restarts}`,
      index,
    });
  });
  input.events.forEach((e, index) => {
    if (e.Type !== 'Normal') lines.push({ source: 'event', text: `${e.Type} ${e.Reason}: ${e.Message}`, index });
  });
  return classify('service', lines, input.serviceName === undefined ? {} : { serviceName: input.serviceName });
}

// Rendering
// ------------------------------------------------------------------------------------------------------------

const SOURCE_LABEL: Readonly<Record<Source, string>> = {
  reason: 'reason',
  event: 'event',
  log: 'log',
  diagnosis: 'diagnosis',
  instance: 'instance',
};

/** Plain text (the caller escapes): a one-line summary, then the next step and the evidence, one per line. */
export function classificationText(c: Classification): { summary: string; lines: string[] } {
  const summary =
    c.cause === 'unknown'
      ? 'Failure cause not recognised'
      : `Likely cause: ${c.title}${c.bucket === undefined ? '' : ` (bucket ${c.bucket})`}`;
  return {
    summary,
    lines: [`Next step: ${c.nextStep}`, ...c.evidence.map((e) => `${SOURCE_LABEL[e.source]}: ${e.line}`)],
  };
}
