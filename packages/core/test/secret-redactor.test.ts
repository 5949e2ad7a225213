import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CinelayerError, REDACTED, createRedactor } from '../src/index.js'

const token = 'tmdb-v4-token/7f3a+9c2e 1b8d"4f60'
const key = 'omdb-key-a81f2c3d'
const base64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)))

describe('createRedactor', () => {
  const redact = createRedactor([token, key, undefined, '', 'abc'])

  it('finds a secret raw, percent-encoded (either case, + for spaces), JSON-escaped and base64-encoded', () => {
    const texts = [
      `Bearer ${token}`,
      `GET /?apikey=${encodeURIComponent(token)}&x=1`,
      `GET /?apikey=${encodeURIComponent(token).toLowerCase()}`,
      `q=${encodeURIComponent(token).replace(/%20/g, '+')}`,
      JSON.stringify({ Error: `Invalid API key: ${token}` }),
      `Authorization: Basic ${base64(`user:${token}`)}`,
      `Authorization: Basic ${base64(`us:${token}`)}`,
      `Authorization: Basic ${base64(`u:${token}`)}`,
      base64(token).replace(/\+/g, '-').replace(/\//g, '_'),
    ]
    for (const text of texts) {
      const clean = redact(text)
      expect(clean, text).toContain(REDACTED)
      expect(redact.finds(text), text).toBe(true)
      expect(redact.finds(clean), clean).toBe(false)
    }
    expect(redact(`?apikey=${key}`)).toBe(`?apikey=${REDACTED}`)
  })

  it('leaves texts without a secret as they are, ignores empty and short values', () => {
    expect(redact('abc abc tmdb-v4 nothing here')).toBe('abc abc tmdb-v4 nothing here')
    expect(createRedactor([]).empty).toBe(true)
    expect(createRedactor(['abc', undefined, null]).empty).toBe(true)
    expect(createRedactor(['abc'])('abc')).toBe('abc')
  })

  it('replaces a secret that contains another whole', () => {
    const nested = createRedactor(['secret-1234', 'secret-1234-longer'])
    expect(nested('x secret-1234-longer y')).toBe(`x ${REDACTED} y`)
  })

  it('redacts every string of a value, keys included, without changing the value given', () => {
    const event = { type: 'EnrichmentFailed', payload: { message: `key ${key}`, list: [key, 1, null], [key]: true }, at: new Date(0) }
    const clean = redact.value(event)
    expect(clean).not.toBe(event)
    expect(JSON.stringify(clean)).not.toContain(key)
    expect(clean.payload.list).toEqual([REDACTED, 1, null])
    expect(event.payload.message).toBe(`key ${key}`)
    const untouched = { a: 'nothing', b: [1, 'two'] }
    expect(redact.value(untouched)).toBe(untouched)
  })

  it('redacts an error in place: message, stack, details and the cause chain', () => {
    const cause = new Error(`upstream said ${token}`)
    const error = new CinelayerError('CINELAYER_ERR_PROVIDER_HTTP', `refused ${encodeURIComponent(key)}`, { cause, details: { key } })
    expect(redact.error(error)).toBe(error)
    expect(error.message).toBe(`refused ${REDACTED}`)
    expect(error.stack).not.toContain(encodeURIComponent(key))
    expect(error.details).toEqual({ key: REDACTED })
    expect(cause.message).toBe(`upstream said ${REDACTED}`)
    expect(String(error.stack)).toContain('refused')
  })

  it('takes the password out of a URL given as a secret (a Redis URL), raw and decoded', () => {
    const redis = createRedactor(['redis://:s3cret%2Fpass@127.0.0.1:6379/0'])
    expect(redis('AUTH s3cret/pass failed')).toBe(`AUTH ${REDACTED} failed`)
    expect(redis('redis://:s3cret%2Fpass@127.0.0.1:6379/0')).toBe(REDACTED)
    expect(redis('connecting to redis://127.0.0.1:6379')).toBe('connecting to redis://127.0.0.1:6379')
  })

  it('knows more secrets with `with`, the original unchanged', () => {
    const more = redact.with(['webhook-secret-99'])
    expect(more('webhook-secret-99 and ' + key)).toBe(`${REDACTED} and ${REDACTED}`)
    expect(redact('webhook-secret-99')).toBe('webhook-secret-99')
  })

  it('never lets a secret through, whatever surrounds it and however it is encoded', () => {
    const secret = fc.string({ unit: fc.constantFrom(...'abcdefXYZ0123456789-_./+ %'), minLength: 8, maxLength: 40 }).filter((value) => value.trim() === value)
    const encode = fc.constantFrom(
      (value: string) => value,
      (value: string) => encodeURIComponent(value),
      (value: string) => JSON.stringify(value).slice(1, -1),
      (value: string) => base64(value),
    )
    fc.assert(
      fc.property(secret, encode, fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (value, encoding, before, after) => {
        const clean = createRedactor([value])(`${before}${encoding(value)}${after}`)
        expect(clean).not.toContain(value)
        expect(clean).not.toContain(encodeURIComponent(value))
      }),
      { numRuns: 300 },
    )
  })
})

describe('the enrichment engine with a redactor', () => {
  it('records and publishes a failing enricher’s error without the secret it carried, and throws it clean', async () => {
    const { createHarness, tmdbEnricher } = await import('./harness.js')
    const { EnrichmentEngine } = await import('../src/index.js')
    const tmdb = tmdbEnricher()
    const h = createHarness({ enrichers: [tmdb] })
    const engine = new EnrichmentEngine({ ...h.stores, enrichers: h.enrichers, levels: h.levels, bus: h.bus, clock: h.clock, redactor: createRedactor([key]) })
    await h.addMovie(603)
    tmdb.failure = new CinelayerError('CINELAYER_ERR_PROVIDER_HTTP', `refused ${key}`, { details: { url: `/?apikey=${key}` } })
    const thrown = await engine.ensure('tmdb:603', 'basic').catch((error: unknown) => error as Error)
    await h.bus.settled()
    const seen = JSON.stringify([(await h.stores.movies.get('tmdb:603'))?.errors, h.eventsOf('EnrichmentFailed')])
    expect(seen).toContain(`refused ${REDACTED}`)
    expect(seen).not.toContain(key)
    expect(JSON.stringify((thrown.cause as CinelayerError).details)).not.toContain(key)
    expect(String(thrown.stack) + (thrown.cause as Error).message).not.toContain(key)
  })
})
