import { summarizeMovie, LevelSet } from '@cinelayer/core'
import { createStorage } from 'unstorage'
import { describe, expect, it } from 'vitest'
import { type CommitBatch, type TransactionalDriver, createStores, memoryDriver } from '../src/index.js'
import { movie } from './records.js'

/** cinelayer's memory driver that runs `before(batch)` ahead of each commit (another writer, say). */
function interceptedDriver(): { driver: TransactionalDriver; before: (batch: CommitBatch) => Promise<void> | void } {
  const inner = memoryDriver()
  const hooks = { before: (_batch: CommitBatch): Promise<void> | void => undefined }
  const driver: TransactionalDriver = {
    ...inner,
    async commit(batch) {
      await hooks.before(batch)
      return inner.commit(batch)
    },
  }
  return {
    driver,
    set before(hook: (batch: CommitBatch) => Promise<void> | void) {
      hooks.before = hook
    },
    get before() {
      return hooks.before
    },
  }
}

describe('repairs of derived entries', () => {
  it('never write over a change another writer made meanwhile: the repair is refused and reported', async () => {
    const intercepted = interceptedDriver()
    const storage = createStorage({ driver: intercepted.driver })
    const stores = createStores(storage)
    const other = createStores(storage)
    await stores.movies.put(movie(550, { title: 'Fight Club' }))
    // A summary lost (removed by hand): the next validate --fix would write it from the record it read.
    await stores.kv.commit({ checks: [], writes: [{ key: 'summaries:tmdb:550', value: null }] })
    let interfered = false
    intercepted.before = async (batch) => {
      if (interfered || !batch.writes.some((write) => write.key === 'summaries:tmdb:550')) return
      interfered = true
      intercepted.before = () => undefined
      // Meanwhile, another process renames the movie (its commit writes its own summary).
      await other.movies.update('tmdb:550', (current) => current && { movie: { ...current, title: 'Renamed meanwhile' } })
    }
    const report = await stores.validate({ fix: true })
    expect(interfered).toBe(true)
    const issue = report.issues.find((entry) => entry.key === 'summaries:tmdb:550')!
    expect(issue).toMatchObject({ kind: 'index-missing', fixed: false })
    expect(issue.message).toMatch(/changed meanwhile; run validate again/)
    // The summary is the renamed record's, not the stale repair's.
    const stored = await stores.kv.read('summaries:tmdb:550')
    const current = (await stores.movies.getStored('tmdb:550'))!
    expect(JSON.parse(stored!)).toEqual(summarizeMovie(current.movie, new LevelSet(), current.text))
    expect(current.movie.title).toBe('Renamed meanwhile')
    expect((await stores.validate()).issues).toEqual([])
  })

  it('reindex (and the check at open) rebuilds derived entries and quarantines nothing', async () => {
    const storage = createStorage({ driver: memoryDriver() })
    const stores = createStores(storage)
    for (const tmdb of [1, 2]) await stores.movies.put(movie(tmdb))
    const corrupt = '{"schemaVersion":1,"id":"tmdb:2'
    await stores.kv.commit({ checks: [], writes: [{ key: 'movies:tmdb:2', value: corrupt }, { key: 'levels:initial:tmdb:1', value: null }] })
    const reindexed = await stores.reindex()
    expect(reindexed.quarantined).toEqual([])
    expect(reindexed.issues.map((issue) => [issue.kind, issue.key, issue.fixed])).toEqual([
      ['record-corrupt', 'movies:tmdb:2', false],
      ['index-missing', 'levels:initial:tmdb:1', true],
    ])
    expect(await stores.kv.read('movies:tmdb:2')).toBe(corrupt)
    // A fresh store over the same storage lists at once: its check rebuilt nothing more and set nothing aside.
    const reopened = createStores(storage)
    expect((await reopened.movies.list()).results.map((entry) => entry.id)).toEqual(['tmdb:1'])
    expect(await reopened.kv.keys('quarantine:')).toEqual([])
  })
})
