import { CinelayerError } from 'cinelayer'

/** Codes raised by `@cinelayer/server`, with what each means. Kept in step with docs/errors.md by a test. */
export const serverErrorCodes = {
  CINELAYER_ERR_SERVER_BIND_REFUSED:
    'The server was asked to listen on a host other machines reach while no API key protects its changes; nothing was opened.',
} as const

/** The server would listen where other machines reach it, and nothing protects its changes. */
export class BindRefusedError extends CinelayerError {
  constructor(host: string) {
    super(
      'CINELAYER_ERR_SERVER_BIND_REFUSED',
      `Refusing to listen on ${host} without an API key: any machine that reaches it could edit movies, run housekeeping and import. ` +
        'Set CINELAYER_API_KEY (apiKey of buildServer) to a long random value (openssl rand -hex 32), or listen on 127.0.0.1.',
      { details: { host } },
    )
    this.name = 'BindRefusedError'
  }
}
