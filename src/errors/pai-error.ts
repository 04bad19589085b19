// The error of every PAI call, so workers decide retry-or-give-up and Slack text from one place. The class lives
// beside the catalogue so that the wording can recognise it without importing the PAI client; which kind a failed
// call is (the classification of what the SDK threw) stays in the client, src/pai/errors.ts.

import { ERROR_CODES, paiErrorCode, type PaiErrorKind } from './catalogue.js';

export type { PaiErrorKind } from './catalogue.js';

export interface PaiErrorInit {
  kind: PaiErrorKind;
  action: string;
  detail: string;
  code?: string;
  statusCode?: number;
  requestId?: string;
  authAction?: string;
}

export class PaiError extends Error {
  override readonly name = 'PaiError';
  readonly kind: PaiErrorKind;
  readonly retryable: boolean;
  // `declare` keeps unknown optional fields absent instead of own properties set to undefined.
  /** PAI's own error code (`Throttling.User`, `InvalidService.NotFound`, …), not the catalogue's. */
  declare readonly code?: string;
  declare readonly statusCode?: number;
  declare readonly requestId?: string;
  declare readonly authAction?: string;
  readonly action: string;
  readonly detail: string;

  constructor(init: PaiErrorInit) {
    super(formatMessage(init));
    this.kind = init.kind;
    this.retryable = ERROR_CODES[paiErrorCode(init.kind)].retryable;
    this.action = init.action;
    this.detail = init.detail;
    if (init.code !== undefined) this.code = init.code;
    if (init.statusCode !== undefined) this.statusCode = init.statusCode;
    if (init.requestId !== undefined) this.requestId = init.requestId;
    if (init.authAction !== undefined) this.authAction = init.authAction;
  }

  // Explicit so a logger or JSON.stringify shows the classification but never a stack or the raw SDK error.
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      kind: this.kind,
      retryable: this.retryable,
      action: this.action,
      detail: this.detail,
      code: this.code,
      statusCode: this.statusCode,
      requestId: this.requestId,
      authAction: this.authAction,
    };
  }
}

function formatMessage(i: PaiErrorInit): string {
  const facts = [
    i.code && `code ${i.code}`,
    i.statusCode !== undefined && `HTTP ${i.statusCode}`,
    i.requestId && `RequestId ${i.requestId}`,
  ].filter(Boolean);
  return `PAI ${i.action} failed (${i.kind}): ${i.detail}${facts.length ? ` [${facts.join(', ')}]` : ''}`;
}
