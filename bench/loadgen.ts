// The load generator, in its own process (it must not share an event loop with the app it measures).
// Open loop: request i is due at start + i / rate whatever happened to earlier ones, and its latency is
// counted from when it was due (so a stalled server cannot hide its queueing, "coordinated omission"),
// up to the last byte of the answer. Bodies and signatures are built before the clock starts; requests go
// over keep-alive connections, as many as needed. An answer other than 200, a socket error, or no answer
// within Slack's 3 s is an error.

import { Agent, request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { signSlackBody, slashCommandBody } from '@pai-bot/sandbox/slack-requests.js';
import { serve } from './ipc.js';

export interface LoadSpec {
  url: string;
  secret: string;
  rate: number;
  durationMs: number;
  /** The /pai text of request i, and the channel it is sent from. */
  kind: { type: 'status'; jobId: string; channel: string } | { type: 'submit'; namePrefix: string; channels: string[] };
  responseUrlBase: string;
  timeoutMs?: number;
}

export interface LoadResult {
  sent: number;
  ok: number;
  errors: Record<string, number>;
  /** Due time to end of answer, ms, ok requests only. */
  latencies: number[];
  /** Actual send to end of answer, ms, ok requests only. */
  serviceTimes: number[];
  /** How late the generator sent requests behind their due time, ms (max). */
  maxSendLagMs: number;
  /** Requests sent per second between the first and the last send. */
  achievedRate: number;
  /** Submits only: the job name and the wall-clock time (epoch ms) its request was sent. */
  sends: { name: string; sentAt: number; ok: boolean }[];
}

function textOf(spec: LoadSpec, i: number): { text: string; channel: string; name?: string } {
  const k = spec.kind;
  if (k.type === 'status') return { text: `dlc status ${k.jobId}`, channel: k.channel };
  const name = `${k.namePrefix}-${i}`;
  return {
    text: `dlc submit ${name} --image pytorch:2.1 --command "python train.py --epochs 1"`,
    channel: k.channels[i % k.channels.length]!,
    name,
  };
}

type Prepared = ReturnType<typeof prepare>;

function prepare(spec: LoadSpec) {
  const n = Math.round((spec.rate * spec.durationMs) / 1000);
  const ts = Math.floor(Date.now() / 1000);
  return Array.from({ length: n }, (_, i) => {
    const { text, channel, name } = textOf(spec, i);
    const body = slashCommandBody({
      text,
      userId: 'U0ALICE',
      channelId: channel,
      responseUrl: `${spec.responseUrlBase}${randomUUID()}`,
    });
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': Buffer.byteLength(body),
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signSlackBody(spec.secret, body, ts),
    };
    return { body, headers, name };
  });
}

async function run(
  spec: LoadSpec,
  prepared: Prepared = prepare(spec),
  start = performance.now() + 20,
): Promise<LoadResult> {
  const n = prepared.length;
  const timeoutMs = spec.timeoutMs ?? 3_000;
  // A fresh pool per run: a socket left idle since the last run may be closed by the server (keep-alive timeout) just
  // as it is reused.
  // Idle sockets are dropped after 4 s, before the server's 5 s keep-alive timeout could close one as it is reused.
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity, timeout: 4_000 });
  const result: LoadResult = {
    sent: 0,
    ok: 0,
    errors: {},
    latencies: [],
    serviceTimes: [],
    maxSendLagMs: 0,
    achievedRate: 0,
    sends: [],
  };
  const fail = (kind: string) => (result.errors[kind] = (result.errors[kind] ?? 0) + 1);
  const interval = 1000 / spec.rate;
  let firstSend = 0;
  let lastSend = 0;
  const inflight: Promise<void>[] = [];

  const fire = (i: number, due: number) => {
    const p = prepared[i]!;
    const sentPerf = performance.now();
    if (i === 0) firstSend = sentPerf;
    lastSend = sentPerf;
    result.maxSendLagMs = Math.max(result.maxSendLagMs, sentPerf - due);
    result.sent++;
    const send = { name: p.name ?? '', sentAt: Date.now(), ok: false };
    if (p.name) result.sends.push(send);
    inflight.push(
      new Promise<void>((resolve) => {
        let done = false;
        const finish = (error?: string) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          const end = performance.now();
          if (error) fail(error);
          else {
            result.ok++;
            send.ok = true;
            result.latencies.push(end - due);
            result.serviceTimes.push(end - sentPerf);
          }
          resolve();
        };
        const req = request(spec.url, { method: 'POST', headers: p.headers, agent }, (res) => {
          res.on('data', () => undefined);
          res.on('error', () => finish('socket'));
          res.on('end', () => finish(res.statusCode === 200 ? undefined : `http_${res.statusCode}`));
        });
        const timer = setTimeout(() => {
          finish('timeout_3s');
          req.destroy();
        }, timeoutMs);
        req.on('error', () => finish('socket'));
        req.end(p.body);
      }),
    );
  };

  await new Promise<void>((resolve) => {
    let i = 0;
    const tick = () => {
      const now = performance.now();
      while (i < n && start + i * interval <= now) {
        fire(i, start + i * interval);
        i++;
      }
      if (i >= n) return resolve();
      setTimeout(tick, Math.max(0, Math.min(2, start + i * interval - performance.now())));
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  await Promise.all(inflight);
  agent.destroy();
  result.achievedRate = n > 1 ? ((n - 1) * 1000) / (lastSend - firstSend) : n;
  return result;
}

/** Several streams on one schedule (request i of each is due at the same moment), so that whatever else the machine does meanwhile weighs on all of them alike. */
async function runSideBySide(specs: LoadSpec[]): Promise<LoadResult[]> {
  const prepared = specs.map(prepare);
  const start = performance.now() + 20;
  return Promise.all(specs.map((spec, i) => run(spec, prepared[i], start)));
}

serve({
  run: (spec: LoadSpec) => run(spec),
  runSideBySide: (specs: LoadSpec[]) => runSideBySide(specs),
  stop: () => {
    setImmediate(() => process.exit(0));
    return true;
  },
});
