import { pino, type Logger, type DestinationStream } from 'pino';
import { createScrubber, REDACT_PATHS } from './scrub.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: string;
  /** Values to scrub from every string logged (tokens, secrets), on top of the structured redaction. */
  secrets?: readonly (string | undefined)[];
  destination?: DestinationStream;
  name?: string;
}

export function createLogger({ level, secrets = [], destination, name = 'pai-bot' }: LoggerOptions): Logger {
  const scrub = createScrubber(secrets);
  return pino(
    {
      name,
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((a) => (typeof a === 'string' ? scrub(a) : a));
          method.apply(this, cleaned as Parameters<typeof method>);
        },
      },
      formatters: {
        log(object) {
          // Errors serialise their message and stack as strings, which redact paths cannot see.
          const err = (object as { err?: { message?: string; stack?: string } }).err;
          if (err && typeof err === 'object') {
            return { ...object, err: { ...err, message: err.message && scrub(err.message), stack: err.stack && scrub(err.stack) } };
          }
          return object;
        },
      },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}
