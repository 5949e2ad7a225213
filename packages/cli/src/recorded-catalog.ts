import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { CliFileError } from './errors.js'

/** What a folder of recorded responses (replay entries) holds that can fill a store. */
export interface RecordedCatalog {
  /** TMDB movies answered with success (`tmdb:<id>`), in id order. */
  movies: string[]
  /** TMDB people answered with success (`tmdb:<id>`), in id order. */
  people: string[]
  /** The sources the folder answers for (`tmdb`, `wikipedia`, `wikidata`, `omdb`…). */
  sources: Set<string>
}

const moviePath = /^\/3\/movie\/([1-9]\d{0,9})$/
const personPath = /^\/3\/person\/([1-9]\d{0,9})$/

/**
 * Lists the movies and people a folder of replay entries (`*.json`, any depth: what recording
 * writes, or `@cinelayer/providers`' shipped dataset) has answers for. Files that are not entries
 * are skipped here; the replay provider refuses them with a clear error when it reads the folder.
 * @throws CliFileError when the folder cannot be read
 */
export async function readRecordedCatalog(dir: string): Promise<RecordedCatalog> {
  const info = await stat(dir).catch((cause: unknown) => Promise.reject(new CliFileError(dir, 'find', cause)))
  if (!info.isDirectory()) throw new CliFileError(dir, 'read', new Error('not a folder of recorded responses'))
  const movies = new Set<number>()
  const people = new Set<number>()
  const sources = new Set<string>()
  for (const file of await jsonFiles(dir)) {
    const entry = await readFile(file, 'utf8').then(parseEntry, () => null)
    if (!entry) continue
    sources.add(entry.source)
    if (entry.source !== 'tmdb' || entry.status !== 200) continue
    const movie = moviePath.exec(entry.path)
    if (movie) movies.add(Number(movie[1]))
    const person = personPath.exec(entry.path)
    if (person) people.add(Number(person[1]))
  }
  const ids = (set: Set<number>) => [...set].sort((a, b) => a - b).map((id) => `tmdb:${id}`)
  return { movies: ids(movies), people: ids(people), sources }
}

function parseEntry(text: string): { source: string; path: string; status: number } | null {
  try {
    const entry = JSON.parse(text) as { request?: { source?: unknown; path?: unknown }; response?: { status?: unknown } }
    const { source, path } = entry.request ?? {}
    const status = entry.response?.status
    return typeof source === 'string' && typeof path === 'string' && typeof status === 'number' ? { source, path, status } : null
  } catch {
    return null
  }
}

async function jsonFiles(dir: string): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) found.push(...(await jsonFiles(path)))
    else if (entry.isFile() && entry.name.endsWith('.json')) found.push(path)
  }
  return found
}
