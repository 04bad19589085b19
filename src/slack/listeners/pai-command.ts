import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Metrics } from '../../metrics/metrics.js';
import { answerPaiCommand, type CommandDeps } from './handle-pai-command.js';

export function registerPaiCommand(app: App, deps: CommandDeps & { log: Logger; metrics?: Metrics }): void {
  app.command('/pai', async ({ command, ack }) => {
    const started = Date.now();
    const { reply, verb, outcome } = await answerPaiCommand(command, deps);
    await ack(reply);
    deps.metrics?.command(verb, outcome);
    deps.log.info({ user: command.user_id, channel: command.channel_id, verb, outcome, ms: Date.now() - started }, 'slash command answered');
  });
}
