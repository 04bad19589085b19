// Identifiers shaped like the real ones, so the bot's parsing and rendering see realistic values.

import { createHash, randomBytes, randomUUID } from 'node:crypto';

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `dlc` + 14 lowercase alphanumerics, as current DLC job IDs look. */
export function newJobId(): string {
  const bytes = randomBytes(14);
  let suffix = '';
  for (const byte of bytes) suffix += ALNUM[byte % ALNUM.length];
  return `dlc${suffix}`;
}

/** POP request IDs are upper-case UUIDs. */
export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

/** A stable 16-digit Alibaba Cloud UID per AccessKey, so ShowOwn / UserIdForFilter have something to match. */
export function userIdForAccessKey(accessKeyId: string): string {
  const digest = createHash('sha256').update(accessKeyId).digest();
  const n = digest.readBigUInt64BE(0) % 10n ** 15n;
  return `1${n.toString().padStart(15, '0')}`;
}

/** DLC shows the creator's RAM user name beside its UID; without a real RAM user behind a UID, derive a stable one. */
export function usernameForUserId(userId: string): string {
  return `ram-user-${userId.slice(-6)}`;
}

/** Who creates resources outside the bot unless a test says otherwise: someone at the PAI console. */
export const CONSOLE_USER: Readonly<{ username: string; userId: string }> = Object.freeze({
  username: 'console-user',
  // Any stable seed gives a realistic 16-digit UID, distinct from the bot's.
  userId: userIdForAccessKey('console-user'),
});

/** A UUID derived from the pod name, so every GetJob shows the same PodUid for the same pod. */
export function podUidFor(podId: string): string {
  const h = createHash('sha256').update(podId).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
