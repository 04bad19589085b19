// `:click`: the console remembers the most recent private message (an ack, an ephemeral or a
// response_url answer) that carried buttons, finds a button on it by its text or action_id (and, where
// several buttons read the same, a word of the line above it), and builds the block_actions payload
// Slack would send for that click. Buttons on channel messages (the idle digest, approval requests,
// alerts) are found by channel-controls.ts. Pure apart from ButtonBoard's own memory, so the unit
// tests cover the matching and the payload shapes.

import { randomBytes } from 'node:crypto';
import { DEFAULT_APP_ID, DEFAULT_TEAM_ID } from '@pai-bot/fake-slack/defaults.js';
import type { OpenModal } from './modal-form.js';

export interface ButtonRef {
  /** The label a user sees. */
  text: string;
  actionId: string;
  blockId?: string;
  value?: string;
  /** A confirmation dialog Slack shows before it sends the click: its title and its confirm button's text. */
  confirm?: { title: string; ok: string };
}

/** A button with the text of the section it belongs to (its own, or the one above its actions block). */
export interface PlacedButton {
  button: ButtonRef;
  context?: string;
}

/** The text each button is placed under, for `:click Stop left-on`; undefined where a button has none. */
export type ContextOf = (button: ButtonRef) => string | undefined;

/** `home`: the App Home `:home` printed last (a view, not a message: home-view.ts builds its clicks). */
export type ButtonSource = 'ack' | 'ephemeral' | 'response' | 'home';

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
  /** The text above each button (see PlacedButton). */
  contexts: ReadonlyMap<ButtonRef, string>;
  /** When it arrived, in ButtonBoard's order (channel messages share it): the most recent message is clicked. */
  seq: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const plain = (v: unknown): string => (isObj(v) && typeof v.text === 'string' ? v.text : '');

function buttonOf(el: unknown, blockId: string | undefined): ButtonRef | undefined {
  if (!isObj(el) || el.type !== 'button' || typeof el.action_id !== 'string') return undefined;
  const dialog = isObj(el.confirm) ? el.confirm : undefined;
  return {
    text: plain(el.text),
    actionId: el.action_id,
    ...(blockId ? { blockId } : {}),
    ...(typeof el.value === 'string' ? { value: el.value } : {}),
    ...(dialog ? { confirm: { title: plain(dialog.title), ok: plain(dialog.confirm) || 'Confirm' } } : {}),
  };
}

type ReadControl<T> = (el: unknown, blockId: string | undefined, context: string | undefined) => T | undefined;

/**
 * The interactive elements of Block Kit blocks (elements of actions blocks, section accessories), in order, with
 * their block's id and the text of their section (a section's own for its accessory, else the last one above).
 */
function controlsOf<T>(blocks: unknown, read: ReadControl<T>): T[] {
  if (!Array.isArray(blocks)) return [];
  const found: T[] = [];
  let context: string | undefined;
  for (const b of blocks) {
    if (!isObj(b)) continue;
    const blockId = typeof b.block_id === 'string' ? b.block_id : undefined;
    if (b.type === 'section') context = plain(b.text) || context;
    const candidates =
      b.type === 'actions' && Array.isArray(b.elements) ? b.elements : b.type === 'section' ? [b.accessory] : [];
    for (const el of candidates) {
      const control = read(el, blockId, context);
      if (control) found.push(control);
    }
  }
  return found;
}

/** Every button in Block Kit blocks: elements of actions blocks and section accessories, in order. */
export function buttonsOf(blocks: unknown): ButtonRef[] {
  return controlsOf(blocks, buttonOf);
}

/** Every button with the text it is placed under. */
export function placedButtonsOf(blocks: unknown): PlacedButton[] {
  return controlsOf(blocks, (el, blockId, context) => {
    const button = buttonOf(el, blockId);
    return button && { button, ...(context ? { context } : {}) };
  });
}

/** The buttons of `placed`, and where each is placed, as pickButton takes them. */
export function withContexts(placed: readonly PlacedButton[]): { buttons: ButtonRef[]; contextOf: ContextOf } {
  const contexts = new Map(placed.flatMap((p) => (p.context ? [[p.button, p.context] as const] : [])));
  return { buttons: placed.map((p) => p.button), contextOf: (b) => contexts.get(b) };
}

export interface MenuOption {
  text: string;
  value: string;
}

/** A static_select: a menu whose choice is sent the moment it is picked (no submit), like the alerts' Mute menu. */
export interface MenuRef {
  /** The placeholder a user sees before choosing, e.g. `Mute…`. */
  placeholder: string;
  actionId: string;
  blockId?: string;
  options: MenuOption[];
}

function menuOf(el: unknown, blockId: string | undefined): MenuRef | undefined {
  if (!isObj(el) || el.type !== 'static_select' || typeof el.action_id !== 'string') return undefined;
  const options = (Array.isArray(el.options) ? el.options : []).flatMap((o): MenuOption[] =>
    isObj(o) && typeof o.value === 'string' ? [{ text: plain(o.text), value: o.value }] : [],
  );
  return { placeholder: plain(el.placeholder), actionId: el.action_id, ...(blockId ? { blockId } : {}), options };
}

/** Every static_select in Block Kit blocks, where buttonsOf looks for buttons. */
export function menusOf(blocks: unknown): MenuRef[] {
  return controlsOf(blocks, menuOf);
}

/** How the transcript shows a message's buttons, e.g. `[Stop iris] [Cancel]`. */
export function buttonLabels(buttons: readonly ButtonRef[]): string {
  return buttons.map((b) => `[${b.text || b.actionId}]`).join(' ');
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
/** The words of a context as a reader sees them: mrkdwn's emphasis and code marks are not part of any word. */
const contextWords = (context: string) => norm(context.replace(/[*`~]/g, ' '));
const WORD_CHAR = /[a-z0-9._-]/;

/** Whether `context` contains the words `words` as whole words (`left-on` is not in `left-on-2`). */
export function mentions(context: string | undefined, words: string): boolean {
  if (!context || words === '') return false;
  const hay = contextWords(context);
  for (let at = hay.indexOf(words); at >= 0; at = hay.indexOf(words, at + 1)) {
    const [before, after] = [hay[at - 1] ?? ' ', hay[at + words.length] ?? ' '];
    if (!WORD_CHAR.test(before) && !WORD_CHAR.test(after)) return true;
  }
  return false;
}

export type ButtonPick = { ok: true; button: ButtonRef } | { ok: false; error: string };

/**
 * The button `target` names: its action_id exactly, else its text (case-insensitive), else the one
 * button whose text contains it, else (`Stop left-on`) a button so named followed by words of the line
 * above it. Several equally good matches are refused rather than guessed.
 */
export function pickButton(buttons: readonly ButtonRef[], target: string, contextOf?: ContextOf): ButtonPick {
  const matched = matchButtons(buttons, target, contextOf);
  if (matched.length === 1) return { ok: true, button: matched[0]! };
  if (matched.length > 1) return { ok: false, error: ambiguous(target, matched, contextOf) };
  const list = buttons.map((b) => `[${b.text}] (${b.actionId})`).join(', ');
  return { ok: false, error: `no button "${target}" on the last message with buttons; it has ${list}` };
}

/** The buttons of the best tier `target` matches (see pickButton): none, the one, or several equally good. */
export function matchButtons(buttons: readonly ButtonRef[], target: string, contextOf?: ContextOf): ButtonRef[] {
  const wanted = norm(target);
  const words = wanted.split(' ');
  // `<button> <words of the line above it>`: every split of the words into the two, the button named exactly first.
  const placed = (exact: boolean) =>
    buttons.filter((b) =>
      words.slice(1).some((_, i) => {
        const [head, tail] = [words.slice(0, i + 1).join(' '), words.slice(i + 1).join(' ')];
        const named = exact ? b.actionId.toLowerCase() === head || norm(b.text) === head : norm(b.text).includes(head);
        return named && mentions(contextOf?.(b), tail);
      }),
    );
  const tiers = [
    () => buttons.filter((b) => b.actionId === target.trim()),
    () => buttons.filter((b) => norm(b.text) === wanted),
    () => buttons.filter((b) => wanted !== '' && norm(b.text).includes(wanted)),
    () => placed(true),
    () => placed(false),
  ];
  for (const tier of tiers) {
    const found = tier();
    if (found.length > 0) return found;
  }
  return [];
}

/** The first word of the line above a button, for the example in an ambiguity error or a hint. */
export function firstWord(context: string | undefined): string | undefined {
  return context
    ? contextWords(context)
        .split(' ')
        .find((w) => /[a-z0-9]/.test(w))
    : undefined;
}

/** Why `target` is ambiguous; buttons that read alike are told apart by the line above each. */
export function ambiguous(target: string, matched: readonly ButtonRef[], contextOf?: ContextOf): string {
  const sameText = matched.every((b) => norm(b.text) === norm(matched[0]!.text));
  const firsts = matched.map((b) => firstWord(contextOf?.(b)));
  if (!sameText || firsts.some((w) => w === undefined))
    return `"${target}" matches ${buttonLabels(matched)}; say which (the whole text or the action_id)`;
  const label = matched[0]!.text || matched[0]!.actionId;
  return `"${target}" matches ${matched.length} buttons [${label}], one under each of ${firsts.join(', ')}; name the one you mean after the button, e.g. :click ${label} ${firsts[0]}`;
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

/**
 * The most recent private message that had buttons: what `:click` clicks on. It also numbers the channel
 * messages with buttons as they arrive, so `:click` can tell which message showing a button is the most recent.
 */
export class ButtonBoard {
  private current: ButtonMessage | undefined;
  private replaced: ButtonMessage | undefined;
  private seq = 0;
  private readonly postedSeq = new Map<string, number>();
  /** The modal a `/pai` line opened, until a submission closes it: what `:fill` and `:submit` act on (run-modal.ts). */
  modal: OpenModal | undefined;

  /** A message with buttons was posted in a channel (not edited: an edit keeps its place). */
  notePosted(channel: string, ts: string): void {
    this.postedSeq.set(`${channel}/${ts}`, ++this.seq);
  }

  /** The arrival number of a channel message (0 if it came before the console started following Slack). */
  seqOf(channel: string, ts: string): number {
    return this.postedSeq.get(`${channel}/${ts}`) ?? 0;
  }

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
    const placed = placedButtonsOf(blocks);
    if (placed.length === 0) return undefined;
    this.current = {
      source,
      buttons: placed.map((p) => p.button),
      contexts: new Map(placed.flatMap((p) => (p.context ? [[p.button, p.context] as const] : []))),
      seq: ++this.seq,
      messageTs: opts.messageTs ?? syntheticTs(),
      synthetic: opts.messageTs === undefined,
      ...(opts.channel ? { channel: opts.channel } : {}),
      ...(opts.user ? { user: opts.user } : {}),
      replacedBy: new Set(opts.replacedBy ? [opts.replacedBy] : []),
    };
    return this.current;
  }

  /** `:home` printed `user`'s App Home: its buttons are the ones to click until a message with buttons comes. */
  noteHome(user: string, blocks: unknown): void {
    this.note('home', blocks, { user });
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
