// A Home view's fingerprint for the refresh: what it shows, without the lines that say when and why it was published
// (the "Updated" time and a click's notice, src/render/app-home.ts), so a view rendered again from unchanged state has
// the same hash and is not published again.

import { createHash } from 'node:crypto';
import { HOME_NOTICE_BLOCK_ID, HOME_UPDATED_BLOCK_ID, type HomeView } from '../../render/app-home.js';

const VOLATILE = new Set<unknown>([HOME_NOTICE_BLOCK_ID, HOME_UPDATED_BLOCK_ID]);

export function homeViewHash(view: HomeView): string {
  const shown = view.blocks.filter((b) => !VOLATILE.has((b as { block_id?: unknown }).block_id));
  return createHash('sha256').update(JSON.stringify(shown)).digest('base64url').slice(0, 22);
}
