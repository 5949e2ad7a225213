import { randomUUID } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type AnyCinelayerEvent, type DataProvider, type ManualClock, type MovieEngine, type MovieEngineOptions, createManualClock, createMovieEngine } from 'cinelayer'
import { createStorage } from 'unstorage'
import memoryDriver from 'unstorage/drivers/memory'
import { type CinelayerApp, type ServerOptions, buildServer } from '../src/server.js'

/** A server on a fresh engine over a real temporary folder, with what it published and logged. */
export interface TestServer {
  app: CinelayerApp
  engine: MovieEngine
  clock: ManualClock
  /** Every event of the bus, in order. */
  events: AnyCinelayerEvent[]
  /** Every log line the server wrote (JSON). */
  logs: string[]
  /** The folder of the fs store (with `store: 'fs'`; removed by `close` unless it was given). */
  dataDir: string
  close(): Promise<void>
}

/** The shared secret the tests configure. */
export const secret = 'test-webhook-secret-4f9a'

/** Options of {@link startTestServer}. */
export interface TestServerOptions {
  /** Data provider. Default: the replay dataset. */
  data?: DataProvider | 'replay'
  /** Shared secret; `null` for none. Default {@link secret}. */
  webhookSecret?: string | null
  bodyLimit?: number
  /**
   * `'fs'`: the embedded fs store in a fresh temporary folder, as `pnpm start` runs; `'memory'`:
   * the memory driver, for tests about HTTP rather than storage. Default `'memory'`.
   */
  store?: 'fs' | 'memory'
  /** With `store: 'fs'`, this data folder (kept after `close`) instead of a fresh one: a restart on the same data. */
  dataDir?: string
  /** Keep the fresh data folder after `close` (the test removes it). Default `false`. */
  keepDataDir?: boolean
  /** More options of the engine (credentials, live base URLs, `secrets`). */
  engine?: Partial<MovieEngineOptions>
  /** The instant the server's manual clock starts at. Default 2026-11-21T12:00:00Z. */
  at?: Date
  /** More options of the server (API key, rate limit…). */
  server?: Partial<ServerOptions>
}

/** Starts a server (not listening: use `inject`, or `listen` yourself) on replay data by default. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'cinelayer-http-')))
  const clock = createManualClock(options.at ?? new Date('2026-11-21T12:00:00Z'))
  const storage = options.store === 'fs' ? { dataDir: dir } : { storage: createStorage({ driver: memoryDriver() }) }
  const engine = createMovieEngine({ ...storage, data: options.data ?? 'replay', clock, ...options.engine })
  const events: AnyCinelayerEvent[] = []
  engine.bus.onAny((event) => {
    events.push(event)
  })
  const logs: string[] = []
  const webhookSecret = options.webhookSecret === undefined ? secret : (options.webhookSecret ?? undefined)
  const app = await buildServer({
    engine,
    clock,
    ...(webhookSecret ? { webhookSecret } : {}),
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    logger: { level: 'info', stream: { write: (line: string) => logs.push(line) } },
    ...options.server,
  })
  return {
    app,
    engine,
    clock,
    events,
    logs,
    dataDir: dir,
    async close() {
      await app.close()
      await engine.close()
      if (!options.dataDir && !options.keepDataDir) await rm(dir, { recursive: true, force: true, maxRetries: 5 })
    },
  }
}

/** One part of a multipart body: a field, or a file when `filename` is given. */
export interface Part {
  name: string
  value: string | Buffer
  filename?: string
  contentType?: string
}

/** A `multipart/form-data` body as Plex sends it, and its content type. */
export function multipart(parts: readonly Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----cinelayer-${randomUUID()}`
  const chunks: Buffer[] = []
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}`
    const type = part.contentType ? `\r\nContent-Type: ${part.contentType}` : ''
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`), Buffer.from(part.value), Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

/** A webhook fixture of the library's tests (recorded sample or written variant), as text. */
export function webhookFixture(name: string): Promise<string> {
  return readFile(new URL(`../../../packages/cinelayer/test/fixtures/webhooks/${name}`, import.meta.url), 'utf8')
}
