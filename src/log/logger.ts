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

/** How a string appears inside a JSON line (quotes and backslashes escaped). */
const inJson = (text: string | undefined) => (text === undefined ? undefined : JSON.stringify(text).slice(1, -1));

export function createLogger({ level, secrets = [], destination, name = 'pai-bot' }: LoggerOptions): Logger {
  // Redact paths catch secrets by field name; the final line is then scrubbed as text, which covers
  // everything paths cannot see: messages, err.message and err.stack, child bindings, any field
  // holding a token-shaped string, and `log.error(err)` (whose message becomes `msg`).
  const scrub = createScrubber([...secrets, ...secrets.map(inJson)]);
  return pino(
    {
      name,
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: { streamWrite: scrub },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    },
    destination,
  );
}
