import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CinelayerError, InvalidIdError, parseMovieId, parsePersonId, tmdbId } from '../src/index.js'

function rejected(parse: (input: unknown) => unknown, input: unknown): InvalidIdError {
  try {
    parse(input)
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidIdError)
    expect((error as CinelayerError).code).toBe('CINELAYER_ERR_ID_INVALID')
    return error as InvalidIdError
  }
  throw new Error(`${String(input)} was accepted`)
}

describe('parseMovieId', () => {
  it.each([
    ['tmdb:603', 'tmdb', '603'],
    ['tmdb:1', 'tmdb', '1'],
    ['tmdb:9999999999', 'tmdb', '9999999999'],
    ['imdb:tt0133093', 'imdb', 'tt0133093'],
    ['imdb:tt10872600', 'imdb', 'tt10872600'],
    ['wikidata:Q83495', 'wikidata', 'Q83495'],
    ['local:0123456789abcdef', 'local', '0123456789abcdef'],
    [`local:${'f'.repeat(64)}`, 'local', 'f'.repeat(64)],
  ])('accepts %s', (input, namespace, value) => {
    expect(parseMovieId(input)).toEqual({ namespace, value, id: input })
  })

  it.each([
    'tmdb:../x',
    'local:../../',
    'local:../../etc/passwd',
    'tmdb:603/../../x',
    'tmdb:603/credits',
    'tmdb:603\\x',
    'tmdb:603\n',
    ' tmdb:603',
    'tmdb:603 ',
    'tmdb:0603',
    'tmdb:0',
    'tmdb:-1',
    'tmdb:1.5',
    'tmdb:1e3',
    'tmdb:99999999999',
    'tmdb:',
    'tmdb',
    ':603',
    '',
    'tmdb:603:extra',
    'imdb:0133093',
    'imdb:tt013',
    'imdb:nm0000093',
    'wikidata:83495',
    'wikidata:Q0',
    'local:0123456789ABCDEF',
    'local:abc',
    'local:0123456789abcdeg',
    'tmdb:６０３',
    'tmdb:603%2F..',
  ])('rejects %j', (input) => {
    rejected(parseMovieId, input)
  })

  it.each(['TMDB:603', 'tvdb:81189', 'http://x', 'constructor:1', '__proto__:1', 'toString:1'])('rejects the unknown namespace of %j', (input) => {
    expect(rejected(parseMovieId, input).message).toMatch(/unknown namespace|namespace:value/)
  })

  it.each([603, 10n, null, undefined, {}, ['tmdb:603'], true, Symbol('tmdb:603'), () => 'tmdb:603'])('rejects the non-string %s', (input) => {
    expect(rejected(parseMovieId, input).message).toContain('expected a string')
  })

  it('rejects very long input without echoing it whole', () => {
    const error = rejected(parseMovieId, `tmdb:${'1'.repeat(1_000_000)}`)
    expect(error.message).toContain('longer than 80 characters')
    expect(error.message.length).toBeLessThan(200)
  })

  it('names the id and the reason in the message', () => {
    expect(rejected(parseMovieId, 'tmdb:../x').message).toBe('Invalid movie id "tmdb:../x": "../x" is not a valid tmdb id')
  })

  it('never accepts a value holding a path separator, a dot or a colon', () => {
    fc.assert(
      fc.property(fc.constantFrom('tmdb', 'imdb', 'wikidata', 'local'), fc.string(), (namespace, value) => {
        try {
          const parsed = parseMovieId(`${namespace}:${value}`)
          expect(parsed.value).toMatch(/^[A-Za-z0-9]+$/)
          expect(parsed.id).toBe(`${namespace}:${value}`)
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidIdError)
        }
      }),
      { numRuns: 2_000 },
    )
  })

  it('round-trips every tmdb number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9_999_999_999 }), (n) => {
        expect(parseMovieId(`tmdb:${n}`).value).toBe(String(n))
      }),
    )
  })
})

describe('parsePersonId', () => {
  it.each(['tmdb:287', 'imdb:nm0000093', 'wikidata:Q42'])('accepts %s', (input) => {
    expect(parsePersonId(input).id).toBe(input)
  })

  it.each(['local:0123456789abcdef', 'imdb:tt0133093', 'tmdb:../287', 'person:287', 'tmdb:287/movies'])('rejects %j (wrong namespace or form)', (input) => {
    const error = rejected(parsePersonId, input)
    expect(error.message).toContain('person id')
  })
})

describe('tmdbId', () => {
  it('formats numbers and numeric strings', () => {
    expect(tmdbId(550)).toBe('tmdb:550')
    expect(tmdbId('603')).toBe('tmdb:603')
  })

  it.each([0, -5, 1.5, Number.NaN, '12a', '../1'])('rejects %j', (input) => {
    expect(() => tmdbId(input)).toThrow(InvalidIdError)
  })
})
