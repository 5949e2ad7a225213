/**
 * An engine whose host forgets `close()`: it counts uses, says so, then either lets the process
 * end on its own (`exit`), waits for a signal (`signal`), or waits for a SIGTERM it handles itself
 * with a `process.once` listener added before the engine (`host-handles`, as the CLI does): the
 * host then ends the process its own way. argv: data folder, mode.
 */
import { createMovieEngine } from '../../src/index.js'

const [dataDir, mode] = process.argv.slice(2)
let keepAlive: ReturnType<typeof setInterval> | undefined
if (mode === 'host-handles') {
  process.once('SIGTERM', () => {
    console.log('host stopping')
    clearInterval(keepAlive)
  })
}
const engine = createMovieEngine({ dataDir: dataDir!, data: 'replay', trace: false, stats: { flushIntervalMs: 3_600_000 } })
await engine.movies.get('tmdb:550', { level: 'basic' })
for (let view = 0; view < 3; view++) engine.bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:550' } })
await engine.bus.settled()
console.log('counted')
// `signal`: something keeps the process alive until SIGTERM comes.
if (mode !== 'exit') keepAlive = setInterval(() => undefined, 60_000)
