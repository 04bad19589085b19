import { LogLevel, type Logger } from '@slack/web-api';

/** A WebClient logger that drops everything (WebClient logs every platform error, which tests provoke on purpose). */
export const SILENT_WEB_LOGGER: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};
