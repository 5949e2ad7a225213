/**
 * `@cinelayer/redis`: several cinelayer processes, on one machine or many, sharing one Redis: the
 * catalog on Redis with atomic commits, one enrichment per movie across processes, the event bus
 * bridged over pub/sub, and bulk enrichment shared out on BullMQ. `ioredis` comes with it;
 * `bullmq` is an optional peer dependency, loaded only for bulk work.
 * @packageDocumentation
 */
export {
  type EnrichmentLock,
  type EnrichmentLockOptions,
  type RedisBackend,
  type RedisBackendOptions,
  connectRedis,
  redisEnrichmentLock,
} from './redis-backend.js'
export { withRedisCommit } from './redis-store-driver.js'
export { type BridgedEvent, type BusBridge, type BusBridgeOptions, type EventOrigin, bridgeBusOverRedis, eventOrigin } from './redis-bus-bridge.js'
export { type Lease, type RedisLeaseOptions, RedisLeases } from './redis-lease.js'
export {
  type BulkEnrichmentBatch,
  type BulkEnrichmentJob,
  type BulkEnrichmentOptions,
  type BulkEnrichmentQueue,
  type BulkEnrichmentResult,
  type BulkEnrichmentWorker,
  type BulkEnrichmentWorkerOptions,
  createBulkEnrichmentQueue,
  startBulkEnrichmentWorker,
} from './bulk-enrichment.js'
export { type RedisErrorCode, RedisLeaseTimeoutError, RedisUnavailableError, redisErrorCodes } from './errors.js'
