import { pino, type Logger, type DestinationStream } from 'pino';
import { createScrubber, redactSecretFields } from './scrub.js';

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
  // Each finished line loses the values of secret-named fields, then is scrubbed as text, which covers
  // what names cannot: messages, err.message and err.stack, child bindings, any field holding a
  // token-shaped string or a configured secret, and `log.error(err)` (whose message becomes `msg`).
  const scrub = createScrubber([...secrets, ...secrets.map(inJson)]);
  return pino(
    {
      name,
      level,
      hooks: { streamWrite: (line) => scrub(redactSecretFields(line)) },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    },
    // Asynchronous writes: a burst of lines becomes one write(2) instead of one each. pino flushes
    // what is pending when the process exits, so only a SIGKILL can lose the last lines.
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
