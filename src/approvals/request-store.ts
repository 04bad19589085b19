// Approval requests in Redis. Every decision is one Lua script, so votes from any number of
// replicas serialise: exactly one caller sees the pending → approved transition, and only that
// caller queues the action.
//
// Keys: {p}:approval:<id> (hash: status, required, requester, expiresAt, data=JSON of the immutable
// part), {p}:approval:<id>:votes (hash: user → "at|via"), {p}:approvals:pending (zset id → expiresAt),
// {p}:approval-msg:<channel>:<ts> → id.

import { createHash, randomInt } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { MutatingJob } from '../queue/action-jobs.js';
import type { KeySpace } from '../queue/redis.js';

export type RequestStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'cancelled' | 'executing' | 'executed' | 'failed';

/** What never changes after the request is made. */
export interface RequestData {
  id: string;
  action: MutatingJob;
  /** sha256 of the action as approved; checked again before it runs. */
  actionHash: string;
  title: string; // e.g. "eas scale fraud_svc"
  /** Every parameter that will be sent to PAI, or the field-by-field diff, as display lines. */
  details: string[];
  requester: string;
  workspace: { name: string; id: string };
  approvers: string[]; // user and group ids, as configured when the request was made
  channelId: string;
  createdAt: number;
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
  /** Bumped by every change; message renders compare it to skip stale updates. */
  version: number;
}

export type VoteOp = 'approve' | 'withdraw' | 'reject' | 'cancel' | 'expire';

export interface VoteResult {
  status: RequestStatus | 'missing';
  /** True when this call changed the request (a new vote, a withdrawal, or a decision). */
  changed: boolean;
}

const VOTE = `
local req, votes, pending = KEYS[1], KEYS[2], KEYS[3]
local op, user, now, via, id = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5]
local status = redis.call('HGET', req, 'status')
if not status then return {'missing', 0} end
if status ~= 'pending' then return {status, 0} end
local function decide(to)
  redis.call('HSET', req, 'status', to, 'decidedAt', tostring(now), 'decidedBy', user)
  redis.call('HINCRBY', req, 'version', 1)
  redis.call('ZREM', pending, id)
  return {to, 1}
end
if now >= tonumber(redis.call('HGET', req, 'expiresAt')) then return decide('expired') end
if op == 'expire' then return {status, 0} end
if op == 'approve' then
  local added = redis.call('HSETNX', votes, user, tostring(now) .. '|' .. via)
  if added == 1 then redis.call('HINCRBY', req, 'version', 1) end
  if redis.call('HLEN', votes) >= tonumber(redis.call('HGET', req, 'required')) then return decide('approved') end
  return {status, added}
elseif op == 'withdraw' then
  local removed = redis.call('HDEL', votes, user)
  if removed == 1 then redis.call('HINCRBY', req, 'version', 1) end
  return {status, removed}
elseif op == 'reject' then
  return decide('rejected')
elseif op == 'cancel' then
  return decide('cancelled')
end
return {status, 0}`;

/** approved → executing, or executing → executing (a retried run). Anything else refuses. */
const START_EXECUTION = `
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'approved' then
  redis.call('HSET', KEYS[1], 'status', 'executing')
  redis.call('HINCRBY', KEYS[1], 'version', 1)
  return 'executing'
end
return status or 'missing'`;

const FINISH = `
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'executing' then return status or 'missing' end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'outcome', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'version', 1)
return ARGV[1]`;

export function hashAction(action: MutatingJob): string {
  const { approval: _approval, requester, ...rest } = action as MutatingJob & { approval?: unknown };
  // The response_url changes nothing PAI sees; everything else does.
  const { responseUrl: _url, ...who } = requester;
  return createHash('sha256').update(canonicalJson({ ...rest, requester: who })).digest('hex');
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

export interface RequestStore {
  create(data: RequestData, required: number, expiresAt: number): Promise<void>;
  attachMessage(id: string, channelId: string, ts: string): Promise<void>;
  get(id: string): Promise<ApprovalRequest | undefined>;
  byMessage(channelId: string, ts: string): Promise<string | undefined>;
  vote(id: string, op: VoteOp, user: string, now: number, via?: Vote['via']): Promise<VoteResult>;
  markQueued(id: string, at: number): Promise<void>;
  startExecution(id: string): Promise<RequestStatus | 'missing'>;
  finish(id: string, status: 'executed' | 'failed', outcome: string): Promise<RequestStatus | 'missing'>;
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
  const RETAIN_S = 30 * 86_400;

  return {
    async create(data, required, expiresAt) {
      await redis
        .multi()
        .hset(reqKey(data.id), { status: 'pending', required: String(required), expiresAt: String(expiresAt), requester: data.requester, data: JSON.stringify(data), version: '1' })
        .expire(reqKey(data.id), RETAIN_S)
        .zadd(pendingKey, expiresAt, data.id)
        .zadd(recentKey, data.createdAt, data.id)
        .exec();
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
          .map(([user, v]) => ({ user, at: Number(v.split('|')[0]), via: (v.split('|')[1] ?? 'reaction') as Vote['via'] }))
          .sort((a, b) => a.at - b.at),
        ...(fields.decidedBy ? { decidedBy: fields.decidedBy } : {}),
        ...(fields.decidedAt ? { decidedAt: Number(fields.decidedAt) } : {}),
        ...(fields.queuedAt ? { queuedAt: Number(fields.queuedAt) } : {}),
        ...(fields.outcome ? { outcome: fields.outcome } : {}),
        version: Number(fields.version ?? 1),
      };
    },
    async byMessage(channelId, ts) {
      return (await redis.get(msgKey(channelId, ts))) ?? undefined;
    },
    async vote(id, op, user, now, via = 'reaction') {
      const [status, changed] = (await redis.eval(VOTE, 3, reqKey(id), votesKey(id), pendingKey, op, user, String(now), via, id)) as [string, number];
      if (status !== 'missing') await redis.expire(votesKey(id), RETAIN_S);
      return { status: status as VoteResult['status'], changed: changed === 1 };
    },
    async markQueued(id, at) {
      await redis.hset(reqKey(id), 'queuedAt', String(at));
    },
    async startExecution(id) {
      return (await redis.eval(START_EXECUTION, 1, reqKey(id))) as RequestStatus | 'missing';
    },
    async finish(id, status, outcome) {
      return (await redis.eval(FINISH, 1, reqKey(id), status, outcome)) as RequestStatus | 'missing';
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
