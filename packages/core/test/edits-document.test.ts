import { describe, expect, it } from 'vitest'
import { EditsDocumentInvalidError, applyEditsEntry, buildEditsDocument, editMovie, lockFields, parseEditsDocument } from '../src/index.js'
import { createHarness } from './harness.js'

describe('edits documents', () => {
  it('exports edited fields with values and lock flags, and lock-only fields, sorted', async () => {
    const h = createHarness()
    const a = editMovie(await h.addMovie(603), { title: 'Mine', overview: 'Words' }, h.levels, h.clock.now(), { lock: true })
    const b = lockFields(await h.addMovie(550), ['poster'], h.levels, h.clock.now())
    const untouched = await h.addMovie(13)
    const document = buildEditsDocument([a, untouched, b], h.clock.now())
    expect(document).toEqual({
      format: 'cinelayer-edits',
      version: 1,
      exportedAt: '2026-11-21T09:00:00.000Z',
      movies: [
        { id: 'tmdb:550', title: 'Movie 550', fields: { poster: { locked: true } } },
        {
          id: 'tmdb:603',
          title: 'Mine',
          fields: {
            overview: { value: 'Words', locked: true, editedAt: '2026-11-21T09:00:00.000Z' },
            title: { value: 'Mine', locked: true, editedAt: '2026-11-21T09:00:00.000Z' },
          },
        },
      ],
    })
    expect(parseEditsDocument(JSON.parse(JSON.stringify(document)), 'round trip')).toEqual(document)
  })

  it('refuses a malformed document as a whole, listing every problem', () => {
    const bad = { format: 'other', version: 2, movies: [{ id: 'tmdb:1', fields: { title: { locked: 'yes' }, overview: { locked: false } } }] }
    const error = (() => {
      try {
        parseEditsDocument(bad, 'edits.json')
      } catch (caught) {
        return caught as EditsDocumentInvalidError
      }
    })()!
    expect(error).toBeInstanceOf(EditsDocumentInvalidError)
    expect(error.code).toBe('CINELAYER_ERR_EDITS_DOCUMENT_INVALID')
    expect(error.message).toContain('edits.json')
    expect(error.message).toContain('nothing was changed')
    expect(error.problems).toEqual(
      expect.arrayContaining([
        'format: expected "cinelayer-edits"',
        expect.stringMatching(/^version: expected 1/),
        expect.stringMatching(/^exportedAt: /),
        expect.stringMatching(/^movies\.0\.fields\.title\.locked: /),
        'movies.0.fields.overview: a field needs a "value", or "locked": true',
      ]),
    )
    expect(() => parseEditsDocument('not an object', 'x')).toThrow(EditsDocumentInvalidError)
  })

  it('applies an entry field by field: applied, skipped when already equal, rejected with the reason', async () => {
    const h = createHarness()
    const movie = editMovie(await h.addMovie(603), { tagline: 'Same' }, h.levels, h.clock.now())
    const { movie: next, outcomes } = applyEditsEntry(
      movie,
      {
        title: { value: 'New', locked: true },
        tagline: { value: 'Same', locked: false },
        runtime: { value: 'long', locked: false },
        level: { value: 'deep', locked: false },
        poster: { locked: true },
      },
      h.levels,
      h.clock.now(),
    )
    expect(outcomes.map(({ field, status }) => [field, status])).toEqual([
      ['level', 'rejected'],
      ['poster', 'applied'],
      ['runtime', 'rejected'],
      ['tagline', 'skipped'],
      ['title', 'applied'],
    ])
    expect(outcomes.find((outcome) => outcome.field === 'runtime')!.reason).toContain('runtime')
    expect(next).toMatchObject({ title: 'New', locks: ['poster', 'title'] })
    expect(next.tagline).toBeUndefined()
    expect(next.edits?.tagline?.value).toBe('Same')
    expect(next.runtime).toBeUndefined()
  })
})
