import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { seedIncoming, startFileWatcherDemo } from './file-watcher-demo.js'

const here = fileURLToPath(new URL('..', import.meta.url))
const { values } = parseArgs({
  options: {
    incoming: { type: 'string', default: resolve(here, 'incoming') },
    library: { type: 'string', default: resolve(here, 'library') },
    /** Drops the sample releases into incoming after start. */
    seed: { type: 'boolean', default: false },
    /** Exits once every file is handled, instead of watching until Ctrl-C. */
    once: { type: 'boolean', default: false },
    /** `local:<id>=<tmdbId>` or `<path>=<tmdbId>`: matches an unmatched file by hand. */
    resolve: { type: 'string', multiple: true, default: [] },
  },
})

const demo = await startFileWatcherDemo({
  incoming: values.incoming,
  library: values.library,
  dataDir: resolve(here, '.cinelayer'),
  say: (line) => console.log(line),
})
for (const pair of values.resolve) {
  const at = pair.lastIndexOf('=')
  const outcome = await demo.watcher.resolve(pair.slice(0, at), Number(pair.slice(at + 1)))
  console.log(`resolved ${pair.slice(0, at)} → ${outcome.status}`)
}
if (values.seed) await seedIncoming(values.incoming)

if (values.once) {
  // Give the folder events a moment to arrive, then wait for every file to be handled.
  await new Promise((done) => setTimeout(done, 300))
  await demo.watcher.idle()
  await demo.stop()
} else {
  console.log('drop videos into the incoming folder; Ctrl-C to stop')
  process.once('SIGINT', () => void demo.stop().then(() => process.exit(0)))
}
