// Pure: the options of the submit form's instance menu (an external_select; Slack asks for them as the user types,
// src/slack/listeners/instance-options.ts). From DLC's own list (ListEcsSpecs): GPU and CPU types in two groups, each
// line with what the type has and, when pricing.per_hour knows it, its price; a type PAI cannot sell now is left out.
// Without that list: the types of pricing.per_hour and the default, in one group that says so.
//
// Slack's limits (docs.slack.dev reference/block-kit/composition-objects/option-object and option-group-object, and
// reference/block-kit/block-elements/select-menu-element#external_select): an option's text ≤ 75 characters
// (plain_text), its value ≤ 150, a group's label ≤ 75, at most 100 options and 100 groups in the answer.

import type { EcsSpec } from '../pai/dlc-types.js';
import { money } from './cost-text.js';
import { truncate } from './truncate.js';

export const MAX_MENU_OPTIONS = 100;
const OPTION_TEXT = 75;
const OPTION_VALUE = 150;
const GROUP_LABEL = 75;

export interface MenuOption {
  text: { type: 'plain_text'; text: string };
  value: string;
}
export interface MenuGroup {
  label: { type: 'plain_text'; text: string };
  options: MenuOption[];
}
/** What Bolt's ack sends back to Slack for a block_suggestion. */
export type MenuAnswer = { options: MenuOption[] } | { option_groups: MenuGroup[] };

export interface InstanceMenuInput {
  /** DLC's list; undefined when it could not be had, and the pricing list is offered instead. */
  specs: readonly EcsSpec[] | undefined;
  perHour: Readonly<Record<string, number>>;
  currency: string;
  /** What the user typed in the menu. */
  query: string;
  /** Offered with the pricing list too: what a submit without --instance gets. */
  defaultInstance: string;
}

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const num = (n: number) => String(Math.round(n * 10) / 10);

/** `ecs.gn6i-c4g1.xlarge · 1×T4 · 4 vCPU 15 GiB · CNY 8.50/h`, shortened from the middle parts out when too long. */
export function instanceLabel(type: string, spec: EcsSpec | undefined, price: string | undefined): string {
  const gpus = spec?.Gpu ?? 0;
  const gpu = gpus > 0 ? `${num(gpus)}×${spec?.GpuType?.trim() || 'GPU'}` : undefined;
  const size = [
    spec?.Cpu !== undefined ? `${num(spec.Cpu)} vCPU` : undefined,
    spec?.Memory !== undefined ? `${num(spec.Memory)} GiB` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  const tail = price ? [price] : [];
  for (const middle of [[gpu, size], [gpu], []]) {
    const text = [type, ...middle.filter((p): p is string => !!p), ...tail].join(' · ');
    if (text.length <= OPTION_TEXT) return text;
  }
  return truncate(type, OPTION_TEXT);
}

/** One option: the instance type is its value; its price only from pricing.per_hour. */
export function instanceOption(
  type: string,
  spec: EcsSpec | undefined,
  perHour: Readonly<Record<string, number>>,
  currency: string,
): MenuOption {
  const price = Object.hasOwn(perHour, type) ? `${money(perHour[type]!, currency)}/h` : undefined;
  return { text: plain(instanceLabel(type, spec, price)), value: type };
}

const isGpu = (s: EcsSpec) => (s.Gpu ?? 0) > 0 || s.AcceleratorType?.toUpperCase() === 'GPU';
const fits = (type: string) => type.trim() !== '' && type.length <= OPTION_VALUE;

/**
 * Every word typed appears in the option's text (its type, GPU model, size or price), case aside; `gpu` or `cpu` typed
 * alone names the group instead (every option's text says "vCPU").
 */
function matches(query: string, group = ''): (o: MenuOption) => boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const groupWord = (w: string) => w === 'gpu' || w === 'cpu';
  return (o) =>
    words.every((w) =>
      groupWord(w) && group !== '' ? w === group.toLowerCase() : o.text.text.toLowerCase().includes(w),
    );
}

const bySize = (a: EcsSpec, b: EcsSpec) =>
  (a.Gpu ?? 0) - (b.Gpu ?? 0) ||
  (a.Cpu ?? 0) - (b.Cpu ?? 0) ||
  (a.Memory ?? 0) - (b.Memory ?? 0) ||
  a.InstanceType.localeCompare(b.InstanceType);

/** The groups' shares of the 100 options: each at least half when both have more, the rest to the other. */
function shares(sizes: number[]): number[] {
  const half = Math.floor(MAX_MENU_OPTIONS / sizes.length);
  const spare = sizes.reduce((n, s) => n + Math.max(0, half - s), 0);
  let left = spare;
  return sizes.map((s) => {
    if (s <= half) return s;
    const extra = Math.min(s - half, left);
    left -= extra;
    return half + extra;
  });
}

function groups(named: [string, MenuOption[]][]): MenuAnswer {
  const present = named.filter(([, options]) => options.length > 0);
  if (present.length === 0) return { options: [] };
  const kept = shares(present.map(([, options]) => options.length));
  return {
    option_groups: present.map(([label, options], i) => {
      const n = kept[i]!;
      const more = n < options.length ? ` (${n} of ${options.length}: type to narrow)` : '';
      return { label: plain(truncate(`${label}${more}`, GROUP_LABEL)), options: options.slice(0, n) };
    }),
  };
}

/** A typed type that is in no list: offered as typed in the fallback (the command's own check still applies). */
const TYPED = /^[a-z][a-z0-9]*(\.[a-z0-9][a-z0-9-]*)+$/;

export function renderInstanceOptions(d: InstanceMenuInput): MenuAnswer {
  if (d.specs) {
    const seen = new Set<string>();
    const usable = d.specs
      .filter((s) => s.IsAvailable !== false && fits(s.InstanceType))
      .filter((s) => !seen.has(s.InstanceType) && seen.add(s.InstanceType))
      .sort(bySize);
    const options = (list: EcsSpec[], group: string) =>
      list.map((s) => instanceOption(s.InstanceType, s, d.perHour, d.currency)).filter(matches(d.query, group));
    return groups([
      ['GPU', options(usable.filter(isGpu), 'GPU')],
      [
        'CPU',
        options(
          usable.filter((s) => !isGpu(s)),
          'CPU',
        ),
      ],
    ]);
  }
  const types = [d.defaultInstance, ...Object.keys(d.perHour).sort()].filter(
    (t, i, all) => fits(t) && all.indexOf(t) === i,
  );
  const listed = types.map((t) => instanceOption(t, undefined, d.perHour, d.currency)).filter(matches(d.query));
  const typed = d.query.trim().toLowerCase();
  const asTyped =
    TYPED.test(typed) && fits(typed) && !types.includes(typed) ? [instanceOption(typed, undefined, {}, '')] : [];
  return groups([
    ["pricing.per_hour (PAI's instance list is unavailable)", listed],
    ['As typed', asTyped],
  ]);
}
