// What the rest of the bot and the tests read of the grammar's texts: the usage lines (derive-usage.ts),
// the help (help.ts) and the help examples (spec/), all derived from the verb table.

export { TOP_LEVEL_USAGE, USAGE, groupUsage, usageFor, type UsageGroup, type UsageKey } from './derive-usage.js';
export { DEFAULT_HELP_SETTINGS, helpText, type HelpSettings } from './help.js';
export { APPROVALS_EXAMPLES } from './spec/approvals.js';
export { EAS_EXAMPLES } from './spec/eas.js';
export { GALLERY_EXAMPLES } from './spec/gallery.js';
export { DSW_EXAMPLES } from './spec/dsw.js';
export { OSS_EXAMPLES } from './spec/oss.js';
