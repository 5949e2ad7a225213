/**
 * Commits one very large change to an fs data folder when told `go`: a movie with `<count>`
 * credits and their people, so that applying it takes long enough to be killed half-way.
 * Prints `ready`, then `done` once committed.
 * Arguments: folder, count.
 */
import { createStores, openDataFolder } from '../../src/index.js'
import { largeCredits, movie } from '../../src/contract/fixtures.js'
import { onStdinLine } from '../child-process.js'

const [path = '', count = '1000'] = process.argv.slice(2)
const folder = openDataFolder(path, { store: 'fs' })
const stores = createStores(folder.storage)
onStdinLine(async (line) => {
  if (line !== 'go') return
  const { credits, people } = largeCredits('tmdb:550', Number(count), ' big')
  await stores.movies.update('tmdb:550', () => ({ movie: movie(550, { level: 'medium', title: 'Fight Club' }), credits, people }))
  console.log('done')
})
console.log('ready')
