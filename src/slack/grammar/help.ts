// The `/pai help` texts (Slack mrkdwn), derived from the verb table and filled with the loaded config, so
// the approvals page names the reactions, expiry and limit this bot really uses.

import type { HelpTopic } from './commands.js';
import { usageOf, verbWords } from './derive-usage.js';
import { APPROVALS_EXAMPLES } from './spec/approvals.js';
import { HELP_TOPICS } from './spec/core.js';
import { DLC_EXAMPLES } from './spec/dlc.js';
import { DSW_EXAMPLES } from './spec/dsw.js';
import { EAS_EXAMPLES } from './spec/eas.js';
import { GALLERY_EXAMPLES } from './spec/gallery.js';
import { OSS_EXAMPLES } from './spec/oss.js';
import { VERBS } from './spec/table.js';
import type { VerbEntry } from './verb-spec.js';

/** What the help says of the approvals config (src/config/file-schema.ts `approvals:`). */
export interface HelpSettings {
  approveReactions: readonly string[];
  rejectReactions: readonly string[];
  expireAfterMs: number;
  maxPendingPerUser: number;
}

/** The defaults of file-schema.ts; with them the help reads as it always has. */
export const DEFAULT_HELP_SETTINGS: Readonly<HelpSettings> = {
  approveReactions: ['white_check_mark'],
  rejectReactions: ['x'],
  expireAfterMs: 4 * 3_600_000,
  maxPendingPerUser: 5,
};

/** Slack requires &, < and > escaped in mrkdwn, code spans included. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const block = (text: string): string => `\`\`\`\n${text}\n\`\`\``;

// Inline code cannot span lines, so a multi-line usage gets a short name and a code block.
function verbLine(entry: VerbEntry, explanation: string): string {
  const usage = usageOf(entry);
  if (!usage.includes('\n')) return `\`${usage}\` — ${explanation}`;
  return `\`${verbWords(entry)}\` — ${explanation}:\n${block(usage)}`;
}

const WORKSPACE_NOTE =
  'The workspace is `-w <workspace>`, else this channel’s default. In a prod workspace, commands that change something wait for approval.';

/** "a", "a or b", "a, b or c". */
function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

const emojis = (names: readonly string[]): string => orList(names.map((n) => `:${n}:`));

function duration(ms: number): string {
  const [unit, size] =
    ms % 86_400_000 === 0
      ? ['day', 86_400_000]
      : ms % 3_600_000 === 0
        ? ['hour', 3_600_000]
        : ms % 60_000 === 0
          ? ['minute', 60_000]
          : ['second', 1000];
  const n = Math.round(ms / (size as number));
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

// The built-in value keeps its hedge ("unless configured otherwise"); a configured one is stated as fact.
const hedged = (text: string, isDefault: boolean): string =>
  isDefault ? `${text}, unless the bot is configured otherwise` : text;

function approvalsIntro(s: HelpSettings): string[] {
  const d = DEFAULT_HELP_SETTINGS;
  return [
    'In a prod workspace every command that changes something (`dlc submit`, `dlc stop`, every `eas` command but `status`, `list` and `events`, `gallery deploy`, and `dsw stop`, `dsw start` and `dsw idle-stop`) is not run at once: it becomes an approval request that the bot posts in the channel, and it runs once enough approvers have approved it.',
    `• Approvers approve by reacting with ${emojis(s.approveReactions)} (or pressing *Approve*) and reject with ${emojis(s.rejectReactions)} (or *Reject*).`,
    '• The requester cannot approve their own request.',
    `• A request that is not decided in time expires (${hedged(`after ${duration(s.expireAfterMs)}`, s.expireAfterMs === d.expireAfterMs)}) and nothing is run.`,
    '• An approved request runs once. If the bot cannot tell whether PAI made the change (its answer was lost), it does not send it again: it says so, and you check and ask again.',
    `• Each person may have a few requests waiting at once (${hedged(String(s.maxPendingPerUser), s.maxPendingPerUser === d.maxPendingPerUser)}); withdraw one with \`/pai cancel <id>\` to ask for another.`,
  ];
}

/** One topic page: its title, what comes before its verbs, its examples and its closing line. */
interface Page {
  title: string;
  intro?: (s: HelpSettings) => string[];
  examples: readonly string[];
  footer?: string;
  /**
   * Set: `/pai help` lists this topic's verbs in one line with this explanation, their usage on the topic's page.
   * `/pai help` stays under Slack's 3,000 characters as groups are added.
   */
  oneLineInTop?: string;
}

const PAGES: Readonly<Record<HelpTopic, Page>> = {
  dlc: { title: '*DLC training jobs*', examples: DLC_EXAMPLES, footer: WORKSPACE_NOTE },
  eas: { title: '*EAS services*', examples: EAS_EXAMPLES, footer: WORKSPACE_NOTE },
  oss: {
    title: '*OSS*',
    examples: OSS_EXAMPLES,
    footer: 'The workspace is `-w <workspace>`, else this channel’s default.',
  },
  approvals: { title: '*Approvals*', intro: approvalsIntro, examples: APPROVALS_EXAMPLES },
  dsw: {
    title: '*DSW notebooks*',
    examples: DSW_EXAMPLES,
    oneLineInTop: 'list, inspect, stop and start notebooks, and stop idle ones automatically (`/pai help dsw`)',
    footer:
      'A notebook is named by its instance id (`/pai dsw list` shows them) and must be in the workspace: `-w <workspace>`, else this channel’s default. In a prod workspace, stop, start and idle-stop wait for approval.',
  },
  gallery: {
    title: '*Model Gallery*',
    examples: GALLERY_EXAMPLES,
    oneLineInTop: 'list the QuickStart models and deploy one to EAS (`/pai help gallery`)',
    footer: WORKSPACE_NOTE,
  },
};

const topicOf = (entry: VerbEntry): HelpTopic | undefined => entry.topic ?? entry.group;

function topicHelp(topic: HelpTopic, s: HelpSettings): string {
  const page = PAGES[topic];
  const verbs = VERBS.filter((e) => topicOf(e) === topic).flatMap((e) => [
    verbLine(e, e.detail ?? e.summary),
    ...(e.notes ?? []),
  ]);
  return [
    page.title,
    ...(page.intro?.(s) ?? []),
    ...verbs,
    '',
    '*Examples*',
    ...page.examples.map((e) => `\`${e}\``),
    ...(page.footer ? ['', page.footer] : []),
  ].join('\n');
}

function topHelp(): string {
  const topics = orList(HELP_TOPICS.map((t) => `\`/pai help ${t}\``));
  const lines = [`*\`/pai\` — Alibaba Cloud PAI from Slack*  (${topics} for details and examples)`];
  let section: string | undefined;
  const oneLiners = new Set<HelpTopic>();
  for (const entry of VERBS) {
    if (entry.section !== undefined && entry.section !== section) {
      section = entry.section;
      lines.push('', `*${section}*`);
    }
    const topic = topicOf(entry);
    const oneLine = topic && PAGES[topic].oneLineInTop;
    if (!topic || !oneLine) lines.push(verbLine(entry, entry.summary));
    else if (!oneLiners.has(topic)) {
      oneLiners.add(topic);
      const names = VERBS.filter((e) => topicOf(e) === topic).flatMap((e) => e.names);
      lines.push(`\`/pai ${topic} ${names.join('|')}\` — ${oneLine}`);
    }
  }
  return [...lines, '', WORKSPACE_NOTE].join('\n');
}

/** Help for `/pai help [topic]`, as Slack mrkdwn (already escaped), under 3000 characters. */
export function helpText(topic?: HelpTopic, settings: Partial<HelpSettings> = {}): string {
  const s: HelpSettings = { ...DEFAULT_HELP_SETTINGS, ...settings };
  return escapeMrkdwn(topic ? topicHelp(topic, s) : topHelp());
}
