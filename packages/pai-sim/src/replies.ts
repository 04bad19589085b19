// Every reply is a JSON object carrying RequestId (the SDK throws on empty bodies and on 204), errors add the POP
// fields the SDK copies into err.code / err.data / err.accessDeniedDetail.

import type { ServerResponse } from 'node:http';

export interface ErrorBodyInput {
  requestId: string;
  hostId: string;
  code: string;
  message: string;
  extra?: Record<string, unknown>;
}

export function errorBody(e: ErrorBodyInput): Record<string, unknown> {
  return {
    RequestId: e.requestId,
    HostId: e.hostId,
    Code: e.code,
    Message: e.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(e.code)}&requestId=${e.requestId}`,
    ...e.extra,
  };
}

export function accessDeniedDetail(authAction: string, userId: string, accessKeyId: string): Record<string, string> {
  return {
    AuthAction: authAction,
    AuthPrincipalType: 'SubUser',
    AuthPrincipalDisplayName: accessKeyId,
    AuthPrincipalOwnerId: userId,
    PolicyType: 'AccountLevelIdentityBasedPolicy',
    NoPermissionType: 'ImplicitDeny',
    EncodedDiagnosticMessage: Buffer.from(`sim: ${authAction} implicitly denied`).toString('base64'),
  };
}

export interface PreparedReply {
  status: number;
  contentType: string;
  text: string;
}

export function jsonReply(status: number, requestId: string, body: Record<string, unknown>): PreparedReply {
  return {
    status,
    contentType: 'application/json;charset=utf-8',
    text: JSON.stringify({ RequestId: requestId, ...body }),
  };
}

export function htmlReply(status: number, html: string): PreparedReply {
  return { status, contentType: 'text/html', text: html };
}

export function sendReply(res: ServerResponse, requestId: string, reply: PreparedReply): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(reply.status, {
    'content-type': reply.contentType,
    'content-length': Buffer.byteLength(reply.text),
    'x-acs-request-id': requestId,
  });
  res.end(reply.text);
}
