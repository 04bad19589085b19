// views.publish and views.open, checked the way Slack refuses them: a Home view needs the user and type `home`,
// every view at most 100 blocks, a modal's title/submit/close at most 24 characters, and views.open a trigger id
// used once within 3 s. The bot's requests carry trigger ids the test harness made up, so a trigger id counts as
// issued when the fake first sees it (or when a test issues it with `issueTrigger`), and expires 3 s later or on use.

import { validateViewBlocks, type ValidationError } from './validate.js';

type Args = Record<string, unknown>;
type Result = Record<string, unknown>;

export const MAX_VIEW_BLOCKS = 100;
export const MAX_MODAL_TEXT = 24;
export const TRIGGER_TTL_MS = 3_000;

export interface PublishedView {
  userId: string;
  view: Record<string, unknown>;
  /** Wall-clock epoch ms. */
  at: number;
}

export interface OpenedView {
  triggerId: string;
  view: Record<string, unknown>;
  at: number;
}

export class ViewStore {
  readonly published: PublishedView[] = [];
  readonly opened: OpenedView[] = [];
  /** trigger id → when it was issued (first seen), wall clock; deleted once used. */
  private readonly triggers = new Map<string, number>();
  private readonly usedTriggers = new Set<string>();

  issueTrigger(id: string, at: number): void {
    if (!this.triggers.has(id) && !this.usedTriggers.has(id)) this.triggers.set(id, at);
  }

  /** Takes the trigger for one views.open: true when fresh, false when used or older than 3 s. */
  takeTrigger(id: string, at: number): boolean {
    this.issueTrigger(id, at);
    const issued = this.triggers.get(id);
    this.triggers.delete(id);
    this.usedTriggers.add(id);
    return issued !== undefined && at - issued <= TRIGGER_TTL_MS;
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (error: string, errors?: string[]): Result => ({
  ok: false,
  error,
  ...(errors ? { errors, response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } } : {}),
});

function fromValidation(v: ValidationError): Result {
  return fail(v.error, v.errors);
}

/** The checks every view gets; undefined when Slack would take it. */
function checkView(view: unknown): Result | undefined {
  if (!isObj(view)) return fail('invalid_arguments', ['view must be a JSON object']);
  if (view.type !== 'home' && view.type !== 'modal')
    return fail('invalid_arguments', [`view type must be home or modal (got ${String(view.type)})`]);
  if (!Array.isArray(view.blocks)) return fail('invalid_arguments', ['view.blocks must be a list']);
  if (view.blocks.length > MAX_VIEW_BLOCKS)
    return fail('invalid_arguments', [`must provide at most ${MAX_VIEW_BLOCKS} blocks [json-pointer:/view/blocks]`]);
  const bad = validateViewBlocks(view.blocks);
  if (bad) return fromValidation(bad);
  if (view.type === 'modal') {
    for (const key of ['title', 'submit', 'close'] as const) {
      const t = view[key];
      if (t === undefined && key !== 'title') continue;
      const text = isObj(t) && t.type === 'plain_text' && typeof t.text === 'string' ? t.text : undefined;
      if (text === undefined) return fail('invalid_arguments', [`view.${key} must be plain_text`]);
      if (text.length > MAX_MODAL_TEXT)
        return fail('invalid_arguments', [
          `must be less than ${MAX_MODAL_TEXT + 1} characters [json-pointer:/view/${key}/text]`,
        ]);
    }
  }
  return undefined;
}

export function viewsPublish(a: Args, views: ViewStore, now: number): Result {
  const userId = typeof a.user_id === 'string' && a.user_id ? a.user_id : undefined;
  if (!userId) return fail('invalid_arguments', ['user_id is required']);
  if (!/^[UW][A-Z0-9]+$/.test(userId)) return fail('user_not_found');
  if (!isObj(a.view)) return fail('invalid_arguments', ['view is required']);
  if (a.view.type !== 'home') return fail('invalid_arguments', ['views.publish takes a view of type home']);
  const bad = checkView(a.view);
  if (bad) return bad;
  views.published.push({ userId, view: a.view, at: now });
  return { ok: true, view: { id: `V${views.published.length}`, ...a.view } };
}

export function viewsOpen(a: Args, views: ViewStore, now: number): Result {
  const trigger = typeof a.trigger_id === 'string' && a.trigger_id ? a.trigger_id : undefined;
  if (!trigger) return fail('invalid_arguments', ['trigger_id is required']);
  if (!isObj(a.view)) return fail('invalid_arguments', ['view is required']);
  if (a.view.type !== 'modal') return fail('invalid_arguments', ['views.open takes a view of type modal']);
  const bad = checkView(a.view);
  if (bad) return bad;
  if (!views.takeTrigger(trigger, now)) return fail('expired_trigger_id');
  views.opened.push({ triggerId: trigger, view: a.view, at: now });
  return { ok: true, view: { id: `VM${views.opened.length}`, ...a.view } };
}
