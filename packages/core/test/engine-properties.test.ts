import fc from 'fast-check'
import { createStores } from '@cinelayer/storage'
import { createStorage } from 'unstorage'
import memoryDriver from 'unstorage/drivers/memory'
import { describe, expect, it } from 'vitest'
import {
  EnrichmentBackoffError,
  EnrichmentEngine,
  EnrichmentFailedError,
  LevelSet,
  type Movie,
  createEventBus,
  createManualClock,
  createMovieRecord,
  defaultFacets,
  defaultLevels,
  downgradeMovie,
  editMovie,
  lockFields,
  unlockFields,
} from '../src/index.js'
import { sameJson } from '../src/movie-edits.js'
import { type CountingEnricher, imdbEnricher, tmdbEnricher, wikipediaEnricher } from './harness.js'

const movieIds = ['tmdb:601', 'tmdb:602', 'tmdb:603'] as const
const levelNames = defaultLevels.map((level) => level.name)
const fields = ['title', 'overview', 'tagline', 'keywords', 'poster'] as const
const providers = ['tmdb', 'wikipedia', 'imdb'] as const

type Op =
  | { kind: 'get'; movie: number; level: string; failing?: (typeof providers)[number] }
  | { kind: 'edit'; movie: number; field: (typeof fields)[number]; text: string; lock: boolean }
  | { kind: 'lock' | 'unlock'; movie: number; field: (typeof fields)[number] }
  | { kind: 'downgrade'; movie: number; level: string }
  | { kind: 'restart' }
  | { kind: 'advance'; ms: number }

const movie = fc.integer({ min: 0, max: movieIds.length - 1 })
const level = fc.constantFrom(...levelNames)
const field = fc.constantFrom(...fields)
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('get' as const), movie, level, failing: fc.option(fc.constantFrom(...providers), { nil: undefined }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('edit' as const), movie, field, text: fc.string({ maxLength: 6 }), lock: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('lock' as const, 'unlock' as const), movie, field }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('downgrade' as const), movie, level }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.constantFrom(1000, 60_000, 3_600_000, 200 * 86_400_000) }) },
)

// Values each field accepts: a string field takes the text, the others a shape built from it.
function valueOf(name: (typeof fields)[number], text: string): unknown {
  if (name === 'keywords') return [text]
  if (name === 'poster') return { path: `/${text.length}.jpg` }
  return text
}

async function world() {
  const clock = createManualClock(new Date('2026-11-21T09:00:00Z'))
  const bus = createEventBus({ clock })
  const storage = createStorage({ driver: memoryDriver() })
  const enrichers: CountingEnricher[] = [tmdbEnricher(), wikipediaEnricher(), imdbEnricher()]
  const levels = new LevelSet(defaultLevels, defaultFacets, enrichers.flatMap((enricher) => enricher.provides))
  const start = () => {
    const stores = createStores(storage, { clock })
    return { stores, engine: new EnrichmentEngine({ ...stores, enrichers, levels, bus, clock }) }
  }
  let current = start()
  for (const [index, id] of movieIds.entries()) {
    await current.stores.movies.put(createMovieRecord({ id, ids: { tmdb: 601 + index }, title: `Movie ${index}`, year: 1999 }, levels, clock.now()))
  }
  return { clock, levels, enrichers, get current() { return current }, restart: () => { current = start() } }
}

function checkRecord(record: Movie, locked: ReadonlyMap<string, unknown>, levels: LevelSet): void {
  expect(record.level).toBe(levels.levelOf(Object.keys(record.facets)))
  for (const [name, value] of locked) {
    expect(record.locks).toContain(name)
    expect(sameJson(record[name], value), `locked ${name} of ${record.id}`).toBe(true)
  }
  for (const name of fields) {
    const facet = levels.facetOfField(name)!
    const shown = record[name] !== undefined
    const allowed = record.facets[facet] !== undefined || record.locks.includes(name) || levels.facets.get(facet)?.permanent
    if (shown) expect(allowed, `${name} of ${record.id} without its facet`).toBeTruthy()
    const edit = record.edits?.[name]
    if (edit && record.facets[facet] && !record.locks.includes(name)) expect(sameJson(record[name], edit.value)).toBe(true)
  }
}

describe('engine invariants under random use (fast-check)', () => {
  it('never loses a locked field, keeps level = facets present, and keeps indexes in step with records', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const w = await world()
        const locked = new Map<string, Map<string, unknown>>(movieIds.map((id) => [id, new Map()]))
        for (const step of ops) {
          const { engine, stores } = w.current
          const id = 'movie' in step ? movieIds[step.movie]! : ''
          const now = w.clock.now()
          if (step.kind === 'get') {
            const failing = w.enrichers.find((enricher) => enricher.provider === step.failing)
            if (failing) failing.failure = new Error(`${failing.provider} down`)
            try {
              await engine.ensure(id, step.level)
            } catch (error) {
              if (!(error instanceof EnrichmentFailedError || error instanceof EnrichmentBackoffError)) throw error
            } finally {
              if (failing) failing.failure = undefined
            }
          } else if (step.kind === 'edit') {
            const value = valueOf(step.field, step.text)
            const after = await engine.update(id, (record) => editMovie(record, { [step.field]: value }, w.levels, now, { lock: step.lock }))
            if (after.locks.includes(step.field)) locked.get(id)!.set(step.field, value)
          } else if (step.kind === 'lock') {
            const after = await engine.update(id, (record) => lockFields(record, [step.field], w.levels, now))
            if (!locked.get(id)!.has(step.field)) locked.get(id)!.set(step.field, after[step.field])
          } else if (step.kind === 'unlock') {
            await engine.update(id, (record) => unlockFields(record, [step.field], w.levels, now))
            locked.get(id)!.delete(step.field)
          } else if (step.kind === 'downgrade') {
            await engine.update(id, (record) => downgradeMovie(record, step.level, w.levels, now).movie)
          } else if (step.kind === 'restart') w.restart()
          else if (step.kind === 'advance') w.clock.advance(step.ms)
          for (const movieId of movieIds) checkRecord((await w.current.stores.movies.get(movieId))!, locked.get(movieId)!, w.levels)
        }
        const report = await w.current.stores.validate()
        expect(report.issues).toEqual([])
        for (const name of levelNames) {
          const listed = (await w.current.stores.movies.list({ level: name, pageSize: 100 })).results.map((record) => record.id)
          const actual: string[] = []
          for (const movieId of movieIds) if ((await w.current.stores.movies.get(movieId))!.level === name) actual.push(movieId)
          expect(listed.sort()).toEqual(actual.sort())
        }
      }),
      { numRuns: 40 },
    )
  }, 60_000)
})
