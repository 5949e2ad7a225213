import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createStores, openDataFolder } from '../packages/storage/src/index.js'
import { EnrichmentEngine, EventBus, LevelSet, systemClock } from '../packages/core/src/index.js'
import { TmdbProvider, createTmdbEnricher, JsonReplayProvider } from '../packages/providers/src/index.js'
for (const fsync of [undefined, false]) {
  const dir = await mkdtemp(join(tmpdir(), 'prof-'))
  const folder = openDataFolder(dir, fsync === undefined ? {} : { fsync })
  const stores = createStores(folder.storage)
  let reads = 0, writes = 0
  const s = folder.storage
  const origGet = s.getItemRaw.bind(s), origSet = s.setItem.bind(s), origHas = s.hasItem.bind(s)
  s.getItemRaw = (async (k: string, o?: any) => { reads++; return origGet(k, o) }) as any
  s.hasItem = (async (k: string, o?: any) => { reads++; return origHas(k, o) }) as any
  s.setItem = (async (k: string, v: any, o?: any) => { writes++; return origSet(k, v, o) }) as any
  const { createMovieEngine } = await import('../packages/cinelayer/src/index.js')
  const e = createMovieEngine({ storage: folder.storage, data: 'replay' })
  await e.movies.get('tmdb:550', { level: 'basic' })
  const t1 = Date.now(); reads = 0; writes = 0
  await e.movies.get('tmdb:550', { level: 'medium' })
  console.log('fsync', fsync, 'medium ms', Date.now() - t1, 'reads', reads, 'writes', writes)
  await e.close(); await folder.close()
}
