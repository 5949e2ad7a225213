/**
 * Commits Fight-Club-sized changes to a data folder as fast as it can, until killed: movies
 * enriched to a random level with 150 to 300 credits (people, both sides of each credit), an
 * alias, stats and a file link, all in one change; removals; merges of a `local:` movie into a
 * TMDB one; stats flushes. Every credit of a change carries the change's number (`v<n>`), as do
 * the record's title and its stats' views, so that a reader can tell whether a change landed whole.
 * Prints `ready`, then `c <n>` after each commit.
 * Arguments: folder, store kind (`sqlite` or `fs`), seed.
 */
import type { MovieStats } from '@cinelayer/core'
import { type StoreKind, createStores, openDataFolder } from '../../src/index.js'
import { largeCredits, movie, stats } from '../../src/contract/fixtures.js'
import { randomGenerator } from '../crash-workload.js'

const [path = '', store = 'sqlite', seed = '1'] = process.argv.slice(2)
const folder = openDataFolder(path, { store: store as StoreKind })
const stores = createStores(folder.storage)
const random = randomGenerator(Number(seed))
const LEVELS = ['initial', 'basic', 'medium', 'deep']
const MOVIES = 6

console.log('ready')
for (let n = 1; ; n++) {
  const tmdb = 1 + Math.floor(random() * MOVIES)
  const id = `tmdb:${tmdb}`
  const roll = random()
  if (roll < 0.7) {
    // People come from a pool shared by the movies, so that filmographies gather several movies.
    const { credits, people } = largeCredits(id, 150 + Math.floor(random() * 150), ` v${n}`, 10_000 + Math.floor(random() * 200))
    await stores.movies.update(id, () => ({
      movie: movie(tmdb, { title: `Movie ${tmdb} v${n}`, level: LEVELS[Math.floor(random() * LEVELS.length)]!, filePath: `/films/${tmdb}-${n % 3}.mkv` }),
      credits,
      people,
      aliases: [`imdb:tt${String(1_000_000 + tmdb).padStart(7, '0')}`],
      stats: stats(id, n),
      durable: random() < 0.3,
    }))
  } else if (roll < 0.8) {
    await stores.movies.remove(id)
  } else if (roll < 0.9) {
    // A file matched late: its local movie is merged into the TMDB one, with its usage.
    const local = `local:${(0xabc000 + n).toString(16).padStart(16, '0')}`
    await stores.movies.update(local, () => ({ movie: { ...movie(tmdb), id: local, ids: { local: local.slice(6) }, title: `Movie ${tmdb} v${n}` }, stats: { ...stats(local, n) } }))
    await stores.movies.update(id, async (current, context) => {
      const usage = await context.stats(local)
      return { movie: { ...(current ?? movie(tmdb)), title: `Movie ${tmdb} v${n}` }, credits: [], absorbs: [local], stats: { ...(usage as MovieStats), movieId: id } }
    })
  } else {
    // A flush of usage: plays counted, views (the change number) left as they are.
    await stores.stats.updateMany(Array.from({ length: MOVIES }, (_, index) => `tmdb:${index + 1}`), (current) => current && { ...current, plays: current.plays + 1 })
  }
  console.log(`c ${n}`)
}
