// What the console tells a newcomer: kept beside the grammar it documents, and plain text so it
// reads the same in a terminal and in a captured transcript.

import { formatDuration } from '../../../../src/config/duration.js';
import { DEFAULT_NOTEBOOK_SPEC } from '@pai-bot/pai-sim/dsw-controls.js';
import { SANDBOX_BUCKETS } from './sandbox-config.js';

export const CONSOLE_HELP = `Console lines (one per line; a line starting with # is a comment):
  /pai <text>                 send /pai as the current user in the current channel (signed, like Slack)
  :as <user>                  act as another Slack user, e.g. :as U0BOB
  :in <channel>               type in another channel: C0DEV (workspace dev), C0PROD (prod, needs approvals)
  :speed <n>                  simulated ms per real ms (default 10; 0 pauses PAI time)
  :advance <duration>         jump the simulated clock, e.g. :advance 30s (ms, s, m, h)
  :sleep <duration>           wait in real time, e.g. :sleep 2s
  :wait <regex> [timeout]     wait until the bot says something matching (case-insensitive; default 20s);
                              each :wait looks only at output after the previous :wait's match
  :click <button>             press a button (by its text or action_id) on the most recent message
                              showing it: the last private message with buttons (:click Stop iris,
                              :click eas_cancel), a message in the current channel such as the idle
                              digest (:click Stop left-on: the Stop under the notebook left-on) or an
                              alert (:click Acknowledge); a Slack confirmation dialog counts as confirmed
  :mute <1h|4h|24h>           pick that option of the Mute menu on the most recent alert (as the
                              current user, like :click)
  :home                       open the current user's App Home: print the view the bot publishes (their
                              running jobs and services, approval requests they may decide, open alerts);
                              :click Approve then clicks on it and prints the Home republished with
                              what the click did at its top
  :fill <field> <value>       set a field of the modal the last /pai line opened (a bare /pai dlc submit):
                              by its label or block_id (:fill Job name mnist-2); a select takes an
                              option's text or value (the instance menu asks the bot for its options,
                              as Slack does); nothing after the field empties it
  :submit                     submit that modal (signed view_submission): prints the errors under their
                              fields, or that it closed; the bot's reply follows as usual
  :fail-next-job <Code> [msg] the next submitted job fails with this reason
  :throttle <n> [Action]      the next n PAI calls (of Action, e.g. CreateJob) are throttled
  :5xx <n> [Action]           the next n PAI calls (of Action) answer 503
  :jobs                       list the simulator's jobs
  :cold-start <svc> <dur>     hold the next cold start of an EAS service: its new instances stay Pending
                              for <dur> of simulated time (its deploy, or its next scale-up/start/restart)
  :fail-next-service <Reason> [msg]
                              the next deployed EAS service goes Failed with this reason, e.g. ImagePullBackOff
  :services                   list the simulator's EAS services
  :external-job <name> [-w <ws>] [--fail 403 | <scenario> | <Code> [msg]]
                              create a DLC job directly at PAI, not through the bot (as console-user, in
                              the current channel's workspace unless -w dev|prod); --fail 403 fails it
                              on an OSS bucket policy, a scenario (out_of_memory, image_pull, …) fails it
                              that way, another code fails it with that reason like :fail-next-job
  :external-service <name> [-w <ws>] [--replicas <n>]
                              deploy an EAS service directly at PAI, not through the bot (default 1 replica)
  :autoscale <svc> <n> [dur]  the EAS autoscaler sets the service to n instances on its own; new instances
                              stay Pending for dur of simulated time (default: its usual cold start)
  :notebook <name> [-w <ws>] [--spec <type>] [--running <dur>] [--busy] [--idle-stop <dur>]
                              start a DSW notebook directly at PAI, not through the bot, and say its id:
                              Running on ${DEFAULT_NOTEBOOK_SPEC} unless --spec, idle unless --busy,
                              --running: its running time so far, --idle-stop: an idle-stop policy of
                              that length (none without). In /pai lines {notebook:<name>} stands for
                              its instance id, e.g. /pai dsw status {notebook:left-on}
  :notebook-load <name|id> <cpu%> <gpu%>
                              set a notebook's CPU and GPU use (what its idle-stop policy measures)
  :notebooks                  list the simulator's DSW notebooks: status, spec, running time, idle
                              time, idle-stop policy, load
  :help                       this text
  :quit                       stop everything (Ctrl-D works too)`;

export interface AlertsInfo {
  channel: string;
  mention: readonly string[];
  coldStartAfterMs: number;
}

/** One line on where alerts go, so a newcomer knows what "#C0ONCALL (alerts)" in the output is. */
export function alertsLine(a: AlertsInfo): string {
  const who = a.mention.length > 0 ? `, mentioning ${a.mention.map((m) => `@${m}`).join(' ')}` : '';
  return `alerts go to #${a.channel} (printed as "#${a.channel} (alerts)")${who}; an EAS cold start alerts after ${formatDuration(a.coldStartAfterMs)} of simulated time`;
}

export interface CostsInfo {
  /** notebooks.idle_after and notebooks.digest_every. */
  idleAfterMs: number;
  digestEveryMs: number;
  /** pricing: the currency and the price per instance type and hour. */
  currency: string;
  perHour: Readonly<Record<string, number>>;
}

/** One line on DSW idleness and prices, so a newcomer knows when a digest comes and where the figures come from. */
export function costsLine(c: CostsInfo): string {
  const prices = Object.entries(c.perHour).map(([type, price]) => `${type} ${price} ${c.currency}/h`);
  return `a DSW notebook counts as idle after ${formatDuration(c.idleAfterMs)} of simulated time and the idle digest comes at most every ${formatDuration(c.digestEveryMs)} (notebooks); prices for cost estimates: ${prices.length > 0 ? prices.join(', ') : 'none'} (pricing.per_hour), other DSW types at the simulator's list prices`;
}

/** One line on the simulated OSS and its buckets, for `/pai oss check` and `--data`. */
export function ossLine(ossUrl: string): string {
  return `OSS is simulated at ${ossUrl} with buckets ${SANDBOX_BUCKETS.map((b) => `${b.name} (${b.about})`).join(', ')}`;
}

export function welcomeText(
  who: { user: string; channel: string },
  where: { simUrl: string; ossUrl?: string; redis: string; logPath: string; alerts?: AlertsInfo; costs?: CostsInfo },
): string {
  return `PAI chat-ops sandbox: the real bot against a simulated PAI and a fake Slack.
Nothing leaves this machine: PAI is simulated at ${where.simUrl}, Slack is faked locally, and the
credentials are dummies. Redis: ${where.redis}. Bot logs: ${where.logPath}
${where.ossUrl ? `${ossLine(where.ossUrl)}.\n` : ''}
You are ${who.user} in #${who.channel} (workspace dev). Simulated time runs 10x faster than real time.
${where.alerts ? `The bot's ${alertsLine(where.alerts)}.\n` : ''}${where.costs ? `In the sandbox config, ${costsLine(where.costs)}.\n` : ''}
${CONSOLE_HELP}

Try:
  /pai help
  /pai ws
  /pai dlc submit mnist --image pytorch:2.1 --command "python train.py" --workers 2
  :wait Succeeded
  /pai dlc list
  :in C0PROD
  /pai dlc submit big-run --image pytorch:2.1 --command "python train.py"

Or an EAS service with a slow cold start (see examples/eas-cold-start.pai):
  :in C0DEV
  :cold-start iris 2m
  /pai eas deploy iris --image registry.cn-shanghai.aliyuncs.com/pai/iris:1 --replicas 2
  :wait Cold start
  :wait is ready; time to ready
  /pai eas stop iris
  :click Stop iris
  :services

Or an idle DSW notebook, the idle digest and what things cost (see examples/dsw-idle.pai):
  :notebook left-on --running 5h --idle-stop 4h
  :advance 45m
  :wait Idle notebooks in dev
  :click Stop left-on
  /pai cost

Or OSS access checks (see examples/oss.pai):
  /pai oss check oss://ml-data/mnist/
  /pai oss check oss://locked-data/secret/`;
}
