// Bolt calls logger.warn(msg, error) with strings first; pino wants (object, msg). This adapter
// joins Bolt's arguments into one message and keeps the Error as `err`.

import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

export function toBoltLogger(log: Logger): BoltLogger {
  const emit = (level: 'debug' | 'info' | 'warn' | 'error') => (...msgs: unknown[]) => {
    const err = msgs.find((m): m is Error => m instanceof Error);
    const text = msgs
      .filter((m) => m !== err)
      .map((m) => (typeof m === 'string' ? m : safeJson(m)))
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
    getLevel: () => (['debug', 'info', 'warn', 'error'].includes(log.level) ? log.level : 'info') as LogLevel,
    setName: () => {},
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
