// Bolt calls logger.warn(msg, error) with strings first; pino wants (object, msg). This adapter
// joins Bolt's arguments into one message and keeps the Error as `err`.

import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

// Bolt knows four levels; pino's others map to the nearest one.
const TO_BOLT: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

export function toBoltLogger(log: Logger): BoltLogger {
  const emit =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...msgs: unknown[]) => {
      // Bolt logs a few debug lines on every request: at info level, joining them would be wasted work.
      if (!log.isLevelEnabled(level)) return;
      const err = msgs.find((m): m is Error => m instanceof Error);
      const text = msgs
        .filter((m) => m !== err)
        .map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : safeJson(m)))
        .join(' ');
      if (err) log[level]({ err }, text || err.message);
      else log[level](text);
    };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    setLevel: (level: LogLevel) => {
      log.level = level;
    },
    getLevel: () => TO_BOLT[log.level] ?? LogLevel.INFO,
    setName: () => {},
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
