// Web API method handlers. Each takes parsed args and answers the JSON Slack would, {ok:false,error} included.

import type { FakeSlackStore, TsGenerator } from './store.js';
import type { SlackMessage } from './types.js';
import { validateBlocks, validateText, type ValidationError } from './validate.js';
import { type ViewStore, viewsOpen, viewsPublish } from './views.js';

type Args = Record<string, unknown>;
type Result = Record<string, unknown>;

export interface MethodContext {
  store: FakeSlackStore;
  ts: TsGenerator;
  botUserId: string;
  botId: string;
  teamId: string;
  views: ViewStore;
  emit(kind: 'message' | 'update' | 'ephemeral', item: unknown): void;
}

const fail = (error: string, extra: Result = {}): Result => ({ ok: false, error, ...extra });
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

function invalid(v: ValidationError | undefined): Result | undefined {
  if (!v) return undefined;
  return fail(
    v.error,
    v.errors ? { errors: v.errors, response_metadata: { messages: v.errors.map((e) => `[ERROR] ${e}`) } } : {},
  );
}

function wire(m: SlackMessage, botId: string): Result {
  return {
    type: 'message',
    user: m.user,
    bot_id: botId,
    text: m.text,
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
    ...(m.metadata ? { metadata: m.metadata } : {}),
    ts: m.ts,
  };
}

function postMessage(a: Args, c: MethodContext): Result {
  const channel = str(a.channel);
  if (!channel) return fail('channel_not_found');
  if (a.text === undefined && a.blocks === undefined && a.attachments === undefined) return fail('no_text');
  const bad = invalid(validateText(a.text)) ?? invalid(validateBlocks(a.blocks));
  if (bad) return bad;
  let threadTs = str(a.thread_ts);
  if (threadTs) {
    const parent = c.store.find(channel, threadTs);
    if (!parent) return fail('thread_not_found');
    threadTs = parent.thread_ts ?? parent.ts; // replying to a reply lands in the same thread
  }
  const msg: SlackMessage = {
    channel,
    ts: c.ts.next(),
    text: typeof a.text === 'string' ? a.text : '',
    blocks: a.blocks as unknown[] | undefined,
    ...(threadTs ? { thread_ts: threadTs } : {}),
    user: c.botUserId,
    ...(a.metadata !== undefined ? { metadata: a.metadata } : {}),
    edits: 0,
    history: [],
    reactions: [],
  };
  c.store.messages.push(msg);
  c.emit('message', msg);
  return { ok: true, channel, ts: msg.ts, message: wire(msg, c.botId) };
}

function update(a: Args, c: MethodContext): Result {
  const channel = str(a.channel);
  const ts = str(a.ts);
  if (!channel) return fail('channel_not_found');
  const msg = ts ? c.store.find(channel, ts) : undefined;
  if (!msg) return fail('message_not_found');
  if (a.text === undefined && a.blocks === undefined && a.attachments === undefined) return fail('no_text');
  const bad = invalid(validateText(a.text)) ?? invalid(validateBlocks(a.blocks));
  if (bad) return bad;
  msg.history.push({ text: msg.text, blocks: msg.blocks });
  msg.edits += 1;
  // Slack keeps fields the update omits; an empty blocks array is how a caller clears them.
  if (typeof a.text === 'string') msg.text = a.text;
  if (a.blocks !== undefined) msg.blocks = (a.blocks as unknown[]).length > 0 ? (a.blocks as unknown[]) : undefined;
  if (a.metadata !== undefined) msg.metadata = a.metadata;
  c.emit('update', msg);
  return { ok: true, channel, ts: msg.ts, text: msg.text, message: wire(msg, c.botId) };
}

function postEphemeral(a: Args, c: MethodContext): Result {
  const channel = str(a.channel);
  const user = str(a.user);
  if (!channel) return fail('channel_not_found');
  if (!user) return fail('user_not_found');
  if (a.text === undefined && a.blocks === undefined && a.attachments === undefined) return fail('no_text');
  const bad = invalid(validateText(a.text)) ?? invalid(validateBlocks(a.blocks));
  if (bad) return bad;
  const threadTs = str(a.thread_ts);
  const item = {
    channel,
    user,
    text: typeof a.text === 'string' ? a.text : '',
    ...(Array.isArray(a.blocks) ? { blocks: a.blocks } : {}),
    ...(threadTs ? { thread_ts: threadTs } : {}),
    message_ts: c.ts.next(),
  };
  c.store.ephemerals.push(item);
  c.emit('ephemeral', item);
  return { ok: true, message_ts: item.message_ts };
}

function reactionTarget(a: Args, c: MethodContext): SlackMessage | Result {
  const channel = str(a.channel);
  const ts = str(a.timestamp);
  if (!channel || !ts) return fail('no_item_specified');
  return c.store.find(channel, ts) ?? fail('message_not_found');
}

const isResult = (v: SlackMessage | Result): v is Result => 'ok' in v;

function reactionsAdd(a: Args, c: MethodContext): Result {
  const target = reactionTarget(a, c);
  if (isResult(target)) return target;
  const name = str(a.name);
  if (!name) return fail('invalid_name');
  return c.store.react(target, name.replace(/^:|:$/g, ''), c.botUserId) ? { ok: true } : fail('already_reacted');
}

function reactionsGet(a: Args, c: MethodContext): Result {
  const target = reactionTarget(a, c);
  if (isResult(target)) return target;
  const reactions = target.reactions
    .filter((r) => r.users.length > 0)
    .map((r) => ({ name: r.name, count: r.users.length, users: [...r.users] }));
  return {
    ok: true,
    type: 'message',
    channel: target.channel,
    message: { ...wire(target, c.botId), ...(reactions.length > 0 ? { reactions } : {}) },
  };
}

function usersInfo(a: Args, c: MethodContext): Result {
  const id = str(a.user);
  if (!id) return fail('user_not_found');
  const isBot = id === c.botUserId;
  const name = isBot ? 'pai-bot' : id.toLowerCase();
  const realName = isBot ? 'PAI Bot' : `User ${id}`;
  return {
    ok: true,
    user: {
      id,
      team_id: c.teamId,
      name,
      real_name: realName,
      is_bot: isBot,
      deleted: false,
      tz: 'Asia/Shanghai',
      tz_offset: 28800,
      profile: {
        real_name: realName,
        display_name: name,
        ...(isBot ? { bot_id: c.botId } : { email: `${name}@example.com` }),
      },
    },
  };
}

function usergroupUsers(a: Args, c: MethodContext): Result {
  const users = c.store.usergroups.get(str(a.usergroup) ?? '');
  return users ? { ok: true, users: [...users] } : fail('no_such_subteam');
}

function conversationsInfo(a: Args): Result {
  const id = str(a.channel);
  if (!id) return fail('channel_not_found');
  const isIm = id.startsWith('D');
  return {
    ok: true,
    channel: {
      id,
      name: isIm ? undefined : id.toLowerCase(),
      is_channel: id.startsWith('C'),
      is_group: id.startsWith('G'),
      is_im: isIm,
      is_private: !id.startsWith('C'),
      is_member: true,
      is_archived: false,
    },
  };
}

function authTest(_a: Args, c: MethodContext): Result {
  return {
    ok: true,
    url: 'https://fake-workspace.slack.com/',
    team: 'Fake Workspace',
    user: 'pai-bot',
    team_id: c.teamId,
    user_id: c.botUserId,
    bot_id: c.botId,
    is_enterprise_install: false,
  };
}

export const METHODS: Record<string, (a: Args, c: MethodContext) => Result> = {
  'auth.test': authTest,
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.postEphemeral': postEphemeral,
  'reactions.add': reactionsAdd,
  'reactions.get': reactionsGet,
  'users.info': usersInfo,
  'usergroups.users.list': usergroupUsers,
  'conversations.info': conversationsInfo,
  // Trigger ids expire on the wall clock, as Slack's do, whatever the fake's clock says.
  'views.publish': (a, c) => viewsPublish(a, c.views, Date.now()),
  'views.open': (a, c) => viewsOpen(a, c.views, Date.now()),
};
