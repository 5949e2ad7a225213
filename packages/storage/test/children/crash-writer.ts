/**
 * Writes to a data folder as fast as it can, a deterministic mix of every kind of update (movie
 * level changes, aliases, credits, people, stats, removals), printing `w <n>` after each, until
 * killed. Shards are tiny so that index splits happen all the time.
 * Arguments: folder, seed, number of writes, driver (`atomic-fs`, the default, or `fs`).
 */
import { createStorage } from 'unstorage'
import fsDriver from 'unstorage/drivers/fs'
import { createStores, openDataFolder } from '../../src/index.js'
import { crashWorkload } from '../crash-workload.js'

const [path = '', seed = '1', writes = '1000', driver = 'atomic-fs'] = process.argv.slice(2)
const folder = openDataFolder(path)
// `fs`: unstorage's own driver, which writes in place: the comparison the crash bench prints.
const storage = driver === 'fs' ? createStorage({ driver: fsDriver({ base: folder.path }) }) : folder.storage
const stores = createStores(storage, { maxShardSize: 8 })
console.log(`ready ${process.pid}`)
await crashWorkload(stores, Number(seed), Number(writes), (n) => console.log(`w ${n}`))
console.log('done')
await folder.close()
