import type { Relation } from '@cinelayer/core'
import type { CinelayerStores } from '../src/index.js'
import { cast, movie, person, stats } from './records.js'

const LEVELS = ['initial', 'basic', 'medium', 'deep']

/** A small deterministic random generator (mulberry32), so that a failing run can be replayed. */
export function randomGenerator(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * `writes` updates of every kind through the stores, one after the other, on a few dozen movies
 * so that records are rewritten again and again. `after(n)` is called once write `n` is done.
 */
export async function crashWorkload(stores: CinelayerStores, seed: number, writes: number, after: (n: number) => void): Promise<void> {
  const random = randomGenerator(seed)
  const pick = (count: number) => 1 + Math.floor(random() * count)
  for (let n = 1; n <= writes; n++) {
    const id = pick(40)
    const roll = random()
    const movieId = `tmdb:${id}`
    if (roll < 0.45) {
      const level = LEVELS[Math.floor(random() * LEVELS.length)]!
      await stores.movies.put({ ...movie(id), level, title: `Movie ${id} v${n}` })
    } else if (roll < 0.55) {
      // As the engine does: aliases and credits for movies that are stored, people before credits.
      if (await stores.movies.get(movieId)) await stores.movies.alias(`imdb:tt${String(1_000_000 + id).padStart(7, '0')}`, movieId)
    } else if (roll < 0.67) {
      const credits: Relation[] = Array.from({ length: pick(4) }, (_, order) => cast(`tmdb:${pick(15)}`, movieId, `Role ${n}`, order))
      if (await stores.movies.get(movieId)) {
        for (const credit of credits) {
          const personId = Number(credit.personId.slice('tmdb:'.length))
          if (!(await stores.people.get(credit.personId))) await stores.people.put(person(personId, `Person ${personId} v${n}`))
        }
        await stores.relations.setForMovie(movieId, credits)
      }
    } else if (roll < 0.77) {
      const personId = pick(15)
      await stores.people.put({ ...person(personId, `Person ${personId} v${n}`) })
    } else if (roll < 0.94) {
      await stores.stats.put(stats(movieId, n))
    } else {
      await stores.movies.remove(movieId)
    }
    after(n)
  }
}
