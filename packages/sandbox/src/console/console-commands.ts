// The sandbox console's line grammar. Pure: a line in, a command or a one-line error out, so the
// interactive prompt, script files and the unit tests all share one definition of what a line means.

import { parseDuration } from '../../../../src/config/duration.js';
import { MUTE_CHOICES } from '../../../../src/render/alert-controls.js';
import {
  parseAutoscale,
  parseExternalJob,
  parseExternalService,
  type AutoscaleCommand,
  type ExternalJobCommand,
  type ExternalServiceCommand,
  type Parsed,
} from './external-grammar.js';
import { REASON_CODE, reasonMessageOf, SERVICE_NAME } from './line-shapes.js';
import {
  notebookRefError,
  parseNotebook,
  parseNotebookLoad,
  type NotebookCommand,
  type NotebookLoadCommand,
} from './notebook-grammar.js';

export const DEFAULT_WAIT_MS = 20_000;
export const MAX_SPEED = 1_000;

export type ConsoleCommand =
  | { kind: 'pai'; text: string }
  | { kind: 'as'; user: string }
  | { kind: 'in'; channel: string }
  | { kind: 'speed'; factor: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'sleep'; ms: number }
  | { kind: 'wait'; pattern: RegExp; timeoutMs: number }
  | { kind: 'fail-next-job'; reasonCode: string; reasonMessage: string }
  | { kind: 'throttle'; count: number; action?: string }
  | { kind: '5xx'; count: number; action?: string }
  | { kind: 'jobs' }
  | { kind: 'cold-start'; service: string; ms: number }
  | { kind: 'fail-next-service'; reason: string; message?: string }
  | { kind: 'services' }
  | ExternalJobCommand
  | ExternalServiceCommand
  | AutoscaleCommand
  | NotebookCommand
  | NotebookLoadCommand
  | { kind: 'notebooks' }
  | { kind: 'click'; target: string }
  /** A choice of the Mute menu under the most recent alert: one of its option values (1h, 4h, 24h). */
  | { kind: 'mute'; value: string }
  /** The current user's App Home, as the bot publishes it when they open the Home tab. */
  | { kind: 'home' }
  /** `:fill <field> <value…>`: the field and value are told apart against the open modal (modal-form.ts). */
  | { kind: 'fill'; text: string }
  | { kind: 'submit' }
  | { kind: 'help' }
  | { kind: 'quit' };

/** `command` is undefined for blank and comment lines: nothing to run, nothing wrong. */
export type ParsedLine = Parsed<ConsoleCommand | undefined>;

const ok = (command: ConsoleCommand | undefined): ParsedLine => ({ ok: true, command });
const fail = (error: string): ParsedLine => ({ ok: false, error });

const USER_ID = /^[UW][A-Z0-9]{2,}$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;
const ACTION = /^[A-Za-z][A-Za-z0-9]*$/;

export const CONSOLE_COMMANDS = [
  ':as',
  ':in',
  ':speed',
  ':advance',
  ':sleep',
  ':wait',
  ':fail-next-job',
  ':throttle',
  ':5xx',
  ':jobs',
  ':cold-start',
  ':fail-next-service',
  ':services',
  ':external-job',
  ':external-service',
  ':autoscale',
  ':notebook',
  ':notebook-load',
  ':notebooks',
  ':click',
  ':mute',
  ':home',
  ':fill',
  ':submit',
  ':help',
  ':quit',
] as const;

export function parseConsoleLine(line: string): ParsedLine {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return ok(undefined);
  // Slash-command text goes to the bot verbatim: Slack text may legitimately contain '#'.
  if (trimmed.startsWith('/')) return parseSlash(trimmed);
  if (trimmed.startsWith(':')) return parseColon(stripComment(trimmed));
  return fail(
    `"${clip(trimmed)}" is not a console line: start with /pai to talk to the bot or : for a console command (:help lists them)`,
  );
}

function parseSlash(line: string): ParsedLine {
  const [command = ''] = line.split(/\s+/, 1);
  if (command !== '/pai') return fail(`only /pai is installed in this sandbox, not ${clip(command)}`);
  const badRef = notebookRefError(line);
  if (badRef) return fail(badRef);
  return ok({ kind: 'pai', text: line.slice(command.length).trim() });
}

/** On console lines a '#' after whitespace starts a comment, so scripts can annotate knobs inline. */
function stripComment(line: string): string {
  return line.replace(/\s#.*$/, '').trim();
}

function parseColon(line: string): ParsedLine {
  const [name = '', ...args] = line.split(/\s+/);
  const rest = line.slice(name.length).trim();
  switch (name) {
    case ':as':
      return oneId(args, USER_ID, 'a Slack user id such as U0BOB', (user) => ({ kind: 'as', user }), ':as U0BOB');
    case ':in':
      return oneId(
        args,
        CHANNEL_ID,
        'a Slack channel id such as C0PROD',
        (channel) => ({ kind: 'in', channel }),
        ':in C0PROD',
      );
    case ':speed': {
      const factor = Number(args[0]);
      if (args.length !== 1 || !/^\d+(\.\d+)?$/.test(args[0] ?? '') || factor > MAX_SPEED) {
        return fail(`:speed takes one number from 0 (pause) to ${MAX_SPEED}: simulated ms per real ms, e.g. :speed 20`);
      }
      return ok({ kind: 'speed', factor });
    }
    case ':advance':
    case ':sleep': {
      const ms = args.length === 1 ? parseDuration(args[0]!) : undefined;
      if (ms === undefined)
        return fail(
          `${name} takes one duration with a unit (ms, s, m, h), e.g. ${name} ${name === ':advance' ? '30s' : '2s'}`,
        );
      return ok(name === ':advance' ? { kind: 'advance', ms } : { kind: 'sleep', ms });
    }
    case ':wait':
      return parseWait(rest);
    case ':fail-next-job': {
      const [reasonCode, ...message] = args;
      if (!reasonCode || !REASON_CODE.test(reasonCode))
        return fail(
          ':fail-next-job takes a reason code and an optional message, e.g. :fail-next-job OOMKilled worker-0 ran out of memory',
        );
      return ok({ kind: 'fail-next-job', reasonCode, reasonMessage: reasonMessageOf(reasonCode, message) });
    }
    case ':throttle':
    case ':5xx':
      return parseFault(name, args);
    case ':cold-start': {
      const usage =
        ':cold-start takes an EAS service name and a duration (simulated time), e.g. :cold-start fraud_svc 2m';
      const [service = '', duration = '', ...extra] = args;
      const ms = parseDuration(duration);
      if (!SERVICE_NAME.test(service) || ms === undefined || extra.length > 0) return fail(usage);
      return ok({ kind: 'cold-start', service, ms });
    }
    case ':fail-next-service': {
      const [reason, ...message] = args;
      if (!reason || !REASON_CODE.test(reason))
        return fail(
          ':fail-next-service takes a reason and an optional message, e.g. :fail-next-service ImagePullBackOff the registry refused the pull',
        );
      return ok({ kind: 'fail-next-service', reason, ...(message.length > 0 ? { message: message.join(' ') } : {}) });
    }
    case ':external-job':
      return parseExternalJob(args);
    case ':external-service':
      return parseExternalService(args);
    case ':autoscale':
      return parseAutoscale(args);
    case ':notebook':
      return parseNotebook(args);
    case ':notebook-load':
      return parseNotebookLoad(args);
    case ':click': {
      const target = clickTarget(rest);
      if (target === '')
        return fail(
          ':click takes the text or action_id of a button on the last private message with buttons, a message in this channel or an alert, e.g. :click Stop fraud_svc, :click eas_cancel, :click Stop left-on (the idle digest) or :click Acknowledge',
        );
      return ok({ kind: 'click', target });
    }
    case ':mute':
      return parseMute(rest);
    case ':fill':
      if (rest === '')
        return fail(
          ':fill takes a field of the open modal (its label or id) and a value, e.g. :fill Image pytorch:2.1',
        );
      return ok({ kind: 'fill', text: rest });
    case ':submit':
      if (rest !== '') return fail(`:submit takes nothing (got "${clip(rest)}"): it submits the open modal`);
      return ok({ kind: 'submit' });
    case ':jobs':
    case ':services':
    case ':notebooks':
    case ':home':
    case ':help':
    case ':quit':
      if (args.length > 0) return fail(`${name} takes no arguments`);
      return ok({ kind: name.slice(1) as 'jobs' | 'services' | 'notebooks' | 'home' | 'help' | 'quit' });
    default:
      return fail(`unknown console command ${clip(name)}; the commands are ${CONSOLE_COMMANDS.join(' ')}`);
  }
}

function oneId(
  args: string[],
  shape: RegExp,
  what: string,
  make: (id: string) => ConsoleCommand,
  example: string,
): ParsedLine {
  if (args.length !== 1 || !shape.test(args[0]!))
    return fail(`${example.split(' ')[0]} takes ${what}, e.g. ${example}`);
  return ok(make(args[0]!));
}

/** `:wait <regex> [timeout]`: a trailing duration is the timeout, so the regex itself may contain spaces. */
function parseWait(rest: string): ParsedLine {
  const usage = ':wait takes a regular expression and an optional timeout, e.g. :wait Succeeded 30s';
  if (rest === '') return fail(usage);
  let source = rest;
  let timeoutMs = DEFAULT_WAIT_MS;
  const lastSpace = rest.lastIndexOf(' ');
  if (lastSpace > 0) {
    const ms = parseDuration(rest.slice(lastSpace + 1));
    if (ms !== undefined) {
      if (ms <= 0) return fail(`${usage} (the timeout must be more than 0)`);
      timeoutMs = ms;
      source = rest.slice(0, lastSpace).trim();
    }
  }
  try {
    return ok({ kind: 'wait', pattern: new RegExp(source, 'i'), timeoutMs });
  } catch (err) {
    return fail(`:wait: ${clip(source)} is not a valid regular expression (${(err as Error).message})`);
  }
}

function parseFault(name: ':throttle' | ':5xx', args: string[]): ParsedLine {
  const [countText = '', action, ...extra] = args;
  const count = Number(countText);
  if (
    !/^\d+$/.test(countText) ||
    count < 1 ||
    count > 100 ||
    extra.length > 0 ||
    (action !== undefined && !ACTION.test(action))
  ) {
    return fail(`${name} takes a count (1-100) and an optional API action, e.g. ${name} 2 CreateJob`);
  }
  return ok({ kind: name === ':throttle' ? 'throttle' : '5xx', count, ...(action ? { action } : {}) });
}

/** `:mute <duration>`: one of the Mute menu's choices, as its option value (`4h`) or the same length another way (`4 h`, `240m`). */
function parseMute(rest: string): ParsedLine {
  const choices = Object.entries(MUTE_CHOICES);
  const ms = parseDuration(rest);
  const choice = choices.find(([value, c]) => value === rest || c.ms === ms);
  if (!choice)
    return fail(
      `:mute takes one of the durations of the alerts' Mute menu (${choices.map(([value]) => value).join(', ')}), e.g. :mute 4h`,
    );
  return ok({ kind: 'mute', value: choice[0] });
}

/** The button as typed: `Stop iris`, `[Stop iris]` (copied from the transcript) or `"Stop iris"`, spaces collapsed. */
function clickTarget(rest: string): string {
  const unwrapped = /^\[(.*)\]$/.exec(rest)?.[1] ?? /^"(.*)"$/.exec(rest)?.[1] ?? /^'(.*)'$/.exec(rest)?.[1] ?? rest;
  return unwrapped.trim().replace(/\s+/g, ' ');
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
