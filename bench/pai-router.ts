// One PAI endpoint in front of several PAI simulators, one per workspace ("shards"), so that the simulator's
// own cost stays per workspace: its ListJobs renders every job it holds on every call (O(all jobs)), which with
// 10,000 jobs in one simulator takes ~0.7 s per call and would make the simulator, not the bot, the thing
// measured. Requests are forwarded byte for byte (Host header included, so the V3 signature still verifies)
// to the shard of their workspace: WorkspaceId in the query or the CreateJob body; a job or service named in
// the path goes to the shard that created it; everything else to the main shard. Every call is logged with its
// action and arrival time, so the bench can count the PAI calls of a poll cycle.

import { createServer, request, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoutedCall {
  action: string;
  shard: string;
  at: number;
  status: number;
}

export interface PaiRouter {
  url: string;
  calls: RoutedCall[];
  stop(): Promise<void>;
}

export async function startPaiRouter(shards: Map<string, string>, mainUrl: string): Promise<PaiRouter> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256, timeout: 4_000 });
  const jobShard = new Map<string, string>();
  const serviceShard = new Map<string, string>();
  const calls: RoutedCall[] = [];

  const pick = (path: string, query: URLSearchParams, body: string, action: string): string => {
    const ws = query.get('WorkspaceId') ?? (action === 'CreateJob' ? safeJson(body)?.WorkspaceId : undefined);
    if (typeof ws === 'string' && shards.has(ws)) return shards.get(ws)!;
    const job = /^\/api\/v1\/jobs\/([^/?]+)/.exec(path)?.[1];
    if (job && jobShard.has(job)) return jobShard.get(job)!;
    const service = /^\/api\/v2\/services\/[^/]+\/([^/?]+)/.exec(path)?.[1];
    if (service && serviceShard.has(service)) return serviceShard.get(service)!;
    return mainUrl;
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://router.local');
      const action = String(req.headers['x-acs-action'] ?? '');
      const shardUrl = pick(
        url.pathname,
        url.searchParams,
        action === 'CreateJob' ? body.toString('utf8') : '',
        action,
      );
      const target = new URL(shardUrl);
      const send = (fresh: boolean) => {
        const up = request(
          {
            host: target.hostname,
            port: target.port,
            method: req.method,
            path: req.url,
            headers: req.headers,
            agent: fresh ? false : agent,
          },
          (answer) => {
            const parts: Buffer[] = [];
            answer.on('data', (c: Buffer) => parts.push(c));
            answer.on('end', () => {
              const reply = Buffer.concat(parts);
              const status = answer.statusCode ?? 502;
              calls.push({ action, shard: shardUrl, at, status });
              if (status === 200 && (action === 'CreateJob' || action === 'CreateService')) {
                const json = safeJson(reply.toString('utf8'));
                if (action === 'CreateJob' && typeof json?.JobId === 'string') jobShard.set(json.JobId, shardUrl);
                if (action === 'CreateService' && typeof json?.ServiceName === 'string')
                  serviceShard.set(json.ServiceName, shardUrl);
              }
              res.writeHead(status, answer.headers);
              res.end(reply);
            });
          },
        );
        up.on('error', (err: NodeJS.ErrnoException) => {
          // A kept-alive socket the simulator closed as idle just as it was reused: nothing reached it, send again.
          if (!fresh && up.reusedSocket && err.code === 'ECONNRESET') return send(true);
          if (!res.headersSent) res.writeHead(502);
          res.end();
        });
        up.end(body);
      };
      send(false);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      agent.destroy();
    },
  };
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
