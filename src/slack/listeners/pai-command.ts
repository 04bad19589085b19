import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Metrics } from '../../metrics/metrics.js';
import { answerPaiCommand, type CommandDeps } from './handle-pai-command.js';

export function registerPaiCommand(app: App, deps: CommandDeps & { log: Logger; metrics?: Metrics }): void {
  app.command('/pai', async ({ command, ack }) => {
    const started = Date.now();
    const answer = await answerPaiCommand(command, deps);
    await ack(answer.reply);
    const ackMs = Date.now() - started;
    const outcome = answer.queueAfterAck
      ? await answer.queueAfterAck().catch((err: unknown) => {
          deps.log.warn({ err, user: command.user_id, channel: command.channel_id }, 'a lookup was not queued, and telling the requester failed too');
          return 'unavailable' as const;
        })
      : answer.outcome;
    deps.metrics?.command(answer.verb, outcome);
    deps.log.info({ user: command.user_id, channel: command.channel_id, verb: answer.verb, outcome, ms: ackMs }, 'slash command answered');
  });
}
