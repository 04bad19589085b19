// What `/pai help` says of the approvals config. The grammar knows nothing of the config, so the
// listener reads these few values and hands them to helpText().

import type { FileConfig } from '../../config/file-schema.js';
import type { HelpSettings } from '../grammar/help.js';

export function helpSettings(config: Pick<FileConfig, 'approvals'>): HelpSettings {
  return {
    approveReactions: config.approvals.approve_reactions,
    rejectReactions: config.approvals.reject_reactions,
    expireAfterMs: config.approvals.expire_after,
    maxPendingPerUser: config.approvals.max_pending_per_user,
  };
}
