/** Tries to take the writer lock of a folder once; prints `won` or `lost <code>`, then holds until told `close`. */
import { CinelayerError } from '@cinelayer/core'
import { acquireWriterLock } from '../../src/index.js'
import { onStdinLine } from '../child-process.js'

const [path = ''] = process.argv.slice(2)
onStdinLine(async (line) => {
  if (line === 'go') {
    try {
      const lock = acquireWriterLock(path)
      console.log(`won ${lock.recovered ? 'recovered' : 'fresh'}`)
      onStdinLine(async (next) => {
        if (next === 'close') {
          await lock.release()
          process.exit(0)
        }
      })
    } catch (error) {
      console.log(`lost ${error instanceof CinelayerError ? error.code : String(error)}`)
      process.exit(0)
    }
  }
})
console.log('ready')
