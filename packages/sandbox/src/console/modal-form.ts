// A modal the bot opened (views.open, e.g. by a bare `/pai dlc submit`), as the console fills and submits it. Pure:
// reading the view's input blocks, printing them, applying a `:fill`, building the block_suggestion Slack sends for a
// menu whose options the bot loads (external_select) and picking from its answer, building the view_submission Slack
// sends on Submit (the shape test/support/harness.ts submitView sends) and printing the bot's answer to it.

import { DEFAULT_APP_ID, DEFAULT_TEAM_ID } from '@pai-bot/fake-slack/defaults.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const textOf = (v: unknown): string => (isObj(v) && typeof v.text === 'string' ? v.text : '');

export interface ModalOption {
  text: string;
  value: string;
}

export interface ModalField {
  blockId: string;
  actionId: string;
  label: string;
  /** plain_text_input, static_select or external_select (other elements are shown, and cannot be filled). */
  type: string;
  optional: boolean;
  multiline: boolean;
  options: ModalOption[];
  /** The text typed, or the chosen option's value; '' when empty. */
  value: string;
  /** An external_select's chosen option's text (its options are not in the view). */
  chosenText?: string;
}

export interface OpenModal {
  /** The id views.open answered with: the submission carries it (the bot keys a queued job on it). */
  viewId: string;
  callbackId: string;
  privateMetadata: string;
  title: string;
  submit: string;
  fields: ModalField[];
}

export function readModal(viewId: string, view: unknown): OpenModal {
  const v = isObj(view) ? view : {};
  const blocks = Array.isArray(v.blocks) ? v.blocks : [];
  const fields: ModalField[] = [];
  for (const b of blocks) {
    if (!isObj(b) || b.type !== 'input' || !isObj(b.element)) continue;
    const el = b.element;
    const options = (Array.isArray(el.options) ? el.options : []).filter(isObj).map((o) => ({
      text: textOf(o.text),
      value: typeof o.value === 'string' ? o.value : '',
    }));
    const initial =
      isObj(el.initial_option) && typeof el.initial_option.value === 'string' ? el.initial_option.value : '';
    const select = el.type === 'static_select' || el.type === 'external_select';
    fields.push({
      blockId: typeof b.block_id === 'string' ? b.block_id : '',
      actionId: typeof el.action_id === 'string' ? el.action_id : '',
      label: textOf(b.label),
      type: typeof el.type === 'string' ? el.type : '',
      optional: b.optional === true,
      multiline: el.multiline === true,
      options,
      value: select ? initial : typeof el.initial_value === 'string' ? el.initial_value : '',
      ...(el.type === 'external_select' && initial ? { chosenText: textOf((el.initial_option as Obj).text) } : {}),
    });
  }
  return {
    viewId,
    callbackId: typeof v.callback_id === 'string' ? v.callback_id : '',
    privateMetadata: typeof v.private_metadata === 'string' ? v.private_metadata : '',
    title: textOf(v.title),
    submit: textOf(v.submit) || 'Submit',
    fields,
  };
}

const shown = (s: string) => (s === '' ? '(empty)' : JSON.stringify(s));

/** The modal as the terminal shows it: one line per field, its label, ids and current value, then how to go on. */
export function formatModal(m: OpenModal): string {
  const lines = m.fields.map((f) => {
    const kind =
      f.type === 'static_select'
        ? `select: ${f.options.map((o) => o.value).join(', ')}`
        : f.type === 'external_select'
          ? 'menu the bot fills as you type'
          : f.type;
    const opt = f.optional ? ', optional' : '';
    return `  ${f.label} [${f.blockId}/${f.actionId}] (${kind}${opt}) = ${shown(f.value)}`;
  });
  return [
    `(modal "${m.title}", callback_id ${m.callbackId}, only visible to you)`,
    ...lines,
    `(:fill <field> <value> sets a field, :submit presses [${m.submit}])`,
  ].join('\n');
}

/** `load`: an external_select, whose options must be asked of the bot (blockSuggestionPayload) before one is chosen. */
export type FillResult = { ok: true; field: ModalField; value: string; load?: boolean } | { ok: false; error: string };

const norm = (s: string) => s.trim().toLowerCase();

/**
 * `:fill <field> <value…>`: the field is named by its label (which may have spaces: the longest label that starts
 * the text wins), block_id or action_id, case-insensitive; the rest is the value (`\n` in it is a line break, for a
 * multiline input). A select takes an option's text or value; an empty value clears the field. For an external_select
 * the value is what is typed in the menu: the options it brings (from the bot) are picked from by pickLoadedOption.
 */
export function resolveFill(m: OpenModal, text: string): FillResult {
  const words = text.trim().split(/\s+/);
  for (let n = words.length; n >= 1; n--) {
    const name = norm(words.slice(0, n).join(' '));
    const hits = m.fields.filter((f) => [f.label, f.blockId, f.actionId].some((k) => norm(k) === name));
    if (hits.length === 0) continue;
    if (hits.length > 1)
      return { ok: false, error: `"${name}" names ${hits.length} fields; use a label or block_id: ${names(m)}` };
    const field = hits[0]!;
    const raw = words.slice(n).join(' ');
    const value = field.multiline ? raw.replace(/\\n/g, '\n') : raw;
    if (field.type === 'external_select') return { ok: true, field, value, ...(value === '' ? {} : { load: true }) };
    if (field.type === 'static_select') {
      if (value === '') return { ok: true, field, value: '' };
      const opt = field.options.find((o) => norm(o.value) === norm(value) || norm(o.text) === norm(value));
      if (!opt)
        return {
          ok: false,
          error: `${field.label} has no option "${value}": ${field.options.map((o) => o.value).join(', ')}`,
        };
      return { ok: true, field, value: opt.value };
    }
    if (field.type !== 'plain_text_input')
      return { ok: false, error: `${field.label} is a ${field.type}; the console fills text inputs and selects` };
    return { ok: true, field, value };
  }
  return { ok: false, error: `the modal has no field "${words[0] ?? ''}": ${names(m)}` };
}

/** The block_suggestion Slack sends when `user` types `typed` in the external_select `field` of the open modal. */
export function blockSuggestionPayload(user: string, m: OpenModal, field: ModalField, typed: string): Obj {
  return {
    type: 'block_suggestion',
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: DEFAULT_TEAM_ID },
    container: { type: 'view', view_id: m.viewId },
    api_app_id: DEFAULT_APP_ID,
    token: 'fake-verification-token',
    action_id: field.actionId,
    block_id: field.blockId,
    value: typed,
    team: { id: DEFAULT_TEAM_ID, domain: 'fake-workspace' },
    view: viewState(m, {}),
  };
}

/** The modal as Slack sends it back in a payload, with its state's values. */
function viewState(m: OpenModal, values: Record<string, Record<string, unknown>>): Obj {
  return {
    id: m.viewId,
    type: 'modal',
    team_id: DEFAULT_TEAM_ID,
    app_id: DEFAULT_APP_ID,
    callback_id: m.callbackId,
    private_metadata: m.privateMetadata,
    state: { values },
    hash: `${m.viewId}.sandbox`,
  };
}

/** Every option of the bot's answer to a block_suggestion, with its group's label ('' outside a group). */
export function loadedOptions(answer: unknown): (ModalOption & { group: string })[] {
  const a = isObj(answer) ? answer : {};
  const plainOptions = (list: unknown, group: string) =>
    (Array.isArray(list) ? list : [])
      .filter(isObj)
      .map((o) => ({ text: textOf(o.text), value: typeof o.value === 'string' ? o.value : '', group }));
  const groups = Array.isArray(a.option_groups) ? a.option_groups.filter(isObj) : [];
  return [...plainOptions(a.options, ''), ...groups.flatMap((g) => plainOptions(g.options, textOf(g.label)))];
}

/** The loaded option whose value (else text) is what was typed, case aside; or why none is. */
export function pickLoadedOption(
  field: ModalField,
  typed: string,
  options: readonly (ModalOption & { group: string })[],
): { ok: true; option: ModalOption } | { ok: false; error: string } {
  const option =
    options.find((o) => norm(o.value) === norm(typed)) ?? options.find((o) => norm(o.text) === norm(typed));
  if (option) return { ok: true, option };
  const offered = options.slice(0, 12).map((o) => o.value);
  const more = options.length > offered.length ? `, … (${options.length} in all)` : '';
  return {
    ok: false,
    error:
      options.length === 0
        ? `${field.label}: the bot offers nothing for "${typed}"`
        : `${field.label} has no option "${typed}"; the bot offers: ${offered.join(', ')}${more}`,
  };
}

const names = (m: OpenModal) => m.fields.map((f) => `${f.label} (${f.blockId})`).join(', ');

/** The view_submission Slack sends when `user` presses the modal's submit button with its fields as filled. */
export function viewSubmissionPayload(user: string, m: OpenModal): Obj {
  const values: Record<string, Record<string, unknown>> = {};
  for (const f of m.fields) {
    const opt =
      f.type === 'external_select'
        ? f.value === ''
          ? undefined
          : { text: f.chosenText ?? f.value, value: f.value }
        : f.options.find((o) => o.value === f.value);
    const state =
      f.type === 'static_select' || f.type === 'external_select'
        ? {
            type: f.type,
            selected_option: opt ? { text: { type: 'plain_text', text: opt.text }, value: opt.value } : null,
          }
        : { type: f.type, value: f.value === '' ? null : f.value };
    values[f.blockId] = { ...values[f.blockId], [f.actionId]: state };
  }
  return {
    type: 'view_submission',
    team: { id: DEFAULT_TEAM_ID, domain: 'fake-workspace' },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: DEFAULT_TEAM_ID },
    api_app_id: DEFAULT_APP_ID,
    token: 'fake-verification-token',
    trigger_id: `${Math.floor(Date.now() / 1000)}.${Math.floor(Math.random() * 1e9)}.${user.toLowerCase()}`,
    view: viewState(m, values),
  };
}

/**
 * The bot's answer to a submission: `response_action: errors` keeps the modal open with a message under each
 * field named (by block_id); any other answer closes it.
 */
export function formatSubmitAnswer(m: OpenModal, json: unknown): { closed: boolean; text: string } {
  const j = isObj(json) ? json : {};
  if (j.response_action === 'errors' && isObj(j.errors)) {
    const lines = Object.entries(j.errors).map(([block, msg]) => {
      const label = m.fields.find((f) => f.blockId === block)?.label ?? block;
      return `  ${label} [${block}]: ${String(msg)}`;
    });
    return { closed: false, text: [`(modal "${m.title}" stays open, with errors)`, ...lines].join('\n') };
  }
  const action = typeof j.response_action === 'string' ? ` (response_action ${j.response_action})` : '';
  return { closed: true, text: `(modal "${m.title}" closed${action})` };
}
