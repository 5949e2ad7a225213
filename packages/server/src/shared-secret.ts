import { createHash, timingSafeEqual } from 'node:crypto'

/** Header a webhook sender may carry the shared secret in (Jellyfin's plugin can add headers). */
export const secretHeader = 'x-cinelayer-secret'

/** Query parameter carrying the shared secret, for senders that only take a URL (Plex). */
export const secretQueryParam = 'secret'

/**
 * Whether `given` is the shared secret, in time that does not depend on where they differ: both
 * are hashed first, so even their lengths leak nothing.
 */
export function secretMatches(given: unknown, expected: string | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0 || !expected) return false
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest()
  return timingSafeEqual(digest(given), digest(expected))
}
