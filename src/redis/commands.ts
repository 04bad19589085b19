// The bot's Redis Lua scripts, one file each in commands/ next to this module, named `<name>-<numberOfKeys>.lua`
// (a name without a count takes a variable number of keys). Each is registered with ioredis' defineCommand the first
// time a client runs it: ioredis then sends EVAL once per connection and EVALSHA after, so the script text no longer
// travels with every call. A line `--- @include "includes/<name>"` is replaced by commands/includes/<name>.lua, for
// the Lua that several scripts share.
//
// The files are read once, when this module loads, from beside it: src/redis/commands under tsx, dist/redis/commands
// in the built bot (the build copies them), so a build that lost them fails at startup, not at a script's first use.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';

/**
 * Every script's keys, arguments (strings, as Redis receives them) and reply, by name. The headers of the .lua files
 * say what each key and argument means; the names here are the files' names without the key count.
 */
export interface RedisScripts {
  claimNotebookDigest: { keys: [claim: string]; args: [now: string, everyMs: string]; reply: number };
  reservePaceTurn: { keys: [pace: string]; args: [now: string, intervalMs: string]; reply: number };
  pushBackPace: { keys: [pace: string]; args: [now: string, freeAt: string]; reply: number };
  outboxPost: {
    keys: [queue: string, due: string, once: string];
    args: [item: string, now: string, channel: string];
    reply: number;
  };
  outboxUpdate: {
    keys: [queue: string, due: string, updates: string, versions: string];
    args: [item: string, now: string, channel: string, ts: string, message: string, version: string];
    reply: number;
  };
  outboxClaimTurns: {
    keys: [due: string, booked: string];
    args: [now: string, intervalMs: string, limit: string, pacePrefix: string, queuePrefix: string];
    reply: [claimed: string[], nextTurn: string];
  };
  outboxPop: {
    keys: [queue: string, due: string, updates: string];
    args: [channel: string];
    reply: [item: string, message: string] | null;
  };
  outboxPutBack: {
    keys: [queue: string, due: string, updates: string, booked: string, pace: string];
    args: [
      item: string,
      channel: string,
      nextTurn: string,
      ts: string,
      message: string,
      now: string,
      rateLimited: string,
    ];
    reply: null;
  };
  createApprovalRequest: {
    keys: [req: string, pending: string, recent: string, byUser: string, byWorkspace: string, name: string];
    args: [
      id: string,
      now: string,
      expiresAt: string,
      maxPerUser: string,
      maxPerWorkspace: string,
      required: string,
      requester: string,
      data: string,
      holdMs: string,
      retainS: string,
      createdAt: string,
    ];
    reply: [outcome: string, detail: string];
  };
  voteOnApprovalRequest: {
    keys: [req: string, votes: string, pending: string];
    args: [op: string, user: string, now: string, via: string, id: string];
    reply: [status: string, changed: number];
  };
  claimApprovedRun: { keys: [req: string]; args: [owner: string]; reply: string };
  finishApprovedRun: {
    keys: [req: string];
    args: [status: string, outcome: string, owner: string, id: string];
    reply: string;
  };
  refuseApprovedRun: { keys: [req: string]; args: [outcome: string, id: string]; reply: string };
  advanceFailureMark: { keys: [mark: string]; args: [mark: string]; reply: null };
  reportPollOutcomes: {
    keys: [failing: string];
    args: [now: string, poller: string, outcomes: string];
    reply: [opened: string[], closed: string[]];
  };
  trackedCompareAndSet: {
    keys: [hash: string];
    args: [field: string, rev: string, json: string, create: '1' | '0'];
    reply: number;
  };
  claimDevAlert: {
    keys: [episode: string, window: string];
    args: [now: string, windowStart: string, max: string, token: string, claimS: string, windowMs: string];
    reply: [code: number, recent: number];
  };
  openAlertEpisode: {
    keys: [episode: string, open: string];
    args: [id: string, openedAt: string, keepMs: string, channel: string, ts: string, ...fieldsAndValues: string[]];
    reply: string;
  };
  acknowledgeAlertEpisode: {
    keys: [episode: string];
    args: [token: string, click: string, user: string, at: string];
    reply: string;
  };
  muteAlertEpisode: {
    keys: [episode: string, mutes: string];
    args: [token: string, click: string, user: string, until: string, at: string, resource: string, id: string];
    reply: string;
  };
  closeAlertEpisode: {
    keys: [episode: string, open: string, mutes: string];
    args: [id: string, token: string, at: string, keepMs: string, resource: string];
    reply: string[];
  };
  pruneOpenEpisodes: { keys: [open: string, ...episodes: string[]]; args: string[]; reply: number };
  takeChangeSlot: { keys: [slots: string]; args: [now: string, max: string, key: string]; reply: number };
  settleTicket: { keys: [ticket: string]; args: [wanted: string, ttlS: string]; reply: string };
  claimHomeView: {
    keys: [mark: string, publishes: string];
    args: [read: string, mark: string, keepMs: string, perMinute: string];
    reply: number;
  };
  releaseHomeView: { keys: [mark: string]; args: [claimed: string, previous: string, keepMs: string]; reply: number };
}

export type ScriptName = keyof RedisScripts;

/** Runs one script on the client it was taken from. */
export type ScriptCall<N extends ScriptName> = (
  keys: RedisScripts[N]['keys'],
  args: RedisScripts[N]['args'],
) => Promise<RedisScripts[N]['reply']>;

interface Script {
  lua: string;
  /** undefined: the caller's keys decide (passed to Redis as the count). */
  numberOfKeys: number | undefined;
}

const DIR = new URL('./commands/', import.meta.url);
const INCLUDE = /^--- @include "([\w/-]+)"\s*$/gm;

function withIncludes(lua: string, seen: readonly string[]): string {
  return lua.replace(INCLUDE, (_line, name: string) => {
    if (seen.includes(name)) throw new Error(`Redis script include cycle: ${[...seen, name].join(' -> ')}`);
    return withIncludes(readFileSync(new URL(`${name}.lua`, DIR), 'utf8'), [...seen, name]);
  });
}

function loadScripts(): Map<string, Script> {
  const scripts = new Map<string, Script>();
  for (const file of readdirSync(DIR)) {
    const m = /^([A-Za-z]+)(?:-(\d+))?\.lua$/.exec(file);
    if (!m) continue;
    const [, name, count] = m;
    if (scripts.has(name!)) throw new Error(`two Redis scripts named ${name} in ${fileURLToPath(DIR)}`);
    const lua = withIncludes(readFileSync(new URL(file, DIR), 'utf8'), []);
    scripts.set(name!, { lua, numberOfKeys: count === undefined ? undefined : Number(count) });
  }
  return scripts;
}

const SCRIPTS = loadScripts();

type Untyped = (keys: readonly string[], args: readonly string[]) => Promise<unknown>;

/** The scripts each client has registered: defined once per client, however many stores share it. */
const defined = new WeakMap<Redis, Map<ScriptName, Untyped>>();

function define(redis: Redis, name: ScriptName): Untyped {
  const script = SCRIPTS.get(name);
  if (!script) throw new Error(`no Redis script ${name} in ${fileURLToPath(DIR)}`);
  // defineCommand adds a method of that name to the client: it must not hide one of ioredis' own.
  if (name in redis) throw new Error(`Redis script ${name} would replace the client's own ${name}()`);
  const { lua, numberOfKeys } = script;
  redis.defineCommand(name, numberOfKeys === undefined ? { lua } : { lua, numberOfKeys });
  const command = (redis as unknown as Record<ScriptName, (...args: (string | number)[]) => Promise<unknown>>)[name];
  return (keys, args) => {
    if (numberOfKeys === undefined) return command.call(redis, keys.length, ...keys, ...args);
    if (keys.length !== numberOfKeys) {
      return Promise.reject(new Error(`Redis script ${name} takes ${numberOfKeys} keys, was given ${keys.length}`));
    }
    return command.call(redis, ...keys, ...args);
  };
}

/** The script `name` on this client, registered on first use; call it as often as needed. */
export function scriptOn<N extends ScriptName>(redis: Redis, name: N): ScriptCall<N> {
  let mine = defined.get(redis);
  if (!mine) defined.set(redis, (mine = new Map()));
  let call = mine.get(name);
  if (!call) mine.set(name, (call = define(redis, name)));
  return call as ScriptCall<N>;
}

/** Runs the script `name` on this client (registering it on first use). */
export function runScript<N extends ScriptName>(
  redis: Redis,
  name: N,
  keys: RedisScripts[N]['keys'],
  args: RedisScripts[N]['args'],
): Promise<RedisScripts[N]['reply']> {
  return scriptOn(redis, name)(keys, args);
}
