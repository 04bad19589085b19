// The verbs outside any product: `/pai help [topic]`, `/pai ws` and `/pai alerts`.

import type { HelpTopic } from '../commands.js';
import { didYouMean, fail, ok, show, suggest, type Check } from '../messages.js';
import { optionalArg, verb, workspaceFlag, type VerbEntry } from '../verb-spec.js';
import { DLC_VERBS } from './dlc.js';
import { DSW_VERBS } from './dsw.js';
import { EAS_VERBS } from './eas.js';
import { GALLERY_VERBS } from './gallery.js';
import { OSS_VERBS } from './oss.js';

export const HELP_TOPICS: readonly HelpTopic[] = ['dlc', 'eas', 'oss', 'approvals', 'dsw', 'gallery'];

export function isHelpTopic(name: string): name is HelpTopic {
  return (HELP_TOPICS as readonly string[]).includes(name);
}

const GROUPED: readonly VerbEntry[] = [...DLC_VERBS, ...EAS_VERBS, ...DSW_VERBS, ...OSS_VERBS, ...GALLERY_VERBS];

/** Which group has a sub-verb of this name, first in table order (`/pai submit` -> dlc). */
export function groupOfVerb(name: string): string | undefined {
  return GROUPED.find((e) => e.names.includes(name))?.group;
}

function checkTopic(raw: string): Check<HelpTopic> {
  const topic = HELP_TOPICS.find((t) => t === raw.toLowerCase());
  if (topic) return ok(topic);
  const group = groupOfVerb(raw.toLowerCase());
  const hint =
    group && isHelpTopic(group) ? `; did you mean /pai help ${group}?` : didYouMean(suggest(raw, HELP_TOPICS));
  return fail(`there is no help topic ${show(raw)}; topics are ${HELP_TOPICS.join(', ')}${hint}`);
}

export const HELP_VERB = verb({
  names: ['help'],
  summary: 'this help, or the help of one topic',
  args: { topic: optionalArg(`[${HELP_TOPICS.join('|')}]`, checkTopic) },
  flags: {},
});

export const WS_VERB = verb({
  names: ['ws'],
  summary: 'list the workspaces and this channel’s default',
  args: {},
  flags: {},
  queues: { type: 'ws.list' },
});

export const ALERTS_VERB = verb({
  names: ['alerts'],
  section: 'On-call',
  summary:
    'the open alerts: what, since when, who acknowledged them, muted until when (acknowledge and mute with the buttons under each alert)',
  args: {},
  flags: { workspace: workspaceFlag() },
  pre: (positionals) => {
    const [first] = positionals;
    if (!first) return undefined;
    const hint = /^(ack|acknowledge|mute|unmute)$/i.test(first.value)
      ? '; acknowledge and mute an alert with the buttons under it'
      : '; it lists the open alerts, of one workspace with -w <workspace>';
    return fail(`/pai alerts takes no arguments (got ${show(first.value)})${hint}`);
  },
});
