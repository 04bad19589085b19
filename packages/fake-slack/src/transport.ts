// HTTP plumbing shared by the Web API and response_url handlers. Mirrors how web-api 8.2.0 sends calls:
// form-urlencoded with structured values JSON-stringified into one field, token in the Authorization header.

import type { IncomingMessage, ServerResponse } from 'node:http';

const BODY_LIMIT = 5 * 1024 * 1024;

// Fields web-api JSON-stringifies because they are objects; parsed back so tests see what the bot built.
const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata', 'user_auth_blocks', 'view']);

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > BODY_LIMIT) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJsonFields(args: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(args)) {
    const v = args[key];
    if (!JSON_FIELDS.has(key) || typeof v !== 'string') continue;
    try {
      args[key] = JSON.parse(v);
    } catch {
      // left as a string: validation then reports invalid_blocks_format, as Slack does
    }
  }
  return args;
}

/** Query string + body (form or JSON), with structured fields decoded. Throws on a malformed JSON body. */
export function parseArgs(
  rawBody: string,
  contentType: string | undefined,
  query: URLSearchParams,
): Record<string, unknown> {
  const args: Record<string, unknown> = Object.fromEntries(query);
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (rawBody.length > 0) {
    if (type === 'application/json') {
      const parsed: unknown = JSON.parse(rawBody);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) Object.assign(args, parsed);
    } else {
      Object.assign(args, Object.fromEntries(new URLSearchParams(rawBody)));
    }
  }
  return parseJsonFields(args);
}

/** Bearer header first (what web-api sends); a body `token` is the legacy form Slack also accepts. */
export function extractToken(req: IncomingMessage, args: Record<string, unknown>): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    return m ? m[1] : auth;
  }
  return typeof args.token === 'string' ? args.token : undefined;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

export function sendText(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
