import type { ConfigErrorCode } from '../errors/catalogue.js';

/** A setting that stops startup. `message` is the one line the operator sees before exit code 2. */
export class ConfigError extends Error {
  readonly code: ConfigErrorCode = 'CONFIG_INVALID';
  readonly setting: string;
  readonly problem: string;
  readonly fix: string;

  constructor(setting: string, problem: string, fix: string) {
    // One line whatever the parts hold (a YAML parser's message, an fs error): main prints
    // `message` as the single line an operator reads, so newlines must not split it.
    const [s, p, f] = [setting, problem, fix].map(oneLine) as [string, string, string];
    super(`${s}: ${p}. Fix: ${f}`);
    this.name = 'ConfigError';
    this.setting = s;
    this.problem = p;
    this.fix = f;
  }
}

function oneLine(text: string): string {
  return text
    .replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ')
    .replace(/[.:;,\s]+$/, '')
    .trim();
}
