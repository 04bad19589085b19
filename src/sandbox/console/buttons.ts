// `:click`: the console remembers the most recent private message (an ack, an ephemeral or a
// response_url answer) that carried buttons, finds a button on it by its text or action_id, and
// builds the block_actions payload Slack would send for that click. Pure apart from ButtonBoard's
// own memory, so the unit tests cover the matching and the payload shape.

import { randomBytes } from 'node:crypto';
import { DEFAULT_APP_ID, DEFAULT_TEAM_ID } from '../fake-slack/defaults.js';

export interface ButtonRef {
  /** The label a user sees. */
  text: string;
  actionId: string;
  blockId?: string;
  value?: string;
}

export type ButtonSource = 'ack' | 'ephemeral' | 'response';

export interface ButtonMessage {
  source: ButtonSource;
  buttons: ButtonRef[];
  /** The message's ts when Slack told us one (chat.postEphemeral); else a synthetic one, stable per message. */
  messageTs: string;
  synthetic: boolean;
  /** Where and to whom it was shown, when known. */
  channel?: string;
  user?: string;
  /** response_url ids whose replace_original/delete_original answer replaces this message. */
  replacedBy: Set<string>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const plain = (v: unknown): string => (isObj(v) && typeof v.text === 'string' ? v.text : '');

function buttonOf(el: unknown, blockId: string | undefined): ButtonRef | undefined {
  if (!isObj(el) || el.type !== 'button' || typeof el.action_id !== 'string') return undefined;
  return {
    text: plain(el.text),
    actionId: el.action_id,
    ...(blockId ? { blockId } : {}),
    ...(typeof el.value === 'string' ? { value: el.value } : {}),
  };
}

/** Every button in Block Kit blocks: elements of actions blocks and section accessories, in order. */
export function buttonsOf(blocks: unknown): ButtonRef[] {
  if (!Array.isArray(blocks)) return [];
  const found: ButtonRef[] = [];
  for (const b of blocks) {
    if (!isObj(b)) continue;
    const blockId = typeof b.block_id === 'string' ? b.block_id : undefined;
    const candidates = b.type === 'actions' && Array.isArray(b.elements) ? b.elements : b.type === 'section' ? [b.accessory] : [];
    for (const el of candidates) {
      const button = buttonOf(el, blockId);
      if (button) found.push(button);
    }
  }
  return found;
}

/** How the transcript shows a message's buttons, e.g. `[Stop iris] [Cancel]`. */
export function buttonLabels(buttons: readonly ButtonRef[]): string {
  return buttons.map((b) => `[${b.text || b.actionId}]`).join(' ');
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

export type ButtonPick = { ok: true; button: ButtonRef } | { ok: false; error: string };

/**
 * The button `target` names: its action_id exactly, else its text (case-insensitive), else the one
 * button whose text contains it. Several equally good matches are refused rather than guessed.
 */
export function pickButton(buttons: readonly ButtonRef[], target: string): ButtonPick {
  const wanted = norm(target);
  const tiers = [
    buttons.filter((b) => b.actionId === target.trim()),
    buttons.filter((b) => norm(b.text) === wanted),
    buttons.filter((b) => wanted !== '' && norm(b.text).includes(wanted)),
  ];
  for (const tier of tiers) {
    if (tier.length === 1) return { ok: true, button: tier[0]! };
    if (tier.length > 1) return { ok: false, error: `"${target}" matches ${buttonLabels(tier)}; say which (the whole text or the action_id)` };
  }
  const list = buttons.map((b) => `[${b.text}] (${b.actionId})`).join(', ');
  return { ok: false, error: `no button "${target}" on the last message with buttons; it has ${list}` };
}

let syntheticSeq = 0;

/** Slack-shaped ts ('<seconds>.<6 digits>') for a message Slack never gave one (acks, response_url answers). */
export function syntheticTs(nowMs = Date.now()): string {
  syntheticSeq = (syntheticSeq + 1) % 1_000_000;
  return `${Math.floor(nowMs / 1000)}.${String(syntheticSeq).padStart(6, '0')}`;
}

export interface NoteOptions {
  messageTs?: string;
  channel?: string;
  user?: string;
  /** The response_url id that may replace this message (an ack's command, a response's own url). */
  replacedBy?: string;
}

/** The most recent private message that had buttons: what `:click` clicks on. */
export class ButtonBoard {
  private current: ButtonMessage | undefined;
  private replaced: ButtonMessage | undefined;

  get latest(): ButtonMessage | undefined {
    return this.current;
  }

  /** Why there is nothing to click, for `:click`'s error. */
  get nothingToClick(): string {
    return this.replaced
      ? `no message with buttons to click: the bot replaced the last one (${buttonLabels(this.replaced.buttons)}) after a click, so its buttons are gone`
      : 'no message with buttons to click yet: buttons come with answers such as the confirmation of /pai eas stop <service>';
  }

  /** Remembers a message if it has buttons; returns it (undefined when it had none). */
  note(source: ButtonSource, blocks: unknown, opts: NoteOptions = {}): ButtonMessage | undefined {
    const buttons = buttonsOf(blocks);
    if (buttons.length === 0) return undefined;
    this.current = {
      source,
      buttons,
      messageTs: opts.messageTs ?? syntheticTs(),
      synthetic: opts.messageTs === undefined,
      ...(opts.channel ? { channel: opts.channel } : {}),
      ...(opts.user ? { user: opts.user } : {}),
      replacedBy: new Set(opts.replacedBy ? [opts.replacedBy] : []),
    };
    return this.current;
  }

  /**
   * A response_url answer arrived. One that replaces (or deletes) the remembered message takes its
   * buttons away, as in Slack; one with buttons of its own becomes the message to click.
   */
  response(id: string, body: unknown): void {
    const b = isObj(body) ? body : {};
    const replaces = b.replace_original === true || b.delete_original === true;
    if (replaces && this.current?.replacedBy.has(id)) {
      this.replaced = this.current;
      this.current = undefined;
    }
    if (b.delete_original !== true) this.note('response', b.blocks, { replacedBy: id });
  }
}

export interface ClickParams {
  message: ButtonMessage;
  button: ButtonRef;
  user: string;
  channel: string;
  responseUrl: string;
}

/** The block_actions payload Slack sends when `user` clicks `button` on an ephemeral message in `channel`. */
export function blockActionsPayload(p: ClickParams): Record<string, unknown> {
  const nowSec = Date.now() / 1000;
  return {
    type: 'block_actions',
    user: { id: p.user, username: p.user.toLowerCase(), name: p.user.toLowerCase(), team_id: DEFAULT_TEAM_ID },
    api_app_id: DEFAULT_APP_ID,
    token: 'fake-verification-token',
    container: { type: 'message', message_ts: p.message.messageTs, channel_id: p.channel, is_ephemeral: true },
    trigger_id: `${Math.floor(nowSec)}.${Math.floor(Math.random() * 1e9)}.${randomBytes(10).toString('hex')}`,
    team: { id: DEFAULT_TEAM_ID, domain: 'fake-workspace' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: p.channel, name: p.channel.toLowerCase() },
    state: { values: {} },
    response_url: p.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: p.button.actionId,
        block_id: p.button.blockId ?? 'sandbox',
        text: { type: 'plain_text', text: p.button.text, emoji: true },
        ...(p.button.value !== undefined ? { value: p.button.value } : {}),
        action_ts: nowSec.toFixed(6),
      },
    ],
  };
}
