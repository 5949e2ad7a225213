/**
 * Opens an fs data folder as its writer (or read-only with `--read-only`), then obeys stdin:
 * `put <tmdb>` writes a movie, `get <tmdb>` prints it, `close` closes the folder and exits.
 * Prints `locked <pid>` (or `reading`) once open, `refused <code>` if it cannot open.
 */
import { CinelayerError } from '@cinelayer/core'
import { createStores, openDataFolder } from '../../src/index.js'
import { onStdinLine } from '../child-process.js'
import { movie } from '../records.js'

const [path = '', mode = ''] = process.argv.slice(2)
let folder
try {
  folder = openDataFolder(path, { store: 'fs', readOnly: mode === '--read-only' })
} catch (error) {
  console.log(`refused ${error instanceof CinelayerError ? error.code : String(error)}`)
  process.exit(0)
}
const stores = createStores(folder.storage)
console.log(folder.readOnly ? 'reading' : `locked ${process.pid}`)
onStdinLine(async (line) => {
  const [command, argument] = line.split(' ')
  try {
    if (command === 'put') {
      await stores.movies.put(movie(Number(argument)))
      console.log(`put ${argument}`)
    } else if (command === 'get') {
      console.log(`got ${argument} ${JSON.stringify(await stores.movies.get(`tmdb:${argument}`))}`)
    } else if (command === 'close') {
      await folder.close()
      console.log('closed')
      process.exit(0)
    }
  } catch (error) {
    console.log(`failed ${command} ${error instanceof CinelayerError ? error.code : String(error)}`)
  }
})
