import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMovieEngine } from 'cinelayer'
import Fastify from 'fastify'
import { buildServer } from '@cinelayer/server'

// One server per process, so that the load generator (the parent) never shares its event loop.
// `engine <ids>`: the example server on the embedded fs store in a fresh temporary folder, logger
// off, the movies given (comma-separated) warmed to `basic` first. `bare`: Fastify alone, one route
// answering a constant: the ceiling of this machine and Node.
const [target, warm = ''] = process.argv.slice(2)
const dir = await mkdtemp(join(tmpdir(), 'cinelayer-bench-'))
const engine = target === 'engine' ? createMovieEngine({ dataDir: dir, data: 'replay' }) : undefined
// No rate limit: the bench is one client asking as fast as it can, which is what the limit stops.
const app = engine ? await buildServer({ engine, rateLimit: false }) : bareServer()
if (engine) for (const id of warm.split(',').filter(Boolean)) await engine.movies.get(id, { level: 'basic' })
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

function bareServer() {
  const bare = Fastify()
  bare.get('/constant', async () => ({ id: 'tmdb:550', title: 'Fight Club', level: 'basic' }))
  return bare
}
