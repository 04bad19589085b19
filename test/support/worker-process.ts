// A worker role in a process of its own, for fault tests that SIGKILL it: the configuration comes
// from the environment exactly as in production (PAI_BOT_CONFIG, REDIS_URL, the stand-ins' URLs),
// plus test-only knobs the shipped entry point does not have:
//   --key-prefix <prefix>      (or PAI_BOT_KEY_PREFIX) the Redis key prefix shared with the test's web role
//   --lock-ms <ms>             BullMQ lockDuration (default 1000)
//   --stalled-ms <ms>          BullMQ stalledInterval (default 500)
// Logs are JSON lines on stdout; the line with msg "worker role running" means it is taking jobs.
// Run: npx tsx test/support/worker-process.ts --key-prefix t-1234abcd

import { readFileSync } from 'node:fs';
import { startBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/log/logger.js';

const argv = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

const keyPrefix = arg('--key-prefix') ?? process.env.PAI_BOT_KEY_PREFIX;
if (!keyPrefix) {
  process.stderr.write('worker-process: --key-prefix (or PAI_BOT_KEY_PREFIX) is required\n');
  process.exit(2);
}
const config = loadConfig({ env: process.env, role: 'worker', readFile: (p) => readFileSync(p, 'utf8') });
const log = createLogger({
  level: config.logLevel,
  secrets: [config.slack.botToken, config.slack.signingSecret, config.accessKey?.accessKeySecret],
});
// The harness's FAST_RETRY: the tests' bounds assume it.
const bot = await startBot({
  config,
  log,
  keyPrefix,
  retry: { attempts: 4, baseDelayMs: 20, maxDelayMs: 100 },
  autoPoll: false,
  worker: { lockDurationMs: Number(arg('--lock-ms') ?? 1_000), stalledIntervalMs: Number(arg('--stalled-ms') ?? 500) },
});
const stop = () =>
  void bot.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
