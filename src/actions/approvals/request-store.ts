// Approval requests in Redis. Every decision is one Lua script (createApprovalRequest, voteOnApprovalRequest and the
// *ApprovedRun scripts in src/redis/commands/), so votes from any number of replicas serialise: exactly one caller
// sees the pending → approved transition, and only that caller queues the action.
//
// Keys: {p}:approval:<id> (hash: status, required, requester, expiresAt, data=JSON of the immutable
// part), {p}:approval:<id>:votes (hash: user → "at|via"), {p}:approvals:pending (zset id → expiresAt),
// {p}:approval-msg:<channel>:<ts> → id.

import { createHash, randomInt } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { MutatingJob } from '../action-jobs.js';
import { runScript } from '../../redis/commands.js';
import type { KeySpace } from '../../redis/redis.js';
import type { KeyField } from './key-fields.js';

export type RequestStatus =
  | 'pending'
  | 'approved'
  | 'rejected'
  | 'expired'
  | 'cancelled'
  | 'executing'
  | 'executed'
  | 'failed';

/** What never changes after the request is made. */
export interface RequestData {
  id: string;
  action: MutatingJob;
  /** sha256 of the action as approved; checked again before it runs. */
  actionHash: string;
  title: string; // e.g. "eas scale fraud_svc"
  /** Every parameter that will be sent to PAI, or the field-by-field diff, as display lines. */
  details: string[];
  /** Shown first and in full on the card; absent on requests stored before cards had them. */
  keyFields?: KeyField[];
  /** The cost estimate line (describe-change.ts), shown and never bound; absent on requests that start no instances. */
  estimate?: string;
  requester: string;
  workspace: { name: string; id: string };
  approvers: string[]; // user and group ids, as configured when the request was made
  channelId: string;
  createdAt: number;
  /** What the gate resolved when the request was made; the run must land on exactly this (absent in older requests). */
  target?: ApprovedTarget;
}

/** The resource an approval is for: a new job or service in a workspace, or one existing job or service by its PAI id. */
export interface ApprovedTarget {
  workspaceId: string;
  jobId?: string;
  service?: string;
  serviceId?: string;
  /** A gallery deploy: the model version approved and the sha256 of its CreateService request (hashServiceRequest). */
  model?: { id: string; version: string; request: string };
  /** A DSW notebook's InstanceId. */
  instanceId?: string;
}

export interface Vote {
  user: string;
  at: number;
  via: 'reaction' | 'button';
}

export interface ApprovalRequest extends RequestData {
  status: RequestStatus;
  required: number;
  expiresAt: number;
  messageTs?: string;
  votes: Vote[];
  decidedBy?: string;
  decidedAt?: number;
  queuedAt?: number;
  outcome?: string;
  /** The queued job that claimed the run. */
  owner?: string;
  /** Bumped by every change; message renders compare it to skip stale updates. */
  version: number;
}

export type VoteOp = 'approve' | 'withdraw' | 'reject' | 'cancel' | 'expire';

export interface VoteResult {
  status: RequestStatus | 'missing';
  /** True when this call changed the request (a new vote, a withdrawal, or a decision). */
  changed: boolean;
}

/**
 * The approved parameters of an action, and nothing else: not the approval reference, not the response_url (it
 * changes nothing PAI sees), and not any progress a worker recorded (progress lives in the queued job's progress
 * field, never in its data; a stray one is ignored all the same so a retry cannot look like a different action).
 */
export function hashAction(action: MutatingJob): string {
  const {
    approval: _approval,
    requester,
    progress: _progress,
    ...rest
  } = action as MutatingJob & { approval?: unknown; progress?: unknown };
  const { responseUrl: _url, ...who } = requester;
  return createHash('sha256')
    .update(canonicalJson({ ...rest, requester: who }))
    .digest('hex');
}

/** sha256 of a CreateService request as sent: workspace, labels and the config, whatever their key order. */
export function hashServiceRequest(r: { workspaceId: string; labels?: Record<string, string>; config: unknown }) {
  return createHash('sha256')
    .update(canonicalJson({ workspaceId: r.workspaceId, labels: r.labels ?? {}, config: r.config }))
    .digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

export function newRequestId(): string {
  let id = 'ar-';
  for (let i = 0; i < 8; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

/** Why a new request was not created: it exists already, or a fair-use limit or a name reservation stands in the way. */
export type CreateResult =
  | { created: true }
  | { created: false; why: 'exists' }
  | { created: false; why: 'user' | 'workspace'; count: number }
  | { created: false; why: 'name'; heldBy: string };

export interface CreateOptions {
  required: number;
  expiresAt: number;
  now: number;
  maxPendingPerUser: number;
  maxPendingPerWorkspace: number;
  /** An EAS service name this request reserves until it is decided and run (prod deploys). */
  reserveName?: string;
}

export interface RequestStore {
  create(data: RequestData, opts: CreateOptions): Promise<CreateResult>;
  /** The request that holds a reservation of this EAS service name, if any. */
  nameHolder(service: string): Promise<string | undefined>;
  attachMessage(id: string, channelId: string, ts: string): Promise<void>;
  get(id: string): Promise<ApprovalRequest | undefined>;
  byMessage(channelId: string, ts: string): Promise<string | undefined>;
  vote(id: string, op: VoteOp, user: string, now: number, via?: Vote['via']): Promise<VoteResult>;
  markQueued(id: string, at: number): Promise<void>;
  /** approved → executing for this owner (a queued job id); 'resumed' when the owner already holds it. */
  claimExecution(id: string, owner: string): Promise<'claimed' | 'resumed' | RequestStatus | 'missing'>;
  /** executing → executed | failed, by the owner of the run. */
  finish(
    id: string,
    status: 'executed' | 'failed',
    outcome: string,
    owner: string,
  ): Promise<RequestStatus | 'missing' | 'not-owner'>;
  /** approved → failed without running (a check before the run refused it). */
  refuse(id: string, outcome: string): Promise<RequestStatus | 'missing'>;
  pendingIds(): Promise<string[]>;
  /** Pending requests whose expiry has passed. */
  dueForExpiry(now: number): Promise<string[]>;
  /** Approved requests whose action was never marked queued (a crash between the two). */
  approvedUnqueued(ids: readonly string[]): Promise<string[]>;
  recent(): Promise<string[]>;
}

export function createRequestStore(redis: Redis, keys: KeySpace): RequestStore {
  const reqKey = (id: string) => keys.key('approval', id);
  const votesKey = (id: string) => keys.key('approval', id, 'votes');
  const pendingKey = keys.key('approvals', 'pending');
  const recentKey = keys.key('approvals', 'recent');
  const msgKey = (channel: string, ts: string) => keys.key('approval-msg', channel, ts);
  const nameKey = (service: string) => keys.key('eas-name', service);
  const RETAIN_S = 30 * 86_400;

  return {
    async create(data, o) {
      const byUser = keys.key('approvals', 'pending-by-user', data.requester);
      const byWorkspace = keys.key('approvals', 'pending-by-ws', data.workspace.id);
      const name = o.reserveName ? nameKey(o.reserveName) : '';
      // Held from the request until its run ends, bounded by the expiry and a day to run.
      const holdMs = Math.max(1, o.expiresAt - o.now) + 86_400_000;
      const [outcome, detail] = await runScript(
        redis,
        'createApprovalRequest',
        [reqKey(data.id), pendingKey, recentKey, byUser, byWorkspace, name],
        [
          data.id,
          String(o.now),
          String(o.expiresAt),
          String(o.maxPendingPerUser),
          String(o.maxPendingPerWorkspace),
          String(o.required),
          data.requester,
          JSON.stringify(data),
          String(holdMs),
          String(RETAIN_S),
          String(data.createdAt),
        ],
      );
      if (outcome === 'created') return { created: true };
      if (outcome === 'user' || outcome === 'workspace') return { created: false, why: outcome, count: Number(detail) };
      if (outcome === 'name') return { created: false, why: 'name', heldBy: detail };
      return { created: false, why: 'exists' };
    },
    async nameHolder(service) {
      return (await redis.get(nameKey(service))) ?? undefined;
    },
    async attachMessage(id, channelId, ts) {
      await redis.multi().hset(reqKey(id), 'messageTs', ts).set(msgKey(channelId, ts), id, 'EX', RETAIN_S).exec();
    },
    async get(id) {
      const [fields, votes] = await Promise.all([redis.hgetall(reqKey(id)), redis.hgetall(votesKey(id))]);
      if (!fields.data || !fields.status) return undefined;
      const data = JSON.parse(fields.data) as RequestData;
      return {
        ...data,
        status: fields.status as RequestStatus,
        required: Number(fields.required),
        expiresAt: Number(fields.expiresAt),
        ...(fields.messageTs ? { messageTs: fields.messageTs } : {}),
        votes: Object.entries(votes)
          .map(([user, v]) => ({
            user,
            at: Number(v.split('|')[0]),
            via: (v.split('|')[1] ?? 'reaction') as Vote['via'],
          }))
          .sort((a, b) => a.at - b.at),
        ...(fields.decidedBy ? { decidedBy: fields.decidedBy } : {}),
        ...(fields.decidedAt ? { decidedAt: Number(fields.decidedAt) } : {}),
        ...(fields.queuedAt ? { queuedAt: Number(fields.queuedAt) } : {}),
        ...(fields.outcome ? { outcome: fields.outcome } : {}),
        ...(fields.owner ? { owner: fields.owner } : {}),
        version: Number(fields.version ?? 1),
      };
    },
    async byMessage(channelId, ts) {
      return (await redis.get(msgKey(channelId, ts))) ?? undefined;
    },
    async vote(id, op, user, now, via = 'reaction') {
      const voteKeys: [string, string, string] = [reqKey(id), votesKey(id), pendingKey];
      const voteArgs: [string, string, string, string, string] = [op, user, String(now), via, id];
      const [status, changed] = await runScript(redis, 'voteOnApprovalRequest', voteKeys, voteArgs);
      if (status !== 'missing') await redis.expire(votesKey(id), RETAIN_S);
      return { status: status as VoteResult['status'], changed: changed === 1 };
    },
    async markQueued(id, at) {
      await redis.hset(reqKey(id), 'queuedAt', String(at));
    },
    async claimExecution(id, owner) {
      const claimed = await runScript(redis, 'claimApprovedRun', [reqKey(id)], [owner]);
      return claimed as 'claimed' | 'resumed' | RequestStatus | 'missing';
    },
    async finish(id, status, outcome, owner) {
      const done = await runScript(redis, 'finishApprovedRun', [reqKey(id)], [status, outcome, owner, id]);
      return done as RequestStatus | 'missing' | 'not-owner';
    },
    async refuse(id, outcome) {
      return (await runScript(redis, 'refuseApprovedRun', [reqKey(id)], [outcome, id])) as RequestStatus | 'missing';
    },
    async pendingIds() {
      return redis.zrange(pendingKey, 0, -1);
    },
    async dueForExpiry(now) {
      return redis.zrangebyscore(pendingKey, 0, now);
    },
    async approvedUnqueued(ids) {
      const out: string[] = [];
      for (const id of ids) {
        const [status, queuedAt] = await redis.hmget(reqKey(id), 'status', 'queuedAt');
        if (status === 'approved' && !queuedAt) out.push(id);
      }
      return out;
    },
    async recent() {
      return redis.zrevrange(recentKey, 0, 199);
    },
  };
}
