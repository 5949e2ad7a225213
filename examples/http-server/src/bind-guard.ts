import { isIP } from 'node:net'

/** Loopback names and addresses: only this machine reaches a server bound there. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined || host === '' || host.toLowerCase() === 'localhost') return true
  const bare = host.replace(/^\[|\]$/g, '')
  if (isIP(bare) === 4) return bare.startsWith('127.')
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./i.test(bare)
  return false
}

/** The server would listen where other machines reach it, and nothing protects its changes. */
export class BindRefusedError extends Error {
  readonly code = 'HTTP_BIND_REFUSED'

  constructor(host: string) {
    super(
      `Refusing to listen on ${host} without an API key: any machine that reaches it could edit movies, run housekeeping and import. ` +
        'Set CINELAYER_API_KEY (apiKey of buildServer) to a long random value (openssl rand -hex 32), or listen on 127.0.0.1.',
    )
    this.name = 'BindRefusedError'
  }
}

/**
 * Throws {@link BindRefusedError} for a non-loopback `host` when no API key is set: the API's
 * changes (edits, housekeeping, playback) must never be open to a network.
 */
export function assertSafeBind(host: string | undefined, apiKey: string | undefined): void {
  if (!apiKey && !isLoopbackHost(host)) throw new BindRefusedError(host ?? '')
}
