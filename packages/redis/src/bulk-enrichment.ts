import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { parseMovieId } from '@cinelayer/core'
import { loadOptional } from './redis-connection.js'

/** One job of a bulk enrichment: bring a movie to a level. */
export interface BulkEnrichmentJob {
  movieId: string
  level: string
}

/** Where bulk enrichment jobs live. */
export interface BulkEnrichmentOptions {
  /** `redis://[:password@]host:port[/db]`; never logged. */
  url: string
  /** BullMQ queue name. Default `cinelayer-enrich`. */
  queue?: string
  /** BullMQ key prefix. Default `cinelayer-bull`. */
  prefix?: string
}

/** How one job ended. */
export interface BulkEnrichmentResult extends BulkEnrichmentJob {
  status: 'completed' | 'failed'
  /** The worker node that ran it, when it completed. */
  worker?: string
  /** Why it failed, after its last attempt. */
  error?: string
}

/** Jobs added by one {@link BulkEnrichmentQueue.enqueue}. */
export interface BulkEnrichmentBatch {
  jobIds: string[]
  /**
   * Waits until every job has completed or failed (after its retries).
   * @param options.timeoutMs longest wait per job; default `600000` (10 minutes)
   */
  done(options?: { timeoutMs?: number }): Promise<BulkEnrichmentResult[]>
}

/** The producer side: adds jobs that workers in any process take. */
export interface BulkEnrichmentQueue {
  /**
   * Adds one job per movie. A movie already queued, or done less than a minute ago, at the same
   * level is not queued twice (the job id is the movie and the level).
   * @throws InvalidIdError for a malformed id, before anything is queued.
   */
  enqueue(movieIds: readonly string[], level: string, options?: { attempts?: number }): Promise<BulkEnrichmentBatch>
  close(): Promise<void>
}

/** A worker taking jobs off the queue. */
export interface BulkEnrichmentWorker {
  readonly node: string
  close(): Promise<void>
}

/** Options of {@link startBulkEnrichmentWorker}. */
export interface BulkEnrichmentWorkerOptions extends BulkEnrichmentOptions {
  /** Brings one movie to a level, e.g. `({ movieId, level }) => engine.movies.get(movieId, { level })`. */
  enrich(job: BulkEnrichmentJob): Promise<unknown>
  /** Jobs run at once by this worker. Default `2`. */
  concurrency?: number
  /** Name of this worker in results. Default `<hostname>:<pid>:<random>`. */
  node?: string
}

const defaults = { queue: 'cinelayer-enrich', prefix: 'cinelayer-bull' }

// BullMQ refuses ':' in custom job ids.
const jobIdOf = (job: BulkEnrichmentJob): string => `${job.movieId.replace(':', '_')}@${encodeURIComponent(job.level)}`

/**
 * Creates the producer side of bulk enrichment on BullMQ (loaded on first use): jobs go to Redis,
 * workers started with {@link startBulkEnrichmentWorker} in any number of processes share them.
 * @throws RedisUnavailableError when bullmq is not installed.
 */
export async function createBulkEnrichmentQueue(options: BulkEnrichmentOptions): Promise<BulkEnrichmentQueue> {
  const { Queue, QueueEvents } = await loadOptional('bullmq', () => import('bullmq'))
  const name = options.queue ?? defaults.queue
  const settings = { connection: { url: options.url }, prefix: options.prefix ?? defaults.prefix }
  const queue = new Queue<BulkEnrichmentJob>(name, settings)
  const events = new QueueEvents(name, settings)
  // Subscribed before any job is added, so that no completion is missed.
  await events.waitUntilReady()
  return {
    async enqueue(movieIds, level, { attempts = 3 } = {}) {
      const jobs = movieIds.map((movieId) => ({ movieId: parseMovieId(movieId).id, level }))
      const added = await queue.addBulk(
        jobs.map((data) => ({
          name: 'enrich',
          data,
          opts: { jobId: jobIdOf(data), attempts, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { age: 60 }, removeOnFail: { age: 60 } },
        })),
      )
      return {
        jobIds: added.map((job) => job.id!),
        async done({ timeoutMs = 600_000 } = {}) {
          return Promise.all(
            added.map(async (job): Promise<BulkEnrichmentResult> => {
              try {
                const value = (await job.waitUntilFinished(events, timeoutMs)) as { worker?: string } | undefined
                return { ...job.data, status: 'completed', ...(value?.worker ? { worker: value.worker } : {}) }
              } catch (error) {
                return { ...job.data, status: 'failed', error: error instanceof Error ? error.message : String(error) }
              }
            }),
          )
        },
      }
    },
    async close() {
      await events.close()
      await queue.close()
    },
  }
}

/**
 * Starts a worker that takes bulk enrichment jobs and runs them through `enrich`. Start one per
 * process: jobs are shared out, each runs once (a failed one is retried, possibly elsewhere).
 * @throws RedisUnavailableError when bullmq is not installed.
 */
export async function startBulkEnrichmentWorker(options: BulkEnrichmentWorkerOptions): Promise<BulkEnrichmentWorker> {
  const { Worker } = await loadOptional('bullmq', () => import('bullmq'))
  const node = options.node ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`
  const worker = new Worker<BulkEnrichmentJob, { worker: string }>(
    options.queue ?? defaults.queue,
    async (job) => {
      await options.enrich({ movieId: job.data.movieId, level: job.data.level })
      return { worker: node }
    },
    { connection: { url: options.url }, prefix: options.prefix ?? defaults.prefix, concurrency: options.concurrency ?? 2 },
  )
  // A failing job is reported through its result; without a listener the worker would log it.
  worker.on('error', () => undefined)
  await worker.waitUntilReady()
  return { node, close: () => worker.close() }
}
