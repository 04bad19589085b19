// The console lines that act at PAI behind the bot's back (a job or service created from the PAI console or CI, the EAS
// autoscaler at work), so the sandbox can show what the bot does about resources it did not start. Pure, like the rest
// of the grammar: workspace aliases are checked against the built-in config, so a script with a typo fails before it
// runs.

import { parseDuration } from '../../../../src/config/duration.js';
import { MAX_INSTANCES } from '@pai-bot/pai-sim/eas-validation.js';
import { JOB_FAILURE_SCENARIOS } from '@pai-bot/pai-sim/failure-scenarios.js';
import { JOB_DISPLAY_NAME } from '@pai-bot/pai-sim/job-validation.js';
import { REASON_CODE, reasonMessageOf, SERVICE_NAME } from './line-shapes.js';
import { sandboxWorkspaces } from './sandbox-config.js';

export type JobScenario = keyof typeof JOB_FAILURE_SCENARIOS;

/** A realistic failure from the simulator's scenarios, or a bare reason like :fail-next-job's. */
export type ExternalJobFailure = { scenario: JobScenario } | { reasonCode: string; reasonMessage: string };

export interface ExternalJobCommand {
  kind: 'external-job';
  name: string;
  /** A workspace alias; absent: the current channel's workspace. */
  workspace?: string;
  fail?: ExternalJobFailure;
}

export interface ExternalServiceCommand {
  kind: 'external-service';
  name: string;
  workspace?: string;
  replicas: number;
}

export interface AutoscaleCommand {
  kind: 'autoscale';
  service: string;
  replicas: number;
  /** The scale-up's cold start; absent: a held one or the plan's. */
  coldStartMs?: number;
}

/** `--fail 403`: the failure an on-call most often meets from jobs nobody in the channel started (an OSS bucket policy). */
export const FAIL_SHORTHANDS: Readonly<Record<string, JobScenario>> = Object.freeze({ '403': 'oss_permission' });

const JOB_USAGE =
  ':external-job takes a job name, then optionally -w <workspace> and --fail <403 | scenario | ReasonCode [message…]>, e.g. :external-job nightly-eval -w prod --fail 403';
const SERVICE_USAGE = `:external-service takes an EAS service name, then optionally -w <workspace> and --replicas <0-${MAX_INSTANCES}>, e.g. :external-service ci_canary -w dev --replicas 2`;
const AUTOSCALE_USAGE = `:autoscale takes an EAS service name, a replica count (0-${MAX_INSTANCES}) and an optional cold start duration, e.g. :autoscale fraud_svc 4 2m`;

/** A parsed line: its command, or why it does not parse (console-commands.ts widens it to every console command). */
export type Parsed<T> = { ok: true; command: T } | { ok: false; error: string };

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

function isScenario(word: string): word is JobScenario {
  return Object.hasOwn(JOB_FAILURE_SCENARIOS, word);
}

function replicaCount(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n <= MAX_INSTANCES ? n : undefined;
}

/** `-w <alias>` must name a workspace of the sandbox config. */
export function workspaceAlias(
  alias: string | undefined,
  usage: string,
): { ok: true; alias: string } | { ok: false; error: string } {
  const known = sandboxWorkspaces().map((w) => w.alias);
  if (alias === undefined) return { ok: false, error: usage };
  if (!known.includes(alias))
    return { ok: false, error: `-w ${alias} is not a sandbox workspace; the workspaces are ${known.join(', ')}` };
  return { ok: true, alias };
}

function failureOf(words: readonly string[]): ExternalJobFailure | undefined {
  const [first = '', ...message] = words;
  const scenario = FAIL_SHORTHANDS[first] ?? (isScenario(first) ? first : undefined);
  // A scenario brings its own reason, events and logs: words after it would be silently dropped, so they are refused.
  if (scenario) return message.length === 0 ? { scenario } : undefined;
  return REASON_CODE.test(first) ? { reasonCode: first, reasonMessage: reasonMessageOf(first, message) } : undefined;
}

/** `:external-job <name> [-w <workspace>] [--fail …]`: --fail comes last, its message takes the rest of the line. */
export function parseExternalJob(args: readonly string[]): Parsed<ExternalJobCommand> {
  const [name = '', ...rest] = args;
  if (name.startsWith('-') || !JOB_DISPLAY_NAME.test(name)) return fail(JOB_USAGE);
  const command: ExternalJobCommand = { kind: 'external-job', name };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    if (flag === '-w' && command.workspace === undefined) {
      const ws = workspaceAlias(rest[++i], JOB_USAGE);
      if (!ws.ok) return fail(ws.error);
      command.workspace = ws.alias;
    } else if (flag === '--fail') {
      const failure = failureOf(rest.slice(i + 1));
      if (!failure)
        return fail(
          `${JOB_USAGE}; the scenarios are ${[...Object.keys(FAIL_SHORTHANDS), ...Object.keys(JOB_FAILURE_SCENARIOS)].join(', ')}`,
        );
      command.fail = failure;
      break;
    } else {
      return fail(JOB_USAGE);
    }
  }
  return { ok: true, command };
}

/** `:external-service <name> [-w <workspace>] [--replicas N]`, flags in any order. */
export function parseExternalService(args: readonly string[]): Parsed<ExternalServiceCommand> {
  const [name = '', ...rest] = args;
  if (!SERVICE_NAME.test(name)) return fail(SERVICE_USAGE);
  let workspace: string | undefined;
  let replicas: number | undefined;
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (flag === '-w' && workspace === undefined) {
      const ws = workspaceAlias(value, SERVICE_USAGE);
      if (!ws.ok) return fail(ws.error);
      workspace = ws.alias;
    } else if (flag === '--replicas' && replicas === undefined) {
      replicas = replicaCount(value);
      if (replicas === undefined) return fail(SERVICE_USAGE);
    } else {
      return fail(SERVICE_USAGE);
    }
  }
  return {
    ok: true,
    command: {
      kind: 'external-service',
      name,
      replicas: replicas ?? 1,
      ...(workspace === undefined ? {} : { workspace }),
    },
  };
}

/** `:autoscale <service> <replicas> [cold start]`. */
export function parseAutoscale(args: readonly string[]): Parsed<AutoscaleCommand> {
  const [service = '', count, duration, ...extra] = args;
  const replicas = replicaCount(count);
  const coldStartMs = duration === undefined ? undefined : parseDuration(duration);
  if (
    !SERVICE_NAME.test(service) ||
    replicas === undefined ||
    (duration !== undefined && coldStartMs === undefined) ||
    extra.length > 0
  ) {
    return fail(AUTOSCALE_USAGE);
  }
  return {
    ok: true,
    command: { kind: 'autoscale', service, replicas, ...(coldStartMs === undefined ? {} : { coldStartMs }) },
  };
}
