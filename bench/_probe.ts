import { createManualClock, createManualTimer, createMovieEngine, defaultRules } from 'cinelayer'
import { createStorage } from 'unstorage'
import memoryDriver from 'unstorage/drivers/memory'
const timer = createManualTimer(createManualClock(Date.UTC(2026,0,1)))
const engine = createMovieEngine({ storage: createStorage({ driver: memoryDriver() }), data: 'replay', clock: timer.clock, timer, trace: false })
let t = performance.now()
for (let i = 0; i < 200; i++) await engine.movies.create({ tmdb: 1000 + i, title: 'x' }, 'scan')
console.log('create 200', performance.now() - t); t = performance.now()
await engine.movies.get('tmdb:550', { level: 'deep' })
console.log('deep 1', performance.now() - t); t = performance.now()
for (let i = 0; i < 200; i++) await engine.movies.get('tmdb:550', { level: 'basic' })
console.log('200 warm gets', performance.now() - t); t = performance.now()
for (let i = 0; i < 200; i++) await timer.advance(1000)
console.log('200 advances', performance.now() - t); t = performance.now()
await engine.housekeeping.plan()
console.log('plan', performance.now() - t); t = performance.now()
await engine.close()
