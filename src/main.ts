// `npm start -- --role web|worker|all`: load the config, start the roles, drain on SIGTERM.

import { readFileSync } from 'node:fs';
import { ConfigError } from './config/config-error.js';
import { configSecrets } from './config/config-secrets.js';
import { type Config, loadConfig } from './config/load-config.js';
import { parseRole } from './config/parse-role.js';
import { createLogger } from './log/logger.js';
import { startProcess, type RunningProcess } from './runtime/start-process.js';

const SHUTDOWN_LIMIT_MS = 25_000; // below Kubernetes' default 30 s grace period

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig({
      env: process.env,
      role: parseRole(process.argv.slice(2)),
      readFile: (p) => readFileSync(p, 'utf8'),
    });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`pai-bot: configuration error: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger({ level: config.logLevel, secrets: configSecrets(config) });
  let bot: RunningProcess;
  try {
    bot = await startProcess({ config, log });
  } catch (err) {
    log.fatal({ err }, 'could not start');
    process.stderr.write(`pai-bot: could not start: ${(err as Error).message}\n`);
    process.exit(1);
  }
  log.info({ role: config.role }, 'pai-bot started');
  void bot.failure.then((err) => {
    log.fatal({ err }, 'the worker role stopped; exiting so that the process is restarted');
    log.flush(() => process.exit(1));
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    deadline.unref();
    bot.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
}

void main();
