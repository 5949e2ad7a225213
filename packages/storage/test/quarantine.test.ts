import { LevelSet } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import { recoverMovie, salvageFields } from '../src/quarantine.js'

describe('salvage of an unreadable record', () => {
  const record = {
    schemaVersion: 1,
    id: 'tmdb:9443',
    ids: { tmdb: 9443, imdb: 'tt0082158' },
    level: 'basic',
    locks: ['title', 'tagline'],
    edits: { title: { value: 'Cha"ri,ots}', at: '2026-11-21T00:00:00.000Z' }, tagline: { value: 'Run', at: '2026-11-21T00:00:00.000Z' } },
    errors: [],
    title: 'Chariots of Fire',
  }

  it('reads every whole top-level field of a record cut short', () => {
    const text = JSON.stringify(record)
    const cut = text.slice(0, text.indexOf('"errors"') + 5)
    expect(salvageFields(cut)).toEqual({ schemaVersion: 1, id: 'tmdb:9443', ids: record.ids, level: 'basic', locks: record.locks, edits: record.edits })
    expect(salvageFields('{"a":1,"b":[1,2')).toEqual({ a: 1 })
    expect(salvageFields('{"a":{"x":"}"},"b":tru')).toEqual({ a: { x: '}' } })
    expect(salvageFields('not json at all')).toEqual({})
    expect(salvageFields('[1,2]')).toEqual({})
  })

  it('rebuilds the movie at the lowest level with its ids, edits and the locks they carry', () => {
    const text = JSON.stringify(record)
    const rebuilt = recoverMovie('tmdb:9443', text.slice(0, text.indexOf('"errors"')), new LevelSet(), Date.UTC(2026, 11, 6))
    expect(rebuilt).toMatchObject({ id: 'tmdb:9443', level: 'initial', ids: { tmdb: 9443, imdb: 'tt0082158' }, title: 'Cha"ri,ots}', locks: ['title', 'tagline'] })
    expect(rebuilt.edits).toEqual(record.edits)
    // The tagline comes back with its facet; its edit and lock are waiting for it.
    expect(rebuilt.tagline).toBeUndefined()
  })

  it('keeps only what passes its schema: a bad edit or a stray lock is left out', () => {
    const text = JSON.stringify({ ...record, ids: { tmdb: 'x' }, locks: ['title', 'runtime', 42], edits: { runtime: { value: 'long', at: 'x' }, level: { value: 'deep', at: 'x' } } })
    const rebuilt = recoverMovie('tmdb:9443', text, new LevelSet(), 0)
    expect(rebuilt).toMatchObject({ ids: { tmdb: 9443 }, locks: [], title: 'Chariots of Fire' })
    expect(rebuilt.edits).toBeUndefined()
  })
})
