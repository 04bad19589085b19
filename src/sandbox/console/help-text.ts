// What the console tells a newcomer: kept beside the grammar it documents, and plain text so it
// reads the same in a terminal and in a captured transcript.

export const CONSOLE_HELP = `Console lines (one per line; a line starting with # is a comment):
  /pai <text>                 send /pai as the current user in the current channel (signed, like Slack)
  :as <user>                  act as another Slack user, e.g. :as U0BOB
  :in <channel>               type in another channel: C0DEV (workspace dev), C0PROD (prod, needs approvals)
  :speed <n>                  simulated ms per real ms (default 10; 0 pauses PAI time)
  :advance <duration>         jump the simulated clock, e.g. :advance 30s (ms, s, m, h)
  :sleep <duration>           wait in real time, e.g. :sleep 2s
  :wait <regex> [timeout]     wait until the bot says something matching (case-insensitive; default 20s);
                              each :wait looks only at output after the previous :wait's match
  :fail-next-job <Code> [msg] the next submitted job fails with this reason
  :throttle <n> [Action]      the next n PAI calls (of Action, e.g. CreateJob) are throttled
  :5xx <n> [Action]           the next n PAI calls (of Action) answer 503
  :jobs                       list the simulator's jobs
  :help                       this text
  :quit                       stop everything (Ctrl-D works too)`;

export function welcomeText(who: { user: string; channel: string }, where: { simUrl: string; redis: string; logPath: string }): string {
  return `PAI chat-ops sandbox: the real bot against a simulated PAI and a fake Slack.
Nothing leaves this machine: PAI is simulated at ${where.simUrl}, Slack is faked locally, and the
credentials are dummies. Redis: ${where.redis}. Bot logs: ${where.logPath}

You are ${who.user} in #${who.channel} (workspace dev). Simulated time runs 10x faster than real time.

${CONSOLE_HELP}

Try:
  /pai help
  /pai ws
  /pai dlc submit mnist --image pytorch:2.1 --command "python train.py" --workers 2
  :wait Succeeded
  /pai dlc list
  :in C0PROD
  /pai dlc submit big-run --image pytorch:2.1 --command "python train.py"`;
}
