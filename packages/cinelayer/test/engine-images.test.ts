import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DAY, EnrichmentFailedError, type ReplayEntry } from '../src/index.js'
import { fightClubEntry, replayEngine } from './engine-harness.js'

/** Bytes written for these tests (not real images): each file gets its own, so a mix-up shows. */
function imageBytes(seed: number): Uint8Array {
  return Uint8Array.from({ length: 32 + seed }, (_, index) => (index * 31 + seed * 7) % 256)
}

function imageEntry(size: string, path: string, seed: number): ReplayEntry {
  return {
    request: { source: 'tmdb-image', path: `/t/p/${size}${path}`, responseType: 'arrayBuffer' },
    response: { status: 200, body: null, bodyBase64: Buffer.from(imageBytes(seed)).toString('base64') },
    meta: { origin: 'written', sources: ['cinelayer tests'], license: 'MIT', note: 'bytes written for the test, not an image' },
  }
}

async function fightClubImages(): Promise<{ poster: string; backdrops: string[]; logo: string; entries: ReplayEntry[] }> {
  const body = (await fightClubEntry()).response.body as { poster_path: string; images: { backdrops: Array<{ file_path: string }>; logos: Array<{ file_path: string }> } }
  const backdrops = body.images.backdrops.slice(0, 3).map((image) => image.file_path)
  const logo = body.images.logos[0]!.file_path
  const entries = [imageEntry('original', body.poster_path, 1), ...backdrops.map((path, index) => imageEntry('w780', path, 2 + index)), imageEntry('w300', logo, 9)]
  return { poster: body.poster_path, backdrops, logo, entries }
}

describe('images as facets', () => {
  it('stores the poster at basic and backdrops and logos at deep, by size, with bytes per movie; a downgrade removes them', async () => {
    const images = await fightClubImages()
    const h = await replayEngine({ extra: images.entries, wikipedia: false, imdb: false, images: { download: true } })
    const basic = await h.engine.movies.get('tmdb:550', { level: 'basic' })
    expect(basic.poster).toEqual({ path: images.poster, size: 'original', bytes: imageBytes(1).byteLength })
    expect(await h.engine.images.get('tmdb:550', { size: 'original', file: images.poster })).toEqual(imageBytes(1))
    expect(await h.engine.images.bytesOf('tmdb:550')).toBe(imageBytes(1).byteLength)

    const deep = await h.engine.movies.get('tmdb:550', { level: 'deep' })
    expect(deep.images!.backdrops.slice(0, 4).map((image) => image.size)).toEqual(['w780', 'w780', 'w780', undefined])
    expect(deep.images!.logos[0]).toMatchObject({ path: images.logo, size: 'w300', bytes: imageBytes(9).byteLength })
    expect((await h.engine.images.list('tmdb:550')).map((image) => `${image.size}/${image.file}`).sort()).toEqual(
      [`original${images.poster}`, ...images.backdrops.map((path) => `w780${path}`), `w300${images.logo}`].sort(),
    )
    const total = [1, 2, 3, 4, 9].reduce((sum, seed) => sum + imageBytes(seed).byteLength, 0)
    expect(await h.engine.images.bytesOf('tmdb:550')).toBe(total)
    expect(h.data.counters['tmdb-image']).toBe(5)
    expect(h.tmdbCalls()).toBe(3) // basic, configuration (once), deep

    h.clock.advance(DAY)
    await h.engine.downgrade({ ids: ['tmdb:550'], to: 'basic' })
    await h.engine.bus.settled()
    expect(await h.engine.images.list('tmdb:550')).toEqual([{ movieId: 'tmdb:550', size: 'original', file: images.poster.slice(1), bytes: imageBytes(1).byteLength }])
    h.clock.advance(DAY)
    await h.engine.downgrade({ ids: ['tmdb:550'], to: 'initial' })
    await h.engine.bus.settled()
    expect(await h.engine.images.bytesOf('tmdb:550')).toBe(0)
    await h.engine.close()
  })

  it('fails the facet when an image cannot be downloaded, keeping no bytes of the failed run', async () => {
    const images = await fightClubImages()
    const withoutLogo = images.entries.filter((entry) => !entry.request.path.endsWith(images.logo))
    const h = await replayEngine({ extra: withoutLogo, wikipedia: false, imdb: false, images: { download: true } })
    await h.engine.movies.get('tmdb:550', { level: 'basic' })
    const error = await h.engine.movies.get('tmdb:550', { level: 'deep' }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(EnrichmentFailedError)
    expect((error as Error).cause).toMatchObject({ code: 'CINELAYER_ERR_REPLAY_MISS' })
    await h.engine.bus.settled()
    expect((await h.engine.movies.peek('tmdb:550'))!.level).toBe('basic')
    expect((await h.engine.images.list('tmdb:550')).map((image) => image.size)).toEqual(['original'])
    await h.engine.close()
  })

  it('does not download a locked poster again', async () => {
    const images = await fightClubImages()
    const h = await replayEngine({ extra: images.entries, wikipedia: false, imdb: false, images: { download: true } })
    await h.engine.importMany(['tmdb:550'])
    await h.engine.movies.edit('tmdb:550', { poster: null }, { lock: true })
    const basic = await h.engine.movies.get('tmdb:550', { level: 'basic' })
    expect(basic.poster).toBeNull()
    expect(h.data.counters['tmdb-image'] ?? 0).toBe(0)
    expect(await h.engine.images.bytesOf('tmdb:550')).toBe(0)
    await h.engine.close()
  })
})

describe('the disk budget on image files', () => {
  it('measures the free space of the data folder, drops HD files while too little is free, the records say so, and a later request downloads them again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cinelayer-disk-budget-'))
    const images = await fightClubImages()
    // More free space than any disk has: the data folder's disk is always short of it.
    const h = await replayEngine({ extra: images.entries, wikipedia: false, imdb: false, images: { download: true }, storage: undefined, dataDir: dir, housekeeping: { minFreeBytes: Number.MAX_SAFE_INTEGER } })
    try {
      const basic = await h.engine.movies.get('tmdb:550', { level: 'basic' })
      expect(basic.poster).toEqual({ path: images.poster, size: 'original', bytes: imageBytes(1).byteLength })
      h.clock.advance(DAY)
      const run = await h.engine.housekeeping.run({ dryRun: false })
      expect(run.plan.freeBytes).toBeGreaterThan(0)
      expect(run.plan.changes.map((change) => [change.movieId, change.imageSizesDropped])).toEqual([['tmdb:550', ['original']]])
      expect(run.plan.changes[0]!.reasons.at(-1)!.reason).toMatch(/ free on the disk, under the .+ to keep free: drops original images$/)
      expect(run.report!.downgraded).toMatchObject([{ movieId: 'tmdb:550', from: 'basic', to: 'basic', imageSizesDropped: ['original'] }])
      await h.engine.bus.settled()
      // The file is gone, and the record says so: a path, no bytes, no size; the poster facet is stale.
      const dropped = (await h.engine.movies.peek('tmdb:550'))!
      expect(dropped.poster).toEqual({ path: images.poster })
      expect(dropped.level).toBe('basic')
      expect(dropped.facets.poster!.at).toBe(new Date(0).toISOString())
      expect(await h.engine.images.bytesOf('tmdb:550')).toBe(0)
      expect(h.eventsOf('MovieDowngraded').at(-1)!.payload).toMatchObject({ movieId: 'tmdb:550', imageSizesDropped: ['original'] })
      // Asked for at basic again: the poster is fetched and downloaded again.
      const downloads = h.data.counters['tmdb-image'] ?? 0
      const again = await h.engine.movies.get('tmdb:550', { level: 'basic' })
      expect(again.poster).toEqual({ path: images.poster, size: 'original', bytes: imageBytes(1).byteLength })
      expect(h.data.counters['tmdb-image']).toBe(downloads + 1)
      expect(await h.engine.images.bytesOf('tmdb:550')).toBe(imageBytes(1).byteLength)
    } finally {
      await h.engine.close()
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('keeps 1 GiB free by default once downloads are on in a data folder; none without downloads or a folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cinelayer-disk-default-'))
    const folder = { storage: undefined, dataDir: dir, wikipedia: false as const, imdb: false as const }
    try {
      const on = await replayEngine({ ...folder, images: { download: true } })
      const rule = on.engine.housekeeping.rules.find((candidate) => candidate.name === 'disk-budget')!
      const input = { movie: {} as never, stats: null, bytes: 0, images: { original: 10 }, context: { now: 0, levels: on.engine.levels, bytesStored: 10, freeBytes: 512 * 1024 ** 2 } }
      expect(rule.evaluate(input)).toMatchObject({ dropImageSizes: ['original'], reason: expect.stringMatching(/under the 1\.1 GB to keep free/) })
      expect(rule.evaluate({ ...input, context: { ...input.context, freeBytes: 2 * 1024 ** 3 } })).toBeNull()
      await on.engine.close()
      const off = await replayEngine({ ...folder, images: { download: true }, housekeeping: { minFreeBytes: false } })
      expect(off.engine.housekeeping.rules.find((candidate) => candidate.name === 'disk-budget')!.evaluate(input)).toBeNull()
      await off.engine.close()
      const memory = await replayEngine({ wikipedia: false, imdb: false, images: { download: true } })
      expect(memory.engine.housekeeping.rules.find((candidate) => candidate.name === 'disk-budget')!.evaluate(input)).toBeNull()
      await memory.engine.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
