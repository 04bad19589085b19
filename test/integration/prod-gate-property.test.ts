// The prod gate's promise, as a property: whatever the interleaving of commands, reactions, button clicks,
// retried deliveries, two replicas, PAI latency and faults, and Slack failures, every change PAI made in the
// prod workspace belongs to exactly one approval request with enough distinct approvers who are not its
// requester, and no approved request made more than one change.
//
// Bounded and seeded: `npm test` runs PROD_GATE_RUNS (default 4) random histories; the bench runs many more.
// On failure fast-check prints the seed and the shrunk history; replay it with PROD_GATE_SEED=<seed>.

import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { REQUEST_TAG } from '../../src/actions/training/build-create-job.js';
import type { RecordedCall } from '@pai-bot/pai-sim/index.js';
import { APPROVE_ACTION_ID, REJECT_ACTION_ID } from '../../src/render/approval-request.js';
import { configYaml, DEV_WORKSPACE, oncallAlerts, prodWorkspace } from '../support/config-yaml.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';

const RUNS = Number(process.env.PROD_GATE_RUNS ?? 4);
const SEED = process.env.PROD_GATE_SEED ? Number(process.env.PROD_GATE_SEED) : undefined;

const PROD = '100002';
const APPROVERS = ['U0APPR1', 'U0APPR2', 'S0LEADS'];
const GROUP = ['U0LEAD'];
const REQUIRED = 2;
const PROD_SERVICES = ['svc_p0', 'svc_p1', 'svc_p2', 'svc_p3'];
const DEV_SERVICES = ['svc_d0'];
const DEPLOY_NAMES = ['new_a', 'new_b'];
// Everyone who reacts or clicks: approvers and a group member (most often), the requesters themselves, a stranger.
const PEOPLE = ['U0APPR1', 'U0APPR2', 'U0LEAD', 'U0APPR1', 'U0APPR2', 'U0LEAD', 'U0ALICE', 'U0BOB', 'U0EVE'];
const REQUESTERS = ['U0ALICE', 'U0BOB', 'U0APPR1'];
// Who approves in pairs: mostly approvers, sometimes a requester who may not count.
const PAIRS = ['U0APPR1', 'U0APPR2', 'U0LEAD', 'U0APPR2', 'U0LEAD', 'U0ALICE'];

const YAML = configYaml({
  workspaces: [DEV_WORKSPACE, prodWorkspace({ approvers: APPROVERS, required: REQUIRED })],
  alerts: oncallAlerts(),
  approvals: { approve_reactions: ['white_check_mark'], reject_reactions: ['x'], expire_after: '1h' },
});

type Step =
  | { kind: 'submit'; user: number; replicaB: boolean }
  | { kind: 'deploy'; user: number; name: number; prod: boolean; replicaB: boolean }
  | { kind: 'scale'; user: number; service: number; replicaB: boolean }
  | { kind: 'lifecycle'; user: number; service: number; verb: 'restart' | 'stop' | 'delete'; replicaB: boolean }
  | {
      kind: 'vote';
      request: number;
      person: number;
      via: 'reaction' | 'button' | 'retried' | 'both-replicas';
      emoji: 'approve' | 'reject' | 'other';
      removed: boolean;
    }
  | { kind: 'approve-pair'; first: number; second: number; buttons: boolean }
  | { kind: 'cancel'; request: number; person: number }
  | { kind: 'slack-fail'; method: 'chat.postMessage' | 'chat.postEphemeral' | 'chat.update'; n: number }
  | {
      kind: 'pai-fault';
      fault: 'throttle' | 'lost-answer';
      action: 'CreateJob' | 'CreateService' | 'ScaleService' | 'RestartService' | 'DescribeService';
    }
  | { kind: 'clock'; minutes: number }
  | { kind: 'sweep' };

const who = fc.nat({ max: 99 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('submit' as const), user: who, replicaB: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('deploy' as const),
      user: who,
      name: who,
      prod: fc.boolean(),
      replicaB: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('scale' as const), user: who, service: who, replicaB: fc.boolean() }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('lifecycle' as const),
      user: who,
      service: who,
      verb: fc.constantFrom('restart' as const, 'stop' as const, 'delete' as const),
      replicaB: fc.boolean(),
    }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('vote' as const),
      request: who,
      person: who,
      via: fc.constantFrom('reaction' as const, 'button' as const, 'retried' as const, 'both-replicas' as const),
      emoji: fc.constantFrom(
        ...(['approve', 'approve', 'approve', 'approve', 'approve', 'approve', 'reject', 'other'] as const),
      ),
      removed: fc.constantFrom(false, false, false, false, true),
    }),
  },
  // Two people approve the newest request at once, through different replicas and ways.
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('approve-pair' as const),
      first: who,
      second: who,
      buttons: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), request: who, person: who }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('slack-fail' as const),
      method: fc.constantFrom('chat.postMessage' as const, 'chat.postEphemeral' as const, 'chat.update' as const),
      n: fc.integer({ min: 1, max: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('pai-fault' as const),
      fault: fc.constantFrom('throttle' as const, 'lost-answer' as const),
      action: fc.constantFrom(
        'CreateJob' as const,
        'CreateService' as const,
        'ScaleService' as const,
        'RestartService' as const,
        'DescribeService' as const,
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clock' as const), minutes: fc.constantFrom(1, 5, 70) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('sweep' as const) }) },
);
// A history: batches of steps; the steps of one batch run concurrently, batches one after another.
const historyArb = fc.record({
  batches: fc.array(fc.array(stepArb, { minLength: 1, maxLength: 4 }), { minLength: 4, maxLength: 12 }),
  latencySeed: fc.integer({ min: 1, max: 2 ** 30 }),
});

const running: Harness[] = [];
afterEach(async () => {
  for (const h of running.splice(0).reverse()) await h.stop().catch(() => undefined);
});

function lcg(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x;
  };
}

interface Run {
  a: Harness;
  b: Harness;
  /** Approval request messages seen so far, oldest first. */
  requests: { id: string; channel: string; ts: string }[];
  /** A unique number for each command, so every change PAI sees tells which request it came from. */
  serial: number;
  lifecycleUsed: Set<string>;
}

async function start(latencySeed: number): Promise<Run> {
  const a = await startHarness({ yaml: YAML, paiTimeoutMs: 400 });
  running.push(a);
  const b = await startHarness({ yaml: YAML, restartOf: a, paiTimeoutMs: 400 }); // a second replica on the same Redis
  running.push(b);
  a.slack.setUsergroup('S0LEADS', GROUP);
  const next = lcg(latencySeed);
  a.sim.setLatency(() => 10 + (next() % 41));
  for (const name of PROD_SERVICES) a.sim.addService({ name, workspaceId: PROD, instances: 1 });
  for (const name of DEV_SERVICES) a.sim.addService({ name, workspaceId: DEV_WORKSPACE.id, instances: 1 });
  a.clock.advance(30 * 60_000); // every seeded service Running
  return { a, b, requests: [], serial: 0, lifecycleUsed: new Set() };
}

function discover(run: Run): void {
  for (const m of run.a.slack.messages('C0PROD')) {
    if (m.thread_ts) continue;
    const id = /\((ar-[a-z0-9]{8})\)/.exec(m.text)?.[1];
    if (id && !run.requests.some((r) => r.id === id)) run.requests.push({ id, channel: m.channel, ts: m.ts });
  }
}

async function act(run: Run, step: Step): Promise<void> {
  const h = 'replicaB' in step && step.replicaB ? run.b : run.a;
  const n = ++run.serial;
  switch (step.kind) {
    case 'submit':
      await h.command(`dlc submit p${n} --image img:${n} --command "python train.py" --workers 2`, {
        user: REQUESTERS[step.user % REQUESTERS.length]!,
        channel: 'C0PROD',
      });
      return;
    case 'deploy':
      await h.command(`eas deploy ${DEPLOY_NAMES[step.name % DEPLOY_NAMES.length]} --image img:${n}`, {
        user: REQUESTERS[step.user % REQUESTERS.length]!,
        channel: step.prod ? 'C0PROD' : 'C0DEV',
      });
      return;
    case 'scale': {
      const all = [...PROD_SERVICES, ...DEV_SERVICES];
      // A replica count no other command uses: the ScaleService body names its request.
      await h.command(`eas scale ${all[step.service % all.length]} ${100 + n}`, {
        user: REQUESTERS[step.user % REQUESTERS.length]!,
        channel: 'C0PROD',
      });
      return;
    }
    case 'lifecycle': {
      // One lifecycle verb per service in a history: a RestartService call has no body that could name its request.
      const service = PROD_SERVICES[step.service % PROD_SERVICES.length]!;
      if (run.lifecycleUsed.has(service)) return;
      run.lifecycleUsed.add(service);
      await h.command(`eas ${step.verb} ${service}${step.verb === 'restart' ? '' : ' --yes'}`, {
        user: REQUESTERS[step.user % REQUESTERS.length]!,
        channel: 'C0PROD',
      });
      return;
    }
    case 'approve-pair': {
      discover(run);
      const r =
        step.first % 2 === 0 ? run.requests.at(-1) : run.requests[step.second % Math.max(1, run.requests.length)];
      if (!r) return;
      const [p1, p2] = [PAIRS[step.first % PAIRS.length]!, PAIRS[step.second % PAIRS.length]!];
      if (step.buttons)
        await Promise.all([
          run.a.click(APPROVE_ACTION_ID, r.id, { user: p1, channel: r.channel, messageTs: r.ts }),
          run.b.click(APPROVE_ACTION_ID, r.id, { user: p2, channel: r.channel, messageTs: r.ts }),
        ]);
      else
        await Promise.all([
          run.a.react('white_check_mark', r, { user: p1, eventId: `Ev${n}A` }),
          run.b.react('white_check_mark', r, { user: p2, eventId: `Ev${n}B` }),
        ]);
      return;
    }
    case 'vote': {
      discover(run);
      // Mostly one of the two newest requests (still pending), sometimes any older one.
      const recent = run.requests.slice(-2);
      const pool = step.request % 4 === 0 ? run.requests : recent;
      const r = pool[step.request % Math.max(1, pool.length)];
      if (!r) return;
      const person = PEOPLE[step.person % PEOPLE.length]!;
      if (step.via === 'button') {
        if (step.emoji === 'other') return;
        await run.a.click(step.emoji === 'approve' ? APPROVE_ACTION_ID : REJECT_ACTION_ID, r.id, {
          user: person,
          channel: r.channel,
          messageTs: r.ts,
        });
        return;
      }
      const emoji = step.emoji === 'approve' ? 'white_check_mark' : step.emoji === 'reject' ? 'x' : 'tada';
      const eventId = `Ev${n}X${step.person}`;
      const opts = { user: person, removed: step.removed, eventId };
      if (step.via === 'reaction') await run.a.react(emoji, r, opts);
      else if (step.via === 'retried')
        await Promise.all([run.a.react(emoji, r, opts), run.a.react(emoji, r, { ...opts, retryNum: 1 })]);
      else await Promise.all([run.a.react(emoji, r, opts), run.b.react(emoji, r, { ...opts, retryNum: 1 })]);
      return;
    }
    case 'cancel': {
      discover(run);
      const r = run.requests[step.request % Math.max(1, run.requests.length)];
      if (r)
        await run.a.command(`cancel ${r.id}`, {
          user: REQUESTERS[step.person % REQUESTERS.length]!,
          channel: 'C0PROD',
        });
      return;
    }
    case 'slack-fail':
      run.a.slack.failNext(step.n, 'internal_error', step.method);
      return;
    case 'pai-fault':
      if (step.fault === 'throttle') run.a.sim.throttleNext(1, step.action);
      else run.a.sim.delayNext(800, step.action); // PAI acts; its answer comes after the bot's 400 ms timeout
      return;
    case 'clock':
      run.a.clock.advance(step.minutes * 60_000);
      return;
    case 'sweep':
      await run.a.bot.sweepApprovalsNow();
      return;
  }
}

async function drain(run: Run): Promise<void> {
  await eventually(
    async () => {
      const c = await run.a.queueCounts();
      return c.active === 0 && c.waiting === 0 && c.delayed === 0 && c.prioritized === 0;
    },
    20_000,
    'the action queue to drain',
  );
}

interface StoredRequest {
  id: string;
  status: string;
  requester: string;
  votes: string[];
  action: {
    type: string;
    requestKey?: string;
    command?: { service?: string; image?: string };
    service?: string;
    change?: { verb: string; replicas?: number };
  };
}

async function storedRequests(h: Harness): Promise<StoredRequest[]> {
  const ids = await h.redis.zrange(`${h.keyPrefix}:approvals:recent`, 0, -1);
  const out: StoredRequest[] = [];
  for (const id of ids) {
    const fields = await h.redis.hgetall(`${h.keyPrefix}:approval:${id}`);
    const votes = Object.keys(await h.redis.hgetall(`${h.keyPrefix}:approval:${id}:votes`));
    const data = JSON.parse(fields.data!) as { action: StoredRequest['action'] };
    out.push({ id, status: fields.status!, requester: fields.requester!, votes, action: data.action });
  }
  return out;
}

const MUTATING = new Set([
  'CreateJob',
  'StopJob',
  'CreateService',
  'ScaleService',
  'CreateServiceAutoScaler',
  'UpdateServiceAutoScaler',
  'ReleaseService',
  'StopService',
  'StartService',
  'RestartService',
  'DeleteService',
]);

/** Which request a prod change came from (the commands make each call name its request), or why it is none. */
function requestOf(call: RecordedCall, requests: StoredRequest[]): StoredRequest[] {
  const service = decodeURIComponent(call.path.split('/')[5] ?? '');
  const body = call.body as Record<string, unknown> | undefined;
  switch (call.action) {
    case 'CreateJob': {
      const tag = (body?.Settings as { Tags?: Record<string, string> } | undefined)?.Tags?.[REQUEST_TAG];
      return requests.filter((r) => r.action.type === 'dlc.submit' && r.action.requestKey === tag);
    }
    case 'CreateService': {
      const image = (
        JSON.parse(typeof call.body === 'string' ? call.body : JSON.stringify(call.body ?? {})) as {
          containers?: { image?: string }[];
        }
      ).containers?.[0]?.image;
      return requests.filter((r) => r.action.type === 'eas.deploy' && r.action.command?.image === image);
    }
    case 'ScaleService':
      return requests.filter(
        (r) =>
          r.action.type === 'eas.change' &&
          r.action.service === service &&
          r.action.change?.replicas === (body as { Instance?: number }).Instance,
      );
    default:
      return requests.filter(
        (r) => r.action.type === 'eas.change' && r.action.service === service && r.action.change?.verb !== 'scale',
      );
  }
}

/** Whether a call changed something in the prod workspace. */
function isProdChange(call: RecordedCall): boolean {
  if (!MUTATING.has(call.action) || call.status < 200 || call.status >= 300) return false;
  if (call.action === 'CreateJob') return (call.body as { WorkspaceId?: string }).WorkspaceId === PROD;
  if (call.action === 'CreateService') return call.query.WorkspaceId === PROD;
  const service = decodeURIComponent(call.path.split('/')[5] ?? '');
  return PROD_SERVICES.includes(service);
}

function qualified(r: StoredRequest): number {
  return r.votes.filter((u) => u !== r.requester && (APPROVERS.includes(u) || GROUP.includes(u))).length;
}

const seen = { histories: 0, requests: 0, approved: 0, prodChanges: 0, statuses: {} as Record<string, number> };

describe('the prod gate, under random interleavings', () => {
  it(
    `every prod change belongs to exactly one approval with ${REQUIRED} distinct approvers, and runs at most once (${RUNS} histories)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(historyArb, async ({ batches, latencySeed }) => {
          const run = await start(latencySeed);
          try {
            for (const batch of batches) {
              await Promise.all(batch.map((step) => act(run, step)));
              await new Promise((r) => setTimeout(r, 150)); // let workers pick up what the batch queued
              discover(run);
            }
            await drain(run);
            await run.a.bot.sweepApprovalsNow();
            await drain(run);
            await new Promise((r) => setTimeout(r, 200));

            const requests = await storedRequests(run.a);
            const changes = run.a.sim.calls.filter(isProdChange);
            const perRequest = new Map<string, number>();
            for (const call of changes) {
              const owners = requestOf(call, requests);
              expect(owners, `${call.action} ${call.path} belongs to exactly one request`).toHaveLength(1);
              const owner = owners[0]!;
              expect(
                qualified(owner),
                `${owner.id} (${owner.status}) had ${REQUIRED} approvers besides its requester`,
              ).toBeGreaterThanOrEqual(REQUIRED);
              expect(['executing', 'executed', 'failed'], `${owner.id} was approved`).toContain(owner.status);
              perRequest.set(owner.id, (perRequest.get(owner.id) ?? 0) + 1);
            }
            for (const [id, count] of perRequest) expect(count, `${id} changed PAI at most once`).toBe(1);
            seen.histories++;
            seen.requests += requests.length;
            seen.approved += requests.filter(
              (r) => ['executing', 'executed', 'failed'].includes(r.status) && qualified(r) >= REQUIRED,
            ).length;
            seen.prodChanges += changes.length;
            for (const r of requests) seen.statuses[r.status] = (seen.statuses[r.status] ?? 0) + 1;
            // Liveness: once the queue has drained nothing is left half-run.
            for (const r of requests) expect(r.status, `${r.id} is not left executing`).not.toBe('executing');
          } finally {
            for (const h of running.splice(0).reverse()) await h.stop().catch(() => undefined);
          }
        }),
        { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true },
      );
      // What the histories exercised, so a generator that stopped reaching PAI would show.
      console.log(
        `prod gate property: ${seen.histories} histories, ${seen.requests} approval requests, ${seen.approved} approved, ${seen.prodChanges} prod changes at PAI; requests ended ${JSON.stringify(seen.statuses)}`,
      );
      expect(seen.prodChanges).toBeGreaterThan(0);
    },
    60_000 + RUNS * 30_000,
  );
});
