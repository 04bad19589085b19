/** A setting that stops startup. `toString()` is the one line the operator sees before exit code 2. */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${setting}: ${problem}. Fix: ${fix}`);
    this.name = 'ConfigError';
  }
}
