import { createManualClock, createManualTimer, createMovieEngine } from 'cinelayer'
import { createStorage } from 'unstorage'
import memoryDriver from 'unstorage/drivers/memory'
const timer = createManualTimer(createManualClock(Date.UTC(2026,0,1)))
const engine = createMovieEngine({ storage: createStorage({ driver: memoryDriver() }), data: 'replay', clock: timer.clock, timer, trace: false })
let t = performance.now()
for (let i = 0; i < 1000; i++) await engine.movies.create({ tmdb: 1000 + i, title: 'x' }, 'scan')
await engine.movies.get('tmdb:550', { level: 'deep' })
console.log('setup', performance.now() - t); t = performance.now()
timer.clock.advance(200*86400000)
const r = await engine.housekeeping.run({dryRun:false})
console.log('pass', performance.now() - t, r.plan.changes.length); t = performance.now()
await engine.close()
