/**
 * One engine process on a shared Redis: core's EnrichmentEngine over stores on Redis, with the
 * Redis enrichment lock and a bus bridged over pub/sub. Its enricher answers after a short delay
 * (a provider's latency) and prints `enrich <movieId>` for every call.
 * stdin: `ensure <level> <ids…>`, `worker` (takes bulk jobs), `close`.
 * Arguments: redis URL, key base, node name.
 */
import { EnrichmentEngine, EventBus, LevelSet, defaultFacets, defaultLevels, defineEnricher, systemClock } from '@cinelayer/core'
import { createStores } from '@cinelayer/storage'
import { type BulkEnrichmentWorker, connectRedis, eventOrigin } from '../../src/index.js'
import { onStdinLine } from '../child-process.js'

const [url = '', base = 'cinelayer', node = `node-${process.pid}`] = process.argv.slice(2)
const backend = await connectRedis({ url, base })
const stores = createStores(backend.storage)
const bus = new EventBus()
const bridge = await backend.bridgeBus(bus, { node })
const levels = new LevelSet(defaultLevels, defaultFacets)
const provides = defaultFacets.filter((facet) => !facet.permanent).map((facet) => facet.name)
const enricher = defineEnricher({
  name: 'slow-source',
  provider: 'tmdb',
  provides,
  async enrich({ movie }) {
    console.log(`enrich ${movie.id}`)
    await new Promise((resolve) => setTimeout(resolve, 60))
    return { patch: { overview: `Enriched by ${node}` } }
  },
})
const engine = new EnrichmentEngine({
  movies: stores.movies,
  enrichers: [enricher],
  levels,
  bus,
  clock: systemClock,
  lock: backend.enrichmentLock,
})
bus.onAny((event) => {
  const movieId = (event.payload as { movieId?: string }).movieId ?? '-'
  console.log(`event ${event.type} ${movieId} ${eventOrigin(event)?.node ?? 'local'}`)
})
let worker: BulkEnrichmentWorker | undefined
onStdinLine(async (line) => {
  const [command, ...rest] = line.split(' ')
  if (command === 'ensure') {
    const [level = 'basic', ...ids] = rest
    const movies = await Promise.all(ids.map((id) => engine.ensure(id, level)))
    console.log(`ensured ${movies.filter((movie) => movie.level === level).length}`)
  } else if (command === 'worker') {
    worker = await backend.startWorker({ node, concurrency: 1, enrich: ({ movieId, level }) => engine.ensure(movieId, level) })
    console.log('worker ready')
  } else if (command === 'close') {
    await worker?.close()
    await bridge.close()
    await backend.close()
    console.log('closed')
    process.exit(0)
  }
})
console.log(`ready ${node}`)
