import { BindRefusedError } from './errors.js'
import { isIP } from 'node:net'

/** Loopback names and addresses: only this machine reaches a server bound there. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined || host === '' || host.toLowerCase() === 'localhost') return true
  const bare = host.replace(/^\[|\]$/g, '')
  if (isIP(bare) === 4) return bare.startsWith('127.')
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./i.test(bare)
  return false
}

/**
 * Throws {@link BindRefusedError} for a non-loopback `host` when no API key is set: the API's
 * changes (edits, housekeeping, playback) must never be open to a network.
 */
export function assertSafeBind(host: string | undefined, apiKey: string | undefined): void {
  if (!apiKey && !isLoopbackHost(host)) throw new BindRefusedError(host ?? '')
}
