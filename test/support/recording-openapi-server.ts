// A local HTTP server that records every request and answers each with one settable JSON reply, plus the real
// signed OpenAPI transport pointed at it: for the PAI client tests (paths, query encoding, bodies, headers).

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createOpenApiTransport, type OpenApiTransport } from '../../src/pai/openapi.js';

export interface RecordedRequest {
  method: string;
  /** The path as sent, still percent-encoded. */
  rawPath: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RecordingServer {
  readonly requests: RecordedRequest[];
  /** The answer to every request from now on; back to 200 { RequestId: 'r-1' } after each test. */
  answer: { status: number; json: unknown };
  /** The real transport, signing with the given credentials (set in beforeAll). */
  readonly transport: OpenApiTransport;
  /** The last request; throws when there is none. */
  last(): RecordedRequest;
}

const defaultAnswer = () => ({ status: 200, json: { RequestId: 'r-1' } });

/** Starts the server before the file's tests and stops it after them; clears requests and answer after each test. */
export function useRecordingOpenApiServer(credentials: {
  accessKeyId: string;
  accessKeySecret: string;
}): RecordingServer {
  let server: http.Server;
  let transport: OpenApiTransport | undefined;
  const state: RecordingServer = {
    requests: [],
    answer: defaultAnswer(),
    get transport() {
      if (!transport) throw new Error('the recording server has not started yet');
      return transport;
    },
    last() {
      const r = state.requests.at(-1);
      if (!r) throw new Error('no request recorded');
      return r;
    },
  };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const raw = req.url ?? '/';
        const url = new URL(raw, 'http://x');
        state.requests.push({
          method: req.method ?? '',
          rawPath: raw.split('?')[0] ?? '',
          query: Object.fromEntries(url.searchParams),
          headers: req.headers,
          body,
        });
        res.writeHead(state.answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(state.answer.json));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    transport = createOpenApiTransport({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      credentials,
    });
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  afterEach(() => {
    state.requests.length = 0;
    state.answer = defaultAnswer();
  });

  return state;
}
