import type { Redis } from 'ioredis'
import type { UnstorageInstance as Storage } from '@cinelayer/storage'
import { RedisUnavailableError } from './errors.js'

/**
 * The ioredis client of a storage on unstorage's redis driver, and the driver's key base; `null`
 * on any other driver. No import of ioredis: the driver made the client.
 */
export function redisClientOf(storage: Storage): { client: Redis; base: string } | null {
  let driver
  try {
    driver = storage.getMount('').driver
  } catch {
    return null
  }
  if (driver.name !== 'redis' || typeof driver.getInstance !== 'function') return null
  const base = String((driver.options as { base?: unknown } | undefined)?.base ?? '').replace(/:$/, '')
  return { client: driver.getInstance() as Redis, base }
}

/**
 * Loads an optional package (ioredis, bullmq, unstorage's redis driver) on first use, so that a
 * store on fs never needs them installed.
 * @throws RedisUnavailableError naming the package when it is not installed.
 */
export async function loadOptional<T>(name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load()
  } catch (error) {
    throw new RedisUnavailableError(`The optional package "${name}" is needed for this Redis feature and could not be loaded; install it next to @cinelayer/redis`, error)
  }
}

/**
 * A new ioredis connection to `url`, ready (it has answered a PING). The URL may carry a
 * password: it never reaches a message.
 * @throws RedisUnavailableError when ioredis is missing or the server does not answer.
 */
export async function connectClient(url: string): Promise<Redis> {
  const { Redis } = await loadOptional('ioredis', () => import('ioredis'))
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 })
  // Without a listener, ioredis prints connection errors itself; they surface through commands.
  client.on('error', () => undefined)
  try {
    await client.connect()
    await client.ping()
  } catch (error) {
    client.disconnect()
    throw new RedisUnavailableError('The Redis server could not be reached', error)
  }
  return client
}
