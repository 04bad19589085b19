// The one catalogue of the bot's coded errors: a stable code, whether the same request may succeed if tried again,
// and what the code means. Who raises a code is its family:
//   bot     the use cases, as BotError with the text the user reads (written where it is raised);
//   pai     the PAI client, which classifies every failed call: PaiError's kind is the code after PAI_, lower-case;
//   oss     the OSS client, which classifies a failed access check: OssCheckFailed's kind, the code after OSS_;
//   config  startup, as ConfigError: one line for the operator, exit code 2.
// Clients decide which code an answer means; to-user-text.ts is the one place that words an error for Slack.
// test/unit/error-catalogue.test.ts fails on a code nobody raises and on a raised code missing here.

export type ErrorFamily = 'bot' | 'pai' | 'oss' | 'config';

export interface ErrorEntry {
  readonly family: ErrorFamily;
  readonly retryable: boolean;
  readonly summary: string;
}

export const ERROR_CODES = {
  WORKSPACE_UNKNOWN: { family: 'bot', retryable: false, summary: 'the workspace is no longer in the config' },
  PROD_NEEDS_APPROVAL: {
    family: 'bot',
    retryable: false,
    summary: 'a prod change has no valid approval (the action changed, or its approvers no longer qualify)',
  },
  NOT_AN_OPERATOR: { family: 'bot', retryable: false, summary: 'the user is not among the workspace operators' },
  JOB_NOT_FOUND: { family: 'bot', retryable: false, summary: 'no DLC job (or pod) with that id in the workspaces' },
  JOB_ALREADY_FINISHED: { family: 'bot', retryable: false, summary: 'the job has already ended' },
  SERVICE_NOT_FOUND: {
    family: 'bot',
    retryable: false,
    summary: 'PAI has no EAS service with that name, or it is outside the configured workspaces',
  },
  SERVICE_EXISTS: { family: 'bot', retryable: false, summary: 'an EAS service with that name already exists' },
  SERVICE_STATE: { family: 'bot', retryable: false, summary: 'the service is not in a state that allows the change' },
  NOTEBOOK_NOT_FOUND: { family: 'bot', retryable: false, summary: 'PAI has no DSW notebook with that instance id' },
  NOTEBOOK_OTHER_WORKSPACE: {
    family: 'bot',
    retryable: false,
    summary: "the DSW notebook is not in the command's workspace",
  },
  NOTEBOOK_STATE: { family: 'bot', retryable: false, summary: 'the notebook is not in a state that allows the change' },
  IDLE_POLICY_NOT_REPLACED: {
    family: 'bot',
    retryable: false,
    summary:
      "PAI refused a notebook's new idle-stop policy after its previous one was deleted (put back, or said lost)",
  },
  OSS_PREFLIGHT: {
    family: 'bot',
    retryable: false,
    summary: 'a --data bucket failed the OSS access check before submitting',
  },
  CHANGE_OUTCOME_UNKNOWN: {
    family: 'bot',
    retryable: false,
    summary: 'an approved change was sent to PAI but its answer was lost; it is not sent again',
  },
  TARGET_CHANGED: {
    family: 'bot',
    retryable: false,
    summary: 'the job or service an approval was for is no longer the one found',
  },
  NAME_RESERVED: {
    family: 'bot',
    retryable: false,
    summary: 'an EAS service name is held by a prod deploy that awaits approval',
  },
  TOO_MANY_PENDING: {
    family: 'bot',
    retryable: false,
    summary: 'a fair-use limit on pending approval requests or queued changes',
  },
  MODEL_NOT_FOUND: {
    family: 'bot',
    retryable: false,
    summary: 'the Model Gallery (QuickStart) has no such model, or no longer the version asked for',
  },
  MODEL_NOT_DEPLOYABLE: {
    family: 'bot',
    retryable: false,
    summary: 'a gallery model has no version, or its version has no EAS deployment spec (InferenceSpec)',
  },
  INTERNAL: { family: 'bot', retryable: false, summary: 'an error the bot did not expect' },

  PAI_THROTTLED: { family: 'pai', retryable: true, summary: 'PAI throttled the call (HTTP 429, Throttling.*)' },
  PAI_UNAVAILABLE: { family: 'pai', retryable: true, summary: 'PAI answered 5xx, ServiceUnavailable or InternalError' },
  PAI_TIMEOUT: { family: 'pai', retryable: true, summary: 'PAI did not answer in time' },
  PAI_NETWORK: { family: 'pai', retryable: true, summary: 'the connection to PAI failed (refused, reset, DNS)' },
  PAI_BAD_RESPONSE: { family: 'pai', retryable: true, summary: 'PAI answered with a body that is not a JSON object' },
  PAI_FORBIDDEN: { family: 'pai', retryable: false, summary: "the bot's RAM identity may not call the action" },
  PAI_NOT_FOUND: { family: 'pai', retryable: false, summary: 'PAI has no such job, service or workspace' },
  PAI_INVALID: { family: 'pai', retryable: false, summary: 'PAI rejected the request (another 4xx)' },
  PAI_AUTH: { family: 'pai', retryable: false, summary: "PAI did not accept the bot's credentials, or there are none" },
  PAI_UNKNOWN: { family: 'pai', retryable: false, summary: 'a PAI failure none of the above describes' },

  OSS_ACCESS_DENIED: { family: 'oss', retryable: false, summary: 'OSS denied the listing (403 AccessDenied)' },
  OSS_NO_SUCH_BUCKET: { family: 'oss', retryable: false, summary: 'the bucket does not exist or its name is invalid' },
  OSS_WRONG_REGION: { family: 'oss', retryable: false, summary: "the bucket is in another region than the bot's" },
  OSS_BAD_KEY: { family: 'oss', retryable: false, summary: "OSS does not know the bot's long-term AccessKey ID" },
  OSS_BAD_SIGNATURE: { family: 'oss', retryable: false, summary: "the bot's AccessKey secret is wrong" },
  OSS_CLOCK_SKEW: { family: 'oss', retryable: false, summary: "the bot's clock is more than 15 minutes off" },
  OSS_TOKEN_EXPIRED: { family: 'oss', retryable: false, summary: "the bot's STS token expired or does not match" },
  OSS_NETWORK: { family: 'oss', retryable: true, summary: 'the connection to OSS failed' },
  OSS_TIMEOUT: { family: 'oss', retryable: true, summary: 'OSS did not answer in time' },
  OSS_UNKNOWN: { family: 'oss', retryable: false, summary: 'an OSS failure none of the above describes' },

  CONFIG_INVALID: { family: 'config', retryable: false, summary: 'a setting stops startup (exit code 2)' },
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof ERROR_CODES;

type Entries = typeof ERROR_CODES;
type CodesOf<F extends ErrorFamily> = { [C in ErrorCode]: Entries[C]['family'] extends F ? C : never }[ErrorCode];
type KindOf<C extends string, Prefix extends string> = C extends `${Prefix}${infer K}` ? Lowercase<K> : never;

export type BotErrorCode = CodesOf<'bot'>;
export type PaiErrorCode = CodesOf<'pai'>;
export type OssErrorCode = CodesOf<'oss'>;
export type ConfigErrorCode = CodesOf<'config'>;
/** What a failed PAI call means, as the PAI client classifies it. */
export type PaiErrorKind = KindOf<PaiErrorCode, 'PAI_'>;
/** What a failed OSS access check means, as the OSS client classifies it. */
export type OssFailureKind = KindOf<OssErrorCode, 'OSS_'>;

export function paiErrorCode(kind: PaiErrorKind): PaiErrorCode {
  return `PAI_${kind.toUpperCase()}` as PaiErrorCode;
}

/** A refusal or failure of the bot's own, with the plain text the user reads. */
export class BotError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly code: BotErrorCode,
    /** Plain text for the user: what happened and what to do. */
    readonly userText: string,
  ) {
    super(`${code}: ${userText}`);
    this.name = 'BotError';
    this.retryable = ERROR_CODES[code].retryable;
  }
}
