import { describe, expect, it } from 'vitest'
import {
  EngineClosedError,
  CinelayerError,
  EditInvalidError,
  EditsDocumentInvalidError,
  EnricherInvalidError,
  EnrichmentBackoffError,
  EnrichmentFailedError,
  EventInvalidError,
  InvalidIdError,
  LevelSetInvalidError,
  MovieNotFoundError,
  OptionsInvalidError,
  PersonNotFoundError,
  PlanUnsatisfiableError,
  PluginInvalidError,
  RecordInvalidError,
  SchemaVersionError,
  UnknownLevelError,
  coreErrorCodes,
} from '../src/index.js'

const providerFailure = new Error('TMDB answered 503')

// One instance of every coded class core exports, built as core builds them.
const samples: readonly CinelayerError[] = [
  new InvalidIdError('movie', 'tmdb:../x', 'not a tmdb id'),
  new MovieNotFoundError('tmdb:603'),
  new PersonNotFoundError('tmdb:287'),
  new UnknownLevelError('ultra', ['initial', 'basic']),
  new LevelSetInvalidError('A level set needs at least one level'),
  new EnricherInvalidError('tmdb-movie', 'Enricher "tmdb-movie" needs a provider'),
  new EnrichmentFailedError('tmdb:603', 'deep', 'basic', 'wikipedia-summary', ['wikipedia'], providerFailure),
  new PlanUnsatisfiableError('tmdb:603', 'deep', 'No enricher provides facet "images"'),
  new EnrichmentBackoffError(
    'tmdb:603',
    'deep',
    'basic',
    { provider: 'tmdb', failures: 2, lastFailureAt: '2026-11-21T09:00:00.000Z', retryAt: '2026-11-21T09:01:00.000Z' },
    { code: 'CINELAYER_ERR_PROVIDER_HTTP', message: 'TMDB answered 503' },
  ),
  new EditInvalidError('tmdb:603', ['runtime'], 'invalid value (runtime: expected number)'),
  new EditsDocumentInvalidError('edits.json', ['format: expected "cinelayer-edits"']),
  new RecordInvalidError('movie', 'movies:tmdb:603', new Error('title: expected string')),
  new SchemaVersionError('movie', 'movies:tmdb:603', 9, 1),
  new PluginInvalidError('wishlist', 'Plugin "wishlist" is registered twice'),
  new EventInvalidError('NoSuchEvent', 'Unknown event type "NoSuchEvent"'),
  new OptionsInvalidError('halfLifeDays', 'expected a finite number of days > 0, got 0'),
  new EngineClosedError('movies.get'),
]

describe('coded errors', () => {
  it('gives every class a code registered in coreErrorCodes', () => {
    for (const error of samples) {
      expect(error).toBeInstanceOf(CinelayerError)
      expect(error).toBeInstanceOf(Error)
      expect(Object.keys(coreErrorCodes)).toContain(error.code)
      expect(error.name).toBe(error.constructor.name)
    }
  })

  it('covers every code of the registry with a class', () => {
    expect(new Set(samples.map((error) => error.code))).toEqual(new Set(Object.keys(coreErrorCodes)))
  })

  it('names codes CINELAYER_ERR_<AREA>_<WHAT> with a one-line meaning', () => {
    for (const [code, meaning] of Object.entries(coreErrorCodes)) {
      expect(code).toMatch(/^CINELAYER_ERR_[A-Z]+(_[A-Z]+)+$/)
      expect(meaning.length).toBeGreaterThan(10)
      expect(meaning).not.toContain('\n')
    }
  })

  it('names the thing that failed and keeps the cause', () => {
    const failed = samples.find((error) => error instanceof EnrichmentFailedError)!
    expect(failed.message).toContain('tmdb:603')
    expect(failed.message).toContain('wikipedia-summary')
    expect(failed.message).toContain('"basic"')
    expect(failed.message).toContain('TMDB answered 503')
    expect(failed.cause).toBe(providerFailure)
    expect(failed.details).toMatchObject({ movieId: 'tmdb:603', target: 'deep', level: 'basic', facets: ['wikipedia'] })

    const invalid = new RecordInvalidError('movie', 'movies:tmdb:1', new Error('bad'))
    expect(invalid.message).toContain('movies:tmdb:1')
    expect(invalid.cause).toBeInstanceOf(Error)
    expect(new UnknownLevelError('ultra', ['initial', 'deep']).message).toBe('Unknown level "ultra" (known: initial, deep)')
  })

  it('leaves cause undefined when there is none', () => {
    const error = new MovieNotFoundError('tmdb:1')
    expect('cause' in error).toBe(false)
    expect(error.details).toEqual({ id: 'tmdb:1' })
  })

  it('describes any invalid id safely, even values JSON cannot serialise', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(new InvalidIdError('movie', 10n, 'expected a string').message).toBe('Invalid movie id a value of type bigint: expected a string')
    expect(new InvalidIdError('movie', cyclic, 'expected a string').message).toContain('a value of type object')
    expect(new InvalidIdError('movie', null, 'x').message).toContain('id null')
    expect(new InvalidIdError('movie', ['tmdb:1'], 'x').message).toContain('an array')
    const long = new InvalidIdError('movie', `tmdb:${'9'.repeat(10_000)}`, 'too long')
    expect(long.message.length).toBeLessThan(200)
    expect(String(long.details.id).length).toBe(80)
  })
})
