import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { type Storage, createStorage } from 'unstorage'
import {
  type AnyCinelayerEvent,
  type CinelayerEvent,
  type EventType,
  JsonReplayProvider,
  type MovieEngineOptions,
  type ReplayEntry,
  createManualClock,
  createMovieEngine,
  defaultReplayDir,
  memoryDriver,
} from '../src/index.js'

let shipped: Promise<ReplayEntry[]> | undefined

/** Every entry of the replay dataset shipped with `@cinelayer/providers` (read once per test file). */
export function shippedEntries(): Promise<ReplayEntry[]> {
  const read = async (dir: string): Promise<ReplayEntry[]> => {
    const entries: ReplayEntry[] = []
    for (const item of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, item.name)
      if (item.isDirectory()) entries.push(...(await read(path)))
      else if (item.name.endsWith('.json')) entries.push(JSON.parse(await readFile(path, 'utf8')) as ReplayEntry)
    }
    return entries
  }
  shipped ??= read(defaultReplayDir)
  return shipped
}

/** The shipped recording of Fight Club (`/3/movie/550` with every section appended). */
export async function fightClubEntry(): Promise<ReplayEntry> {
  const entry = (await shippedEntries()).find((item) => item.request.path === '/3/movie/550')
  if (!entry) throw new Error('the shipped replay dataset has no /3/movie/550')
  return entry
}

/**
 * Copies of the recorded Fight Club answer served under other TMDB ids (id, title and IMDb id
 * changed, no Wikidata id, credits cut to their first `credits` cast and crew entries so that many
 * movies stay quick to store), for tests that need many movies with every TMDB section.
 */
export async function movieCopies(ids: readonly number[], credits = 4): Promise<ReplayEntry[]> {
  const original = await fightClubEntry()
  return ids.map((id, index) => {
    const body = structuredClone(original.response.body) as Record<string, unknown> & { external_ids: Record<string, unknown>; credits: { cast: unknown[]; crew: unknown[] } }
    body.credits = { ...body.credits, cast: body.credits.cast.slice(0, credits), crew: body.credits.crew.slice(0, credits) }
    body.id = id
    body.title = `Fight Club copy ${index + 1}`
    body.imdb_id = `tt${String(9_000_000 + id).padStart(7, '0')}`
    body.external_ids = { ...body.external_ids, imdb_id: body.imdb_id, wikidata_id: null }
    return {
      request: { ...original.request, path: `/3/movie/${id}` },
      response: { status: 200, body },
      meta: { origin: 'composed', sources: original.meta?.sources ?? ['replay/tmdb/movie/550.json'], license: original.meta?.license ?? 'MIT', note: `the Fight Club recording served as movie ${id}` },
    }
  })
}

/** An engine on memory storage and a manual clock, answering from the shipped recordings plus `extra`. */
export async function replayEngine(options: Omit<MovieEngineOptions, 'storage'> & { extra?: ReplayEntry[]; storage?: Storage } = {}) {
  const { extra = [], ...engineOptions } = options
  const data = new JsonReplayProvider({ entries: [...(await shippedEntries()), ...extra] })
  const storage = engineOptions.storage ?? createStorage({ driver: memoryDriver() })
  const clock = createManualClock(new Date('2026-11-21T00:00:00Z'))
  const engine = createMovieEngine({ storage, data, clock, ...engineOptions })
  const events: AnyCinelayerEvent[] = []
  engine.bus.onAny((event) => {
    events.push(event)
  })
  return {
    engine,
    storage,
    clock,
    data,
    events,
    /** Events of one type, typed. */
    eventsOf<T extends EventType>(type: T): CinelayerEvent<T>[] {
      return events.filter((event): event is CinelayerEvent<T> & AnyCinelayerEvent => event.type === type) as CinelayerEvent<T>[]
    },
    /** TMDB API requests answered so far. */
    tmdbCalls: () => data.counters.tmdb ?? 0,
  }
}

/** Every key and raw value of a storage, to prove an operation changed nothing. */
export async function snapshot(storage: Storage): Promise<Record<string, unknown>> {
  const keys = (await storage.getKeys()).sort()
  return Object.fromEntries(await Promise.all(keys.map(async (key) => [key, await storage.getItemRaw(key)])))
}
