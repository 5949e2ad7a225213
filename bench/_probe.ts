import { createManualClock, createManualTimer, createMovieEngine } from 'cinelayer'
import { createStorage } from 'unstorage'
import memoryDriver from 'unstorage/drivers/memory'
const timer = createManualTimer(createManualClock(Date.UTC(2026,0,1)))
const engine = createMovieEngine({ storage: createStorage({ driver: memoryDriver() }), data: 'replay', clock: timer.clock, timer, trace: false })
let t = performance.now()
for (let i = 0; i < 10000; i++) await engine.movies.create({ tmdb: 100000 + i, title: 'x' }, 'scan')
console.log('10k creates', performance.now() - t); t = performance.now()
for (let i = 0; i < 1000; i++) await engine.movies.get('tmdb:' + (100000 + i), { level: 'initial' })
console.log('1000 warm gets at 10k', performance.now() - t); t = performance.now()
await engine.close()
