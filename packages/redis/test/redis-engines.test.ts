import { type CinelayerStores, createStores } from '@cinelayer/storage'
import { movie } from '@cinelayer/storage/contract'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RedisBackend, connectRedis } from '../src/index.js'
import { type Child, startChild } from './child-process.js'
import { type RedisServer, redisServerInstalled, redisSkipReason, startRedisServer } from './redis-server.js'

/** Resolves once `predicate` holds (children report through their stdout, asynchronously). */
async function eventually(predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
  const started = Date.now()
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** How many times each movie was enriched, over every child. */
function enrichments(children: readonly Child[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const child of children) {
    for (const line of child.lines) if (line.startsWith('enrich ')) counts.set(line.slice(7), (counts.get(line.slice(7)) ?? 0) + 1)
  }
  return counts
}

describe.runIf(redisServerInstalled)('three engine processes on one Redis', { timeout: 60_000 }, () => {
  let server: RedisServer
  let backend: RedisBackend
  let stores: CinelayerStores
  let nodes: Child[] = []
  const base = 'engines'

  beforeAll(async () => {
    server = await startRedisServer()
    backend = await connectRedis({ url: server.url, base })
    stores = createStores(backend.storage)
    nodes = await Promise.all(['alpha', 'beta', 'gamma'].map((name) => startChild('engine-node', [server.url, base, name])))
    await Promise.all(nodes.map((node) => node.waitFor(/^ready /)))
  }, 60_000)
  afterAll(async () => {
    for (const node of nodes) node.send('close')
    await Promise.all(nodes.map((node) => Promise.race([node.exited, new Promise((resolve) => setTimeout(resolve, 5000))])))
    for (const node of nodes) node.kill('SIGKILL')
    await backend?.close()
    await server?.stop()
  })

  it('asked for the same movies at once, they enrich each movie once, and every process sees every enrichment', async () => {
    const ids = [1, 2, 3, 4, 5, 6].map((id) => `tmdb:${id}`)
    for (const id of ids) await stores.movies.put(movie(Number(id.slice(5))))
    for (const node of nodes) node.send(`ensure basic ${ids.join(' ')}`)
    await Promise.all(nodes.map((node) => node.waitFor(/^ensured 6$/)))
    expect([...enrichments(nodes)].sort()).toEqual(ids.map((id) => [id, 1]).sort())
    for (const id of ids) expect((await stores.movies.get(id))?.level).toBe('basic')
    expect(await stores.movies.count({ level: 'basic' })).toBe(6)

    // Each process sees one EnrichmentCompleted per movie: its own, or re-published from the one that ran it.
    const completed = (node: Child) => node.lines.filter((line) => line.startsWith('event EnrichmentCompleted '))
    await eventually(() => nodes.every((node) => completed(node).length >= 6))
    await new Promise((resolve) => setTimeout(resolve, 200))
    for (const node of nodes) expect(completed(node).map((line) => line.split(' ')[2]).sort()).toEqual([...ids].sort())
    const local = nodes.flatMap((node) => completed(node).filter((line) => line.endsWith(' local')))
    expect(local).toHaveLength(6)
  })

  it('a bulk enrichment is shared out over the workers of the three processes, each movie once', async () => {
    const ids = Array.from({ length: 24 }, (_, i) => `tmdb:${100 + i}`)
    await Promise.all(ids.map((id) => stores.movies.put(movie(Number(id.slice(5))))))
    for (const node of nodes) node.send('worker')
    await Promise.all(nodes.map((node) => node.waitFor(/^worker ready$/)))
    const queue = await backend.bulkQueue()
    const batch = await queue.enqueue(ids, 'medium')
    const results = await batch.done({ timeoutMs: 30_000 })
    await queue.close()
    expect(results.map((result) => result.status)).toEqual(ids.map(() => 'completed'))
    const byWorker = new Map<string, number>()
    for (const result of results) byWorker.set(result.worker!, (byWorker.get(result.worker!) ?? 0) + 1)
    expect([...byWorker.keys()].sort()).toEqual(['alpha', 'beta', 'gamma'])
    const counts = enrichments(nodes)
    for (const id of ids) expect(counts.get(id)).toBe(1)
    expect(await stores.movies.count({ level: 'medium' })).toBe(24)
  })
})

describe.skipIf(redisServerInstalled)('three engine processes on one Redis', () => {
  it.skip(redisSkipReason, () => undefined)
})
