import { HttpDataProvider, createMovieEngine } from 'cinelayer'
import { startFakeTmdbServer } from '@cinelayer/providers/testing'
import { createStorage } from 'unstorage'
import memoryDriver from 'unstorage/drivers/memory'
const tmdb = await startFakeTmdbServer()
for (const level of ['basic', 'medium']) {
  const data = new HttpDataProvider({ tmdb: { token: 'x', baseURL: tmdb.url, requestsPerSecond: Infinity, concurrency: 16 } })
  const engine = createMovieEngine({ storage: createStorage({ driver: memoryDriver() }), data, trace: false, wikipedia: false, imdb: false })
  let t = performance.now()
  await Promise.all(Array.from({ length: 50 }, (_, i) => engine.movies.get(`tmdb:${i + 1}`, { level })))
  console.log(level, 'parallel 50', (performance.now() - t).toFixed(0), 'ms')
  t = performance.now()
  for (let i = 100; i < 120; i++) await engine.movies.get(`tmdb:${i}`, { level })
  console.log(level, 'serial 20', (performance.now() - t).toFixed(0), 'ms')
  t = performance.now()
  for (let i = 100; i < 120; i++) await data.request({ source: 'tmdb', path: `/3/movie/${i + 1000}`, query: { append_to_response: 'credits' } })
  console.log('http only serial 20', (performance.now() - t).toFixed(0), 'ms')
  await engine.close()
}
await tmdb.close()
