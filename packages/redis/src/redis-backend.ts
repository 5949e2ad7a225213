import type { EventBus } from '@cinelayer/core'
import type { Redis } from 'ioredis'
import type { UnstorageInstance as Storage } from '@cinelayer/storage'
import { createStorage } from 'unstorage'
import { withRedisCommit } from './redis-store-driver.js'
import {
  type BulkEnrichmentQueue,
  type BulkEnrichmentWorker,
  type BulkEnrichmentWorkerOptions,
  createBulkEnrichmentQueue,
  startBulkEnrichmentWorker,
} from './bulk-enrichment.js'
import { RedisUnavailableError } from './errors.js'
import { type BusBridge, type BusBridgeOptions, bridgeBusOverRedis } from './redis-bus-bridge.js'
import { loadOptional, redisClientOf } from './redis-connection.js'
import { RedisLeases } from './redis-lease.js'

/**
 * Makes the enrichment of one movie run once across processes: the shape of core's
 * `EnrichmentEngineOptions.lock`.
 */
export interface EnrichmentLock {
  /** Resolves when this process may enrich `movieId`, with the function that lets it go. */
  acquire(movieId: string): Promise<() => Promise<void>>
}

/** Options of {@link redisEnrichmentLock}. */
export interface EnrichmentLockOptions {
  /** Lifetime of the lease without renewal (a crashed enricher frees it then). Default `30000` ms. */
  ttlMs?: number
  /** Longest wait for an enrichment running elsewhere. Default `600000` ms. */
  timeoutMs?: number
}

/**
 * An {@link EnrichmentLock} on Redis leases (`SET NX PX`, renewed while held), on the client of a
 * storage built on unstorage's redis driver.
 * @throws RedisUnavailableError when the storage is not on the redis driver.
 */
export function redisEnrichmentLock(storage: Storage, options: EnrichmentLockOptions = {}): EnrichmentLock {
  const redis = redisClientOf(storage)
  if (!redis) throw new RedisUnavailableError('An enrichment lock on Redis needs a storage on unstorage\'s redis driver')
  const leases = new RedisLeases(redis.client, { prefix: `cinelayer-lease:${redis.base}:enrich`, ttlMs: options.ttlMs ?? 30_000, timeoutMs: options.timeoutMs ?? 600_000 })
  return {
    async acquire(movieId) {
      const lease = await leases.acquire(movieId)
      return () => lease.release()
    },
  }
}

/** Options of {@link connectRedis}. */
export interface RedisBackendOptions {
  /** `redis://[:password@]host:port[/db]`; never logged. */
  url: string
  /** Key prefix of every record (unstorage's `base`), so that several catalogs share a server. Default `cinelayer`. */
  base?: string
  /** Settings of the enrichment lock. */
  enrichmentLock?: EnrichmentLockOptions
}

/** Everything several engine processes share on one Redis. */
export interface RedisBackend {
  /** unstorage on the redis driver, with atomic commits: give it to `createStores` or the engine. */
  readonly storage: Storage
  /** One enrichment per movie across processes: give it to the `EnrichmentEngine` as `lock`. */
  readonly enrichmentLock: EnrichmentLock
  /** Bridges a bus over pub/sub on the same server (see {@link bridgeBusOverRedis}). */
  bridgeBus(bus: EventBus, options?: Omit<BusBridgeOptions, 'url'>): Promise<BusBridge>
  /** The producer side of bulk enrichment on the same server. */
  bulkQueue(options?: { queue?: string }): Promise<BulkEnrichmentQueue>
  /** A bulk enrichment worker on the same server. */
  startWorker(options: Omit<BulkEnrichmentWorkerOptions, 'url'>): Promise<BulkEnrichmentWorker>
  /** Disposes of the storage (its connection). Bridges, queues and workers close on their own. */
  close(): Promise<void>
}

/**
 * Connects to Redis for several engine processes: records on unstorage's redis driver (loaded on
 * first use, with ioredis), the enrichment lock, and the way to bridge a bus and share bulk work.
 * @throws RedisUnavailableError when ioredis is missing or the server does not answer.
 */
export async function connectRedis(options: RedisBackendOptions): Promise<RedisBackend> {
  const { default: redisDriver } = await loadOptional('ioredis', () => import('unstorage/drivers/redis'))
  const base = options.base ?? 'cinelayer'
  // SCAN's default COUNT of 10 would take one round trip per ten keys when a maintenance pass lists a prefix.
  const driver = redisDriver({ url: options.url, base, lazyConnect: true, scanCount: 1000 })
  const client = driver.getInstance!() as Redis
  const storage = createStorage({ driver: withRedisCommit(driver, client, base) })
  client.on('error', () => undefined)
  try {
    await client.connect()
    await client.ping()
  } catch (error) {
    client.disconnect()
    throw new RedisUnavailableError('The Redis server could not be reached', error)
  }
  const url = options.url
  return {
    storage,
    enrichmentLock: redisEnrichmentLock(storage, options.enrichmentLock),
    bridgeBus: (bus, bridgeOptions = {}) => bridgeBusOverRedis(bus, { ...bridgeOptions, url, channel: bridgeOptions.channel ?? `${base}:events` }),
    bulkQueue: (queueOptions = {}) => createBulkEnrichmentQueue({ url, prefix: `${base}-bull`, ...queueOptions }),
    startWorker: (workerOptions) => startBulkEnrichmentWorker({ prefix: `${base}-bull`, ...workerOptions, url }),
    close: () => storage.dispose(),
  }
}
