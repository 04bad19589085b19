// The table the failure classifier reads: which text points at which cause, and how strongly. Pure.
//
// How a decision is made (see classify-failure.ts): every line is tested against the patterns whose keys it contains
// (one literal scan per line, so 10,000 lines of progress output cost a few milliseconds); each cause scores the
// highest weight among its matches; the highest score wins and equal scores fall back to CAUSE_PRIORITY. Weights are
// what keep symptoms from outvoting causes: a Python traceback (60) accompanies almost every failure, so anything that
// names a cause (OSS 403, OOM, NCCL…) weighs more; "exit code 137" (50) is only a hint of OOM, since a spot reclaim or
// a stop also SIGKILLs; a FailedScheduling event (40) is usually transient and loses to whatever happened later.

export type FailureCause =
  | 'oss_permission'
  | 'out_of_memory'
  | 'nccl_network'
  | 'image_pull'
  | 'quota_or_stock'
  | 'spot_preemption'
  | 'user_code'
  | 'unknown';

export type KnownFailureCause = Exclude<FailureCause, 'unknown'>;

/**
 * Tie-break between causes with the same score, first wins. OSS permission first (the issue this exists for); spot
 * before NCCL because a reclaimed worker makes the surviving ranks hit NCCL watchdog timeouts; user code last because a
 * traceback is the symptom of most other causes.
 */
export const CAUSE_PRIORITY: readonly KnownFailureCause[] = [
  'oss_permission',
  'out_of_memory',
  'spot_preemption',
  'nccl_network',
  'image_pull',
  'quota_or_stock',
  'user_code',
];

export interface FailurePattern {
  cause: KnownFailureCause;
  /** 100 names the cause outright; lower values are hints (see the header). */
  weight: number;
  /**
   * Lower-case substrings, one of which every line `re` matches contains. Cheap `includes` checks on the lower-cased
   * line decide which regexes run at all: most log lines are progress output and contain none.
   */
  keys: readonly string[];
  re: RegExp;
  /** Must also match the line (a context, e.g. "OSS" for InvalidAccessKeyId). */
  with?: RegExp;
  /** The line does not count for this pattern when this matches (it belongs to another cause's context). */
  unless?: RegExp;
}

// Contexts -----------------------------------------------------------------------------------------------------------

/** The line is about OSS: a URI, an OSS endpoint, the oss2 SDK, ossfs, or the word OSS. */
const OSS_CONTEXT = /oss:\/\/|\.oss-[a-z0-9-]+\.aliyuncs\.com|\boss2\b|\bossfs\b|\boss\b|\bbucket\b/i;
/** Denials that only an image pull produces, so a registry 403 is not taken for OSS. */
const IMAGE_PULL_CONTEXT =
  /pull(?:ing)? image|ErrImagePull|ImagePullBackOff|pull access denied|manifest unknown|docker registry/i;
/** Contexts where a bare 403/Forbidden/AccessDenied is not OSS: image pulls, k8s quotas, other web services. */
const NOT_OSS_CONTEXT = /\bpull|\bimage\b|registry|manifest|docker|exceeded quota|huggingface|hf\.co|wandb|github/i;
/** A 403 written as an HTTP status, not "step 403/1000". */
const HTTP_403 =
  /\b403\s+Forbidden\b|\bHTTP\/?[\d.]*\s+403\b|\b(?:status|status_?code|code|error ?code|response code|http)['"]?\s*[:=]?\s*['"]?403\b|\(403\)|\b403 AccessDenied\b/i;
const DENIAL_KEYS = ['403', 'access denied', 'accessdenied', 'forbidden', 'nosuchbucket'];
const DENIAL = new RegExp(`${HTTP_403.source}|\\bAccess ?Denied\\b|\\bForbidden\\b|\\bNoSuchBucket\\b`, 'i');

const SPOT_CONTEXT = /\bspot\b/i;

// The table -----------------------------------------------------------------------------------------------------------

export const FAILURE_PATTERNS: readonly FailurePattern[] = [
  // OSS permission. Strong: OSS's own error codes and messages, or a denial on a line about OSS.
  {
    cause: 'oss_permission',
    weight: 100,
    keys: ['oss2.exceptions'],
    re: /\boss2\.exceptions\.(?:AccessDenied|NoSuchBucket|InvalidAccessKeyId|SignatureDoesNotMatch)\b/,
  },
  { cause: 'oss_permission', weight: 100, keys: ['accessdenied'], re: /\bErrorCode\s*[:=]\s*["']?AccessDenied\b/i },
  {
    cause: 'oss_permission',
    weight: 100,
    keys: ['no right to access'],
    re: /You have no right to access this object/i,
  },
  {
    cause: 'oss_permission',
    weight: 100,
    keys: ['nosuchbucket', 'bucket does not exist'],
    re: /\bNoSuchBucket\b|The specified bucket does not exist/i,
  },
  {
    cause: 'oss_permission',
    weight: 100,
    keys: ['accessdenied'],
    re: /['"]code['"]\s*:\s*['"]AccessDenied['"]|<Code>AccessDenied<\/Code>/i,
  },
  {
    cause: 'oss_permission',
    weight: 100,
    keys: ['invalidaccesskeyid'],
    re: /\bInvalidAccessKeyId\b/,
    with: OSS_CONTEXT,
  },
  {
    cause: 'oss_permission',
    weight: 100,
    keys: DENIAL_KEYS,
    re: DENIAL,
    with: OSS_CONTEXT,
    unless: IMAGE_PULL_CONTEXT,
  },
  // Weak: a bare denial with no other owner. Still outranks a traceback, which it usually comes with.
  { cause: 'oss_permission', weight: 80, keys: DENIAL_KEYS, re: DENIAL, unless: NOT_OSS_CONTEXT },

  // Out of memory.
  { cause: 'out_of_memory', weight: 100, keys: ['oomkill'], re: /\bOOMKill(?:ed|ing)\b/ },
  {
    cause: 'out_of_memory',
    weight: 100,
    keys: ['out of memory', 'outofmemoryerror'],
    re: /CUDA out of memory|CUDA error: out of memory|\bOutOfMemoryError\b/i,
  },
  {
    cause: 'out_of_memory',
    weight: 100,
    keys: ['out of memory'],
    re: /Killed process \d+.{0,200}out of memory|Out of memory: Kill(?:ed)? process|Memory cgroup out of memory/i,
  },
  { cause: 'out_of_memory', weight: 100, keys: ['memoryerror', 'bad_alloc'], re: /\bMemoryError\b|std::bad_alloc/ },
  {
    cause: 'out_of_memory',
    weight: 50,
    keys: ['137', 'sigkill'],
    re: /\bexit\s*(?:ed\s+with\s+)?(?:code|status)\s*[:=]?\s*\(?137\b|\bExitCode\s*[:=]?\s*137\b|\bcode 137\b|Signal 9 \(SIGKILL\)/i,
  },

  // Spot preemption.
  {
    cause: 'spot_preemption',
    weight: 100,
    keys: ['spotinstancereclaimed', 'spotinterruption'],
    re: /\bSpotInstanceReclaimed\b|\bSpotInterruption\b/i,
  },
  {
    cause: 'spot_preemption',
    weight: 100,
    keys: ['spot'],
    re: /\b(?:released|reclaimed|recycled|interrupt(?:ed|ion))\b/i,
    with: SPOT_CONTEXT,
  },
  { cause: 'spot_preemption', weight: 100, keys: ['spot'], re: /\bEvicted\b/, with: SPOT_CONTEXT },
  { cause: 'spot_preemption', weight: 70, keys: ['preempt'], re: /\bpreempt(?:ed|ion)\b/i },

  // NCCL / network between workers.
  {
    cause: 'nccl_network',
    weight: 100,
    keys: ['nccl'],
    re: /\bNCCL WARN\b|\bNCCL error\b|\bnccl(?:System|Internal|Remote|InvalidUsage)Error\b/i,
  },
  { cause: 'nccl_network', weight: 100, keys: ['unhandled system error'], re: /\bunhandled system error\b/i },
  {
    cause: 'nccl_network',
    weight: 100,
    keys: ['watchdog caught'],
    re: /Watchdog caught collective operation timeout/i,
  },
  {
    cause: 'nccl_network',
    weight: 100,
    keys: ['rendezvoustimeouterror', 'distnetworkerror'],
    re: /\bRendezvousTimeoutError\b|\bDistNetworkError\b/,
  },
  {
    cause: 'nccl_network',
    weight: 70,
    keys: ['connection timed out', 'socket timeout'],
    re: /\bConnection timed out\b|\bSocket Timeout\b/i,
  },

  // Image pull.
  {
    cause: 'image_pull',
    weight: 100,
    keys: ['errimagepull', 'imagepullbackoff', 'errimageneverpull', 'invalidimagename'],
    re: /\bErrImagePull\b|\bImagePullBackOff\b|\bErrImageNeverPull\b|\bInvalidImageName\b/,
  },
  {
    cause: 'image_pull',
    weight: 100,
    keys: ['pull access denied', 'manifest unknown', 'failed to pull image', 'back-off pulling image'],
    re: /pull access denied|manifest unknown|failed to pull image|Back-off pulling image/i,
  },

  // Quota or stock. A FailedScheduling message alone is weak: the job often gets scheduled later.
  {
    cause: 'quota_or_stock',
    weight: 100,
    keys: ['insufficientquota', 'quotaexceeded', 'quota exceeded', 'exceeded quota'],
    re: /\bInsufficientQuota\b|\bQuotaExceeded\b|quota exceeded|exceeded quota/i,
  },
  {
    cause: 'quota_or_stock',
    weight: 100,
    keys: ['resourcenotenough', 'nostock', 'outofstock', 'out of stock'],
    re: /\bResourceNotEnough\b|\bNoStock\b|\bOutOfStock\b|out of stock/i,
  },
  {
    cause: 'quota_or_stock',
    weight: 40,
    keys: ['insufficient nvidia.com/gpu', 'nodes are available'],
    re: /Insufficient nvidia\.com\/gpu|\b0\/\d+ nodes are available\b/i,
  },

  // User code.
  {
    cause: 'user_code',
    weight: 65,
    keys: ['modulenotfounderror', 'importerror', 'syntaxerror', 'indentationerror', 'filenotfounderror', 'nameerror'],
    re: /\b(?:ModuleNotFoundError|ImportError|SyntaxError|IndentationError|FileNotFoundError|NameError)\b/,
  },
  {
    cause: 'user_code',
    weight: 60,
    keys: ['traceback (most recent call last)'],
    re: /Traceback \(most recent call last\)/,
  },
  // The last line of a Python traceback, e.g. "RuntimeError: …" or "torch.distributed…ChildFailedError:".
  {
    cause: 'user_code',
    weight: 60,
    keys: ['error:', 'exception:'],
    re: /(?:^|[\s\]])(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception):(?:\s|$)/,
  },
  {
    cause: 'user_code',
    weight: 30,
    keys: ['exit'],
    re: /\bexit\s*(?:ed\s+with\s+)?(?:code|status)\s*[:=]?\s*\(?-?(?!0\b|137\b)\d+|\bExitCode\s*[:=]?\s*(?!0\b|137\b)\d+/i,
  },
  {
    cause: 'user_code',
    weight: 30,
    keys: ['crashloopbackoff', 'back-off restarting'],
    re: /\bCrashLoopBackOff\b|Back-off restarting failed container/,
  },
];

const escapeRegExp = (k: string) => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Every key, longest first, so that where two keys start at the same place the longer one is reported. */
const ALL_KEYS = [...new Set(FAILURE_PATTERNS.flatMap((p) => p.keys))].sort((a, b) => b.length - a.length);
/** Finds keys in a lower-cased line; restarted one character after each hit so that overlapping keys are found too. */
const KEY_SCAN = new RegExp(ALL_KEYS.map(escapeRegExp).join('|'), 'g');
/** A key found in a line stands for every key it contains (a shorter key starting at the same place is not reported). */
const PATTERNS_BY_KEY: ReadonlyMap<string, readonly number[]> = new Map(
  ALL_KEYS.map((found) => [
    found,
    FAILURE_PATTERNS.flatMap((p, i) => (p.keys.some((k) => found.includes(k)) ? [i] : [])),
  ]),
);

/**
 * Which patterns could match this lower-cased line (indices into FAILURE_PATTERNS), from a single scan for
 * their keys; undefined when none could. Most log lines are progress output and stop here.
 */
export function candidatePatterns(lower: string): Set<number> | undefined {
  let candidates: Set<number> | undefined;
  KEY_SCAN.lastIndex = 0;
  for (let m = KEY_SCAN.exec(lower); m !== null; m = KEY_SCAN.exec(lower)) {
    for (const i of PATTERNS_BY_KEY.get(m[0]) ?? []) (candidates ??= new Set()).add(i);
    KEY_SCAN.lastIndex = m.index + 1;
  }
  return candidates;
}
