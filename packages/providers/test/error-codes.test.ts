import { CinelayerError } from '@cinelayer/core'
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import * as providers from '../src/index.js'

describe('providersErrorCodes', () => {
  it('follows the CINELAYER_ERR_<AREA>_<WHAT> form with a one-line meaning', () => {
    for (const [code, meaning] of Object.entries(providers.providersErrorCodes)) {
      expect(code).toMatch(/^CINELAYER_ERR_[A-Z]+_[A-Z_]+$/)
      expect(meaning).not.toContain('\n')
    }
  })

  it('is the README table of codes, row for row', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8')
    const section = readme.slice(readme.indexOf('## Error codes'), readme.indexOf('## Data sources'))
    const documented = [...section.matchAll(/^\| `(CINELAYER_ERR_[A-Z_]+)` \| `(\w+)` \|/gm)].map(([, code, name]) => ({ code, name }))
    expect(documented.map(({ code }) => code).sort()).toEqual(Object.keys(providers.providersErrorCodes).sort())
    for (const { code, name } of documented) {
      const ErrorClass = (providers as Record<string, unknown>)[name!] as { prototype: object } | undefined
      expect(ErrorClass, `${name} is exported`).toBeDefined()
      expect(ErrorClass!.prototype instanceof CinelayerError, `${name} is a CinelayerError (${code})`).toBe(true)
    }
  })

  it('is the providers section of docs/errors.md, code for code and meaning for meaning', async () => {
    const markdown = await readFile(new URL('../../../docs/errors.md', import.meta.url), 'utf8')
    const start = markdown.indexOf('## `@cinelayer/providers`')
    expect(start, 'docs/errors.md has a providers section').toBeGreaterThanOrEqual(0)
    const end = markdown.indexOf('\n## ', start + 1)
    const rows = markdown
      .slice(start, end < 0 ? undefined : end)
      .split('\n')
      .map((line) => /^\| `(CINELAYER_ERR_[A-Z_]+)` \| (.+) \|$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => [match[1]!, match[2]!.replace(/\\\|/g, '|')])
    expect(Object.fromEntries(rows)).toEqual(providers.providersErrorCodes)
  })

  it('gives every error class its code', () => {
    const errors: CinelayerError[] = [
      new providers.ReplayMissError('tmdb GET /3/movie/1', 'json-replay'),
      new providers.ReplayDatasetError('/tmp/x.json', 'not valid JSON'),
      new providers.ProviderHttpError('tmdb GET /3/movie/1', 404),
      new providers.ProviderResponseError('tmdb GET /3/movie/1', 'id: expected number'),
      new providers.ProviderInputError('TMDB page', 0, 'out of range'),
      new providers.RequestAbortedError('tmdb GET /3/movie/1', new Error('stop')),
      new providers.TmdbIdMissingError('local:0123456789abcdef'),
      new providers.OmdbRefusedError('omdb GET /?i=tt0137523', 'Invalid API key!'),
      new providers.ImdbDatasetError('/tmp/title.ratings.tsv', 'line 2 is malformed'),
      new providers.ProviderTimeoutError('tmdb GET /3/movie/1', 10_000, 3),
      new providers.ProviderNetworkError('tmdb GET /3/movie/1', 3, new Error('connect ECONNREFUSED 127.0.0.1:1')),
      new providers.ProviderOptionsError('tmdb.requestsPerSecond', 'expected a positive number'),
      new providers.RecordingError('/tmp/recordings/tmdb/3-movie-1--0123456789ab.json', 'tmdb GET /3/movie/1', new Error('EACCES')),
      new providers.RecordingTooLargeError('tmdb GET /3/movie/1', 64_000_000, 16_777_216),
    ]
    expect(errors.map((error) => error.code).sort()).toEqual(Object.keys(providers.providersErrorCodes).sort())
    for (const error of errors) expect(error.name).toBe(error.constructor.name)
  })
})
