import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import { handlePaiCommand, type CommandDeps } from './handle-pai-command.js';

export function registerPaiCommand(app: App, deps: CommandDeps & { log: Logger }): void {
  app.command('/pai', async ({ command, ack }) => {
    const started = Date.now();
    const answer = await handlePaiCommand(command, deps);
    await ack(answer);
    deps.log.info({ user: command.user_id, channel: command.channel_id, ms: Date.now() - started }, 'slash command answered');
  });
}
