// Bolt wiring: HTTP receiver at POST /slack/events (signature-verified) plus GET /healthz, or Socket
// Mode when an app-level token is configured. Listeners are registered by the caller.

import { App, LogLevel } from '@slack/bolt';
import type { Logger } from 'pino';
import type { OpsRoute } from '../ops/ops-routes.js';
import type { Config } from '../config/load-config.js';
import { toBoltLogger } from '../log/bolt-logger.js';

export interface SlackAppOptions {
  config: Pick<Config, 'slack' | 'port' | 'logLevel'>;
  log: Logger;
  /** Extra HTTP routes next to POST /slack/events: /healthz, /metrics, the queue dashboard. */
  routes: readonly OpsRoute[];
}

const BOLT_LEVEL: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
};

export function createSlackApp({ config, log, routes }: SlackAppOptions): App {
  const boltLog = log.child({ component: 'bolt' });
  const common = {
    token: config.slack.botToken,
    logger: toBoltLogger(boltLog),
    logLevel: BOLT_LEVEL[config.logLevel] ?? LogLevel.INFO,
    // auth.test is run by app.init(), where a bad token becomes a clear startup error.
    deferInitialization: true,
    // Bolt's default in-memory conversation store is unused here, and it creates an Error (with a stack
    // trace) for every request it has no conversation for: a measurable share of each ack.
    convoStore: false as const,
    customRoutes: routes.map((r) => ({ path: r.path, method: r.method, handler: r.handler })),
    clientOptions: {
      ...(config.slack.apiUrl
        ? { slackApiUrl: config.slack.apiUrl.endsWith('/') ? config.slack.apiUrl : `${config.slack.apiUrl}/` }
        : {}),
      retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5_000, randomize: true },
    },
  };
  const app = config.slack.appToken
    ? new App({ ...common, appToken: config.slack.appToken, socketMode: true, port: config.port })
    : new App({ ...common, signingSecret: config.slack.signingSecret!, port: config.port });

  app.error(async (err) => {
    // Logged, not rethrown: errors after ack must not crash the process. Listeners ack before
    // anything that can fail, so a swallowed error cannot turn into a 3-second timeout.
    boltLog.error({ err: err.original ?? err, code: err.code }, 'listener failed');
  });
  return app;
}
