import type { Config } from './load-config.js';

/** Every secret the configuration holds: scrubbed from logs, Slack messages and the audit stream. */
export function configSecrets(config: Config): (string | undefined)[] {
  return [
    config.slack.botToken,
    config.slack.signingSecret,
    config.slack.appToken,
    config.accessKey?.accessKeySecret,
    config.accessKey?.securityToken,
    config.adminToken,
  ];
}
