// One catalogue of the errors the bot raises itself: a stable code, the user's message, and whether
// trying again later can help. PAI's own errors are PaiError (src/pai/errors.ts).

export const ERROR_CODES = {
  WORKSPACE_UNKNOWN: { retryable: false, summary: 'the -w workspace is not in the config' },
  WORKSPACE_MISSING: { retryable: false, summary: 'no -w given and the channel has no default workspace' },
  PROD_NEEDS_APPROVAL: { retryable: false, summary: 'a change in a prod workspace needs the approval flow' },
  NOT_AN_OPERATOR: { retryable: false, summary: 'the user is not among the workspace operators' },
  QUEUE_UNAVAILABLE: { retryable: true, summary: 'Redis did not take the job in time' },
  DUPLICATE_REQUEST: { retryable: false, summary: 'the same Slack request arrived twice' },
  JOB_NOT_FOUND: { retryable: false, summary: 'PAI has no job with that id' },
  JOB_ALREADY_FINISHED: { retryable: false, summary: 'the job has already ended' },
  SERVICE_NOT_FOUND: { retryable: false, summary: 'PAI has no EAS service with that name, or it is outside the configured workspaces' },
  SERVICE_EXISTS: { retryable: false, summary: 'an EAS service with that name already exists' },
  SERVICE_STATE: { retryable: false, summary: 'the service is not in a state that allows the change' },
  OSS_PREFLIGHT: { retryable: false, summary: 'a --data bucket failed the OSS access check before submitting' },
  CHANGE_OUTCOME_UNKNOWN: { retryable: false, summary: 'an approved change was sent to PAI but its answer was lost; it is not sent again' },
  TARGET_CHANGED: { retryable: false, summary: 'the job or service an approval was for is no longer the one found' },
  NAME_RESERVED: { retryable: false, summary: 'an EAS service name is held by a prod deploy that awaits approval' },
  TOO_MANY_PENDING: { retryable: false, summary: 'a fair-use limit on pending approval requests or queued changes' },
  SLACK_CANNOT_POST: { retryable: false, summary: 'the bot cannot post in the channel' },
  INTERNAL: { retryable: false, summary: 'an error the bot did not expect' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class BotError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly code: ErrorCode,
    /** Plain text for the user: what happened and what to do. */
    readonly userText: string,
  ) {
    super(`${code}: ${userText}`);
    this.name = 'BotError';
    this.retryable = ERROR_CODES[code].retryable;
  }
}
