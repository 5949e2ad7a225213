import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'
import { RedisLeaseTimeoutError } from './errors.js'

/** Options of a set of Redis leases. */
export interface RedisLeaseOptions {
  /** Prefix of the lease keys. Default `cinelayer-lease`. */
  prefix?: string
  /** Time a lease lives without renewal, so that a crashed holder frees it. Default `15000` ms. */
  ttlMs?: number
  /** Longest wait for a lease held elsewhere. Default `60000` ms. */
  timeoutMs?: number
}

/** A lease held: renewed in the background until released. */
export interface Lease {
  readonly name: string
  /** Whether the lease expired under us (renewal failed): the work it guarded may have run twice. */
  readonly lost: boolean
  /** Gives the lease back, only if it is still ours. Safe to call twice. */
  release(): Promise<void>
}

// Compare-and-act scripts: a holder whose lease expired must not renew or delete the next holder's.
const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end"
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"

/**
 * Leases on Redis: `SET key token NX PX ttl` takes one, a timer renews it at a third of its
 * lifetime, a compare-and-delete gives it back. Waiting for a lease held elsewhere polls with a
 * growing delay (Redis has no blocking `SET NX`).
 */
export class RedisLeases {
  readonly #client: Redis
  readonly #prefix: string
  readonly #ttlMs: number
  readonly #timeoutMs: number

  constructor(client: Redis, options: RedisLeaseOptions = {}) {
    this.#client = client
    this.#prefix = options.prefix ?? 'cinelayer-lease'
    this.#ttlMs = options.ttlMs ?? 15_000
    this.#timeoutMs = options.timeoutMs ?? 60_000
  }

  /** Takes the lease `name` now if free, else `null`. */
  async tryAcquire(name: string): Promise<Lease | null> {
    const key = `${this.#prefix}:${name}`
    const token = randomBytes(12).toString('hex')
    const taken = await this.#client.set(key, token, 'PX', this.#ttlMs, 'NX')
    return taken === 'OK' ? this.#held(name, key, token) : null
  }

  /**
   * Takes the lease `name`, waiting while another process holds it.
   * @throws RedisLeaseTimeoutError after `timeoutMs`.
   */
  async acquire(name: string): Promise<Lease> {
    const started = Date.now()
    let delay = 5
    for (;;) {
      const lease = await this.tryAcquire(name)
      if (lease) return lease
      const waited = Date.now() - started
      if (waited >= this.#timeoutMs) throw new RedisLeaseTimeoutError(name, waited)
      await new Promise((resolve) => setTimeout(resolve, Math.min(delay, this.#timeoutMs - waited)))
      delay = Math.min(delay * 2, 200)
    }
  }

  #held(name: string, key: string, token: string): Lease {
    let lost = false
    let released = false
    const renewal = setInterval(() => {
      this.#client.eval(RENEW, 1, key, token, String(this.#ttlMs)).then(
        (renewed) => {
          if (renewed === 0 && !released) lost = true
        },
        () => undefined, // a failed renewal is retried at the next tick; expiry tells the rest
      )
    }, Math.max(10, Math.floor(this.#ttlMs / 3)))
    renewal.unref()
    return {
      name,
      get lost() {
        return lost
      },
      release: async () => {
        if (released) return
        released = true
        clearInterval(renewal)
        await this.#client.eval(RELEASE, 1, key, token)
      },
    }
  }
}
