import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runLifecycle } from '../src/lifecycle.js'

describe('quickstart lifecycle (end to end, the default SQLite store, replay data)', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cinelayer-quickstart-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('walks a movie up the levels, downgrades it after 200 idle days and re-enriches it on demand', async () => {
    const lines: string[] = []
    const report = await runLifecycle({ dataDir: join(dir, 'store'), say: (line) => lines.push(line) })

    expect(report.levels).toEqual({
      created: 'initial',
      opened: 'basic',
      cast: 'medium',
      deep: 'deep',
      downgraded: 'basic',
      reenriched: 'deep',
    })
    const types: string[] = report.events.map((event) => event.type)
    const order = ['VideoFileDetected', 'MovieCreated', 'MovieRequested', 'EnrichmentCompleted', 'MovieDowngraded', 'HousekeepingCompleted']
    let cursor = -1
    for (const type of order) {
      const next = types.indexOf(type, cursor + 1)
      expect(next, `${type} after index ${cursor}`).toBeGreaterThan(cursor)
      cursor = next
    }
    const downgraded = report.events.find((event) => event.type === 'MovieDowngraded')
    expect(downgraded?.payload).toMatchObject({ movieId: 'tmdb:550', from: 'deep', to: 'basic' })
    const completions = report.events.filter((event) => event.type === 'EnrichmentCompleted' && event.payload.movieId === 'tmdb:550')
    // initial→basic, basic→medium, medium→deep, then basic→deep again after the downgrade: one TMDB call each;
    // each jump to deep adds Wikidata + Wikipedia (two calls of the wikipedia provider) and one OMDb call.
    expect(completions.map((event) => event.type === 'EnrichmentCompleted' && event.payload.to)).toEqual(['basic', 'medium', 'deep', 'deep'])
    const deepCalls = { tmdb: 1, wikipedia: 2, imdb: 1 }
    expect(completions.map((event) => event.type === 'EnrichmentCompleted' && event.payload.calls)).toEqual([{ tmdb: 1 }, { tmdb: 1 }, deepCalls, deepCalls])

    expect(report.relatedMovie.level).toBe('initial')
    expect(report.events.some((event) => event.type === 'MovieCreated' && event.payload.movieId === report.relatedMovie.id && event.payload.via === 'person:tmdb:287')).toBe(true)
    expect(report.summary.movies).toBe(2)
    expect(report.summary.moviesPerLevel).toMatchObject({ initial: 1, deep: 1 })
    expect(report.summary.bytesStored).toBeGreaterThan(0)
    // search + 4 movie calls + 1 person call; two deep jumps of Fight Club for the other sources
    expect(report.summary.providerCalls).toEqual({ tmdb: 6, wikidata: 2, wikipedia: 2, omdb: 2 })
    expect(lines.join('\n')).toContain('Summary')
    expect(report.events.some((event) => event.type === 'HandlerFailed')).toBe(false)
  })
})
