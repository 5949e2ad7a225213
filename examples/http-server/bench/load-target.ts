import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMovieEngine } from 'cinelayer'
import Fastify from 'fastify'
import { buildServer } from '../src/server.js'

/** Movies of the replay dataset warmed to `basic` before the load: every request is a store read. */
export const warmMovies = ['tmdb:550', 'tmdb:9443', 'tmdb:87421', 'tmdb:12313']

// One server per process, so that the load generator (the parent) never shares its event loop.
// `engine`: the example server on the embedded fs store in a fresh temporary folder, logger off.
// `bare`: Fastify alone, one route answering a constant: the ceiling of this machine and Node.
const target = process.argv[2]
const dir = await mkdtemp(join(tmpdir(), 'cinelayer-bench-'))
const engine = target === 'engine' ? createMovieEngine({ dataDir: dir, data: 'replay' }) : undefined
const app = engine ? await buildServer({ engine }) : Fastify()
if (!engine) app.get('/constant', async () => ({ id: 'tmdb:550', title: 'Fight Club', level: 'basic' }))
if (engine) for (const id of warmMovies) await engine.movies.get(id, { level: 'basic' })
const address = await app.listen({ host: '127.0.0.1', port: 0 })
process.stdout.write(`${JSON.stringify({ address })}\n`)

process.once('SIGTERM', () => {
  void (async () => {
    await app.close()
    await engine?.close()
    await rm(dir, { recursive: true, force: true, maxRetries: 5 })
    process.exit(0)
  })()
})
