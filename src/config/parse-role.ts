import { ConfigError } from './config-error.js';
import type { Role } from './load-config.js';

/** `--role web|worker|all` from the command line; `all` when absent. */
export function parseRole(argv: readonly string[]): Role {
  const i = argv.findIndex((a) => a === '--role' || a.startsWith('--role='));
  if (i < 0) return 'all';
  const value = argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  if (value === 'web' || value === 'worker' || value === 'all') return value;
  throw new ConfigError(
    '--role',
    `must be web, worker or all (got "${value ?? ''}")`,
    'e.g. npm start -- --role worker',
  );
}
