/**
 * One of several processes editing the same movies of a data folder at once. Opens the folder,
 * prints `ready`, waits for `go` on stdin, then makes `<count>` changes through the movie store's
 * one write path, each appending `<tag>-<n>` to the `marks` of one of the movies (in turn), every
 * tenth one also replacing its credits (with the person's side and the people). Prints
 * `done <count> <runs>` (runs: how many times the changes ran, re-runs after a conflict included),
 * or `failed <code> <message>`.
 * Arguments: folder, tag, count, movie ids (comma-separated).
 */
import { CinelayerError, type Movie } from '@cinelayer/core'
import { createStores, openDataFolder } from '../../src/index.js'
import { cast, movie, person } from '../../src/contract/fixtures.js'
import { onStdinLine } from '../child-process.js'

const [path = '', tag = 'a', count = '200', ids = 'tmdb:550'] = process.argv.slice(2)
const folder = openDataFolder(path, { store: 'sqlite' })
const stores = createStores(folder.storage)
const movies = ids.split(',')
let runs = 0

async function edit(n: number): Promise<void> {
  const id = movies[n % movies.length]!
  const personId = 1000 + (n % 7)
  await stores.movies.update(id, (current) => {
    runs++
    const base = (current ?? movie(Number(id.slice(5)))) as Movie & { marks?: string[] }
    const next = { ...base, marks: [...(base.marks ?? []), `${tag}-${n}`] } as Movie
    if (n % 10 !== 0) return { movie: next }
    return { movie: next, credits: [cast(`tmdb:${personId}`, id, `${tag} ${n}`)], people: [person(personId, `Person ${personId}`)] }
  })
}

onStdinLine(async (line) => {
  if (line !== 'go') return
  try {
    for (let n = 1; n <= Number(count); n++) await edit(n)
    console.log(`done ${count} ${runs}`)
  } catch (error) {
    console.log(`failed ${error instanceof CinelayerError ? error.code : 'unknown'} ${error instanceof Error ? error.message : String(error)}`)
  }
  await folder.close()
  process.exit(0)
})
console.log('ready')
