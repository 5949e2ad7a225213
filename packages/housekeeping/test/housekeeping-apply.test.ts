import { defineRule } from '@cinelayer/core'
import { type CommitBatch, type TransactionalDriver, memoryDriver as cinelayerMemory } from '@cinelayer/storage'
import { describe, expect, it } from 'vitest'
import { createHousekeeper, notReadFor } from '../src/index.js'
import { DAY, T0, type World, createWorld, deepMovie, read, snapshot } from './helpers.js'

const deepFields = ['cast', 'crew', 'genres', 'tmdbRating', 'externalIds', 'images', 'keywords', 'wikipedia', 'imdbRating']

async function staleCatalog(world: World, ...tmdbIds: number[]) {
  for (const tmdb of tmdbIds) await world.movies.put(deepMovie(tmdb, T0))
  world.clock.set(T0 + 200 * DAY)
  return createHousekeeper({ ...world, rules: [notReadFor()] })
}

/** cinelayer's memory driver, except that a commit writing one key fails once armed: a disk error at the storage boundary. */
function failingWritesOf(key: string): { driver: TransactionalDriver; arm(): void } {
  const memory = cinelayerMemory({})
  let armed = false
  const driver: TransactionalDriver = {
    ...memory,
    name: 'failing-memory',
    async commit(batch: CommitBatch) {
      if (armed && batch.writes.some((write) => write.key === key)) throw new Error('EIO: i/o error')
      return memory.commit(batch)
    },
  }
  return { driver, arm: () => (armed = true) }
}

describe('Housekeeper.apply', () => {
  it('downgrades deep → basic, frees exactly the bytes planned and says so on the bus', async () => {
    const world = createWorld()
    const housekeeper = await staleCatalog(world, 550, 603)
    const plan = await housekeeper.plan()
    const sizesBefore = [await world.movies.sizeOf('tmdb:550'), await world.movies.sizeOf('tmdb:603')]
    world.clock.advance(1000)
    const report = await housekeeper.apply(plan)

    for (const id of ['tmdb:550', 'tmdb:603']) {
      const movie = (await world.movies.get(id))!
      expect(movie.level).toBe('basic')
      expect(Object.keys(movie.facets).sort()).toEqual(['details', 'identity', 'poster'])
      for (const field of deepFields) expect(movie).not.toHaveProperty(field)
      expect(movie.overview).toBe('A hacker learns that the world he lives in is a simulation.')
      expect(movie.updatedAt).toBe(new Date(T0 + 200 * DAY + 1000).toISOString())
    }
    const sizesAfter = [await world.movies.sizeOf('tmdb:550'), await world.movies.sizeOf('tmdb:603')]
    const freed = sizesBefore[0]! - sizesAfter[0]! + (sizesBefore[1]! - sizesAfter[1]!)
    expect(freed).toBeGreaterThan(0)
    expect(report.totals).toEqual({ examined: 2, downgraded: 2, skipped: 0, failed: 0, bytesFreed: freed, imageBytesFreed: 0 })
    expect(plan.totals.bytesFreed).toBe(freed)
    expect(report.downgraded.map((entry) => entry.bytesFreed)).toEqual(plan.changes.map((change) => change.bytesFreed))

    const facetsDropped = ['credits', 'genres', 'ratings', 'externalIds', 'images', 'keywords', 'wikipedia', 'imdbRating']
    expect(world.events.map(({ type, category, correlationId, payload }) => ({ type, category, correlationId, payload }))).toEqual([
      ...['tmdb:550', 'tmdb:603'].map((movieId, index) => ({
        type: 'MovieDowngraded',
        category: 'housekeeping',
        correlationId: plan.id,
        payload: {
          movieId,
          from: 'deep',
          to: 'basic',
          facetsDropped,
          bytesFreed: sizesBefore[index]! - sizesAfter[index]!,
          reasons: ['not-read-for: not read for 200 days (limit 180)'],
        },
      })),
      {
        type: 'HousekeepingCompleted',
        category: 'housekeeping',
        correlationId: plan.id,
        payload: { dryRun: false, examined: 2, downgraded: 2, skipped: 0, bytesFreed: freed },
      },
    ])
  })

  it('skips a movie read between the plan and the apply', async () => {
    const world = createWorld()
    const housekeeper = await staleCatalog(world, 550, 603)
    const plan = await housekeeper.plan()
    world.clock.advance(5 * 60 * 1000)
    await read(world, 'tmdb:603')
    const before = await snapshot(world.storage)
    const report = await housekeeper.apply(plan)

    expect(report.skipped).toEqual([
      { movieId: 'tmdb:603', reason: `read at ${new Date(T0 + 200 * DAY + 5 * 60 * 1000).toISOString()}, after the plan was made at ${plan.createdAt}` },
    ])
    expect(report.downgraded.map((entry) => entry.movieId)).toEqual(['tmdb:550'])
    expect((await world.movies.get('tmdb:603'))!.level).toBe('deep')
    expect((await snapshot(world.storage)).get('movies:tmdb:603')).toBe(before.get('movies:tmdb:603'))
    expect(world.events.at(-1)!.payload).toEqual({ dryRun: false, examined: 2, downgraded: 1, skipped: 1, bytesFreed: report.totals.bytesFreed })
  })

  it('skips a movie changed since the plan, and one removed since', async () => {
    const world = createWorld()
    const housekeeper = await staleCatalog(world, 550, 603)
    const plan = await housekeeper.plan()
    world.clock.advance(1000)
    const edited = (await world.movies.get('tmdb:550'))!
    await world.movies.put({ ...edited, tagline: 'Edited by hand.', updatedAt: new Date(world.clock.now()).toISOString() })
    await world.movies.remove('tmdb:603')
    const report = await housekeeper.apply(plan)

    expect(report.downgraded).toEqual([])
    expect(report.skipped).toEqual([
      { movieId: 'tmdb:550', reason: `changed since the plan (updated ${new Date(T0 + 200 * DAY + 1000).toISOString()}, planned on ${edited.updatedAt})` },
      { movieId: 'tmdb:603', reason: 'no longer stored' },
    ])
    expect((await world.movies.get('tmdb:550'))!).toMatchObject({ level: 'deep', tagline: 'Edited by hand.' })
  })

  it('keeps locked fields through the downgrade', async () => {
    const world = createWorld()
    await world.movies.put({ ...deepMovie(603, T0), locks: ['keywords', 'overview'] })
    world.clock.set(T0 + 200 * DAY)
    const housekeeper = createHousekeeper({ ...world, rules: [notReadFor({ to: 'initial' })] })
    const plan = await housekeeper.plan()
    expect(plan.changes[0]!.fieldsKept.sort()).toEqual(['keywords', 'overview'])
    const report = await housekeeper.apply(plan)

    const movie = (await world.movies.get('tmdb:603'))!
    expect(movie.level).toBe('initial')
    expect(movie.keywords).toEqual(['simulated reality', 'dystopia', 'artificial intelligence'])
    expect(movie.overview).toBe('A hacker learns that the world he lives in is a simulation.')
    expect(movie).not.toHaveProperty('tagline')
    expect(movie).not.toHaveProperty('images')
    expect(movie.locks).toEqual(['keywords', 'overview'])
    expect(report.downgraded[0]!.fieldsKept.sort()).toEqual(['keywords', 'overview'])
  })

  it('reports a failed write, leaves that record as it was and goes on with the others', async () => {
    const failing = failingWritesOf('movies:tmdb:550')
    const world = createWorld(failing.driver)
    const housekeeper = await staleCatalog(world, 550, 603)
    const plan = await housekeeper.plan()
    failing.arm()
    const before = await world.storage.getItemRaw('movies:tmdb:550')
    const report = await housekeeper.apply(plan)

    expect(report.failed).toMatchObject([{ movieId: 'tmdb:550', code: 'CINELAYER_ERR_HOUSEKEEPING_WRITE_FAILED' }])
    expect(report.failed[0]!.message).toMatch(/^Housekeeping could not write tmdb:550 downgraded to "basic": /)
    expect(await world.storage.getItemRaw('movies:tmdb:550')).toEqual(before)
    expect(report.downgraded.map((entry) => entry.movieId)).toEqual(['tmdb:603'])
    expect(world.events.filter((event) => event.type === 'MovieDowngraded').map((event) => event.payload.movieId)).toEqual(['tmdb:603'])
    expect(world.events.at(-1)!.payload).toMatchObject({ downgraded: 1, skipped: 1 })
  })

  it('applies a batch of movies in one commit, and reports and publishes them in plan order', async () => {
    const inner = cinelayerMemory({})
    const commits: number[] = []
    const driver = { ...inner, name: 'counting-commits', commit: (batch: CommitBatch) => (commits.push(batch.writes.length), inner.commit(batch)) }
    const world = createWorld(driver)
    const housekeeper = await staleCatalog(world, 550, 603, 680)
    const plan = await housekeeper.plan()
    commits.length = 0
    const report = await housekeeper.apply(plan)
    expect(commits).toHaveLength(1)
    expect(report.downgraded.map((entry) => entry.movieId)).toEqual(['tmdb:550', 'tmdb:603', 'tmdb:680'])
    expect(world.events.filter((event) => event.type === 'MovieDowngraded').map((event) => event.payload.movieId)).toEqual(['tmdb:550', 'tmdb:603', 'tmdb:680'])
    expect(await Promise.all([550, 603, 680].map(async (tmdb) => (await world.movies.get(`tmdb:${tmdb}`))!.level))).toEqual(['basic', 'basic', 'basic'])
  })

  it('reports a planned level the level set does not know', async () => {
    const world = createWorld()
    const housekeeper = await staleCatalog(world, 603)
    const plan = await housekeeper.plan()
    const report = await housekeeper.apply({ ...plan, changes: plan.changes.map((change) => ({ ...change, to: 'shallow' })) })
    expect(report.failed).toMatchObject([{ movieId: 'tmdb:603', code: 'CINELAYER_ERR_HOUSEKEEPING_LEVEL_UNKNOWN' }])
    expect((await world.movies.get('tmdb:603'))!.level).toBe('deep')
  })
})

describe('Housekeeper.run', () => {
  it('only plans by default, and says so on the bus', async () => {
    const world = createWorld()
    const housekeeper = await staleCatalog(world, 550, 603)
    const before = await snapshot(world.storage)
    const run = await housekeeper.run()
    expect(run.report).toBeUndefined()
    expect(run.plan.changes).toHaveLength(2)
    expect(await snapshot(world.storage)).toEqual(before)
    expect(world.events.map(({ type, payload }) => ({ type, payload }))).toEqual([
      {
        type: 'HousekeepingCompleted',
        payload: { dryRun: true, examined: 2, downgraded: 2, skipped: 0, bytesFreed: run.plan.totals.bytesFreed },
      },
    ])
  })

  it('applies the plan when dryRun is false', async () => {
    const world = createWorld()
    const keep = defineRule({ name: 'keep-550', evaluate: ({ movie }) => (movie.id === 'tmdb:550' ? { minLevel: 'deep', reason: 'favourite' } : null) })
    for (const tmdb of [550, 603]) await world.movies.put(deepMovie(tmdb, T0))
    world.clock.set(T0 + 200 * DAY)
    const run = await createHousekeeper({ ...world, rules: [notReadFor(), keep] }).run({ dryRun: false })
    expect(run.report!.downgraded.map((entry) => entry.movieId)).toEqual(['tmdb:603'])
    expect((await world.movies.get('tmdb:550'))!.level).toBe('deep')
    expect((await world.movies.get('tmdb:603'))!.level).toBe('basic')
    expect(world.events.at(-1)!.payload).toEqual({ dryRun: false, examined: 2, downgraded: 1, skipped: 0, bytesFreed: run.report!.totals.bytesFreed })
  })
})

describe('Housekeeper.apply and the credits both ways', () => {
  const credits = (movieId: string) => [
    { personId: 'tmdb:6384', movieId, role: 'cast' as const, character: 'Neo', order: 0 },
    { personId: 'tmdb:9339', movieId, role: 'crew' as const, job: 'Director', department: 'Directing' },
  ]
  async function creditedCatalog(world: World, extra: Parameters<typeof deepMovie>[2] = {}) {
    await world.movies.update('tmdb:603', () => ({ movie: deepMovie(603, T0, extra), credits: credits('tmdb:603') }))
    world.clock.set(T0 + 200 * DAY)
  }

  it('removes the credit relations (movie and filmography sides) when the credits facet goes', async () => {
    const world = createWorld()
    await creditedCatalog(world)
    expect(await world.stores.relations.forMovie('tmdb:603')).toHaveLength(2)
    const bytesBefore = await world.stores.bytesStored()
    await createHousekeeper({ ...world, rules: [notReadFor()] }).run({ dryRun: false })

    expect((await world.movies.get('tmdb:603'))!.level).toBe('basic')
    expect(await world.stores.relations.forMovie('tmdb:603')).toEqual([])
    expect(await world.stores.relations.forPerson('tmdb:6384')).toEqual([])
    expect(await world.stores.relations.forPerson('tmdb:9339')).toEqual([])
    expect(await world.stores.bytesStored()).toBeLessThan(bytesBefore)
  })

  it('keeps them while a credits field is locked (the locked cast stays on the record)', async () => {
    const world = createWorld()
    await creditedCatalog(world, { locks: ['cast'] })
    await createHousekeeper({ ...world, rules: [notReadFor()] }).run({ dryRun: false })

    const movie = (await world.movies.get('tmdb:603'))!
    expect(movie.level).toBe('basic')
    expect(movie.cast).toHaveLength(1)
    expect(await world.stores.relations.forMovie('tmdb:603')).toHaveLength(2)
  })

  it('leaves them alone when the credits facet stays (deep → medium)', async () => {
    const world = createWorld()
    await creditedCatalog(world)
    await createHousekeeper({ ...world, rules: [notReadFor({ to: 'medium' })] }).run({ dryRun: false })

    expect((await world.movies.get('tmdb:603'))!.level).toBe('medium')
    expect(await world.stores.relations.forMovie('tmdb:603')).toHaveLength(2)
  })
})
