import { existsSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { dirname, extname, resolve } from 'node:path'
import { defaultVideoExtensions, parseVideoFilename } from '@cinelayer/watcher'
import type { ImportItem } from 'cinelayer'
import { DatasetInvalidError } from './errors.js'
import { movieIdOf } from './id-token.js'

/** One item of a dataset, with the line (or, in a JSON array, the position) it came from. */
export interface DatasetEntry {
  line: number
  item: ImportItem
}

/** An entry that cannot be imported as written: reported as a failed item, the others go on. */
export interface DatasetProblem {
  line: number
  /** The entry as written (cut to 80 characters). */
  text: string
  code: string
  reason: string
}

/** A dataset file read: its items and the entries that are not items. */
export interface Dataset {
  path: string
  format: 'json' | 'jsonl' | 'text'
  entries: DatasetEntry[]
  problems: DatasetProblem[]
}

/** Largest dataset file read, and most entries in one: an import is a batch job, not a dump. */
export const DATASET_LIMITS = { bytes: 64 * 1024 * 1024, entries: 100_000 } as const

/** A token that names a file rather than a title: a folder separator, or a video's extension. */
const pathLike = /[/\\]|\.(mkv|mp4|m4v|avi|mov|wmv|mpg|mpeg|ts|m2ts|webm|iso)$/i
const idLike = /^(\d+|tt\d+|(tmdb|imdb|wikidata):.*)$/

/**
 * Reads a dataset file: a JSON array, JSON lines or text lines (blank lines and `#` comments
 * skipped). Each entry is a movie id (`550`, `tmdb:550`, `tt0137523`), a title with or without its
 * year (`Fight Club (1999)`, or title and year separated by a tab), the path of a video file (parsed
 * as the watcher parses a name; relative to the dataset's folder), or in JSON an object:
 * `{ id }`, `{ tmdb }`, `{ imdb }`, `{ title, year? }`, `{ file }`.
 * @throws DatasetInvalidError for a file that cannot be read, is too large, is not valid JSON
 *   (format `json`), or holds no entry
 */
export async function readDataset(path: string): Promise<Dataset> {
  const size = await stat(path).then((info) => info.size, (cause: unknown) => Promise.reject(new DatasetInvalidError(path, 'it cannot be read', cause)))
  if (size > DATASET_LIMITS.bytes) throw new DatasetInvalidError(path, `it is ${size} bytes, over the limit of ${DATASET_LIMITS.bytes}; split it`)
  const text = await readFile(path, 'utf8').catch((cause: unknown) => Promise.reject(new DatasetInvalidError(path, 'it cannot be read', cause)))
  const format = formatOf(path, text)
  const raw = format === 'json' ? jsonEntries(path, text) : lineEntries(text, format)
  if (raw.length > DATASET_LIMITS.entries) throw new DatasetInvalidError(path, `it has ${raw.length} entries, over the limit of ${DATASET_LIMITS.entries}; split it`)
  const dataset: Dataset = { path, format, entries: [], problems: [] }
  const base = dirname(path)
  for (const { line, value, error } of raw) {
    const shown = (typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))).slice(0, 80)
    if (error) {
      dataset.problems.push({ line, text: shown, code: 'CINELAYER_ERR_CLI_DATASET_INVALID', reason: error })
      continue
    }
    try {
      dataset.entries.push({ line, item: itemOf(value, base) })
    } catch (caught) {
      const coded = caught as { code?: unknown; message?: unknown }
      const code = typeof coded.code === 'string' && coded.code.startsWith('CINELAYER_ERR_') ? coded.code : 'CINELAYER_ERR_CLI_DATASET_INVALID'
      dataset.problems.push({ line, text: shown, code, reason: String(coded.message ?? caught) })
    }
  }
  if (dataset.entries.length + dataset.problems.length === 0) throw new DatasetInvalidError(path, 'it holds no entry')
  return dataset
}

function formatOf(path: string, text: string): Dataset['format'] {
  const extension = extname(path).toLowerCase()
  if (extension === '.json') return 'json'
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl'
  if (extension === '.txt' || extension === '.list') return 'text'
  return text.trimStart().startsWith('[') ? 'json' : 'text'
}

interface RawEntry {
  line: number
  value: unknown
  error?: string
}

function jsonEntries(path: string, text: string): RawEntry[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (cause) {
    throw new DatasetInvalidError(path, `it is not valid JSON (${cause instanceof Error ? cause.message : String(cause)})`, cause)
  }
  const list = Array.isArray(parsed) ? parsed : Array.isArray((parsed as { items?: unknown } | null)?.items) ? (parsed as { items: unknown[] }).items : undefined
  if (!list) throw new DatasetInvalidError(path, 'expected a JSON array of entries (or { "items": [...] })')
  return list.map((value, index) => ({ line: index + 1, value }))
}

function lineEntries(text: string, format: 'jsonl' | 'text'): RawEntry[] {
  const entries: RawEntry[] = []
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    if (format === 'text') return entries.push({ line: index + 1, value: line })
    try {
      entries.push({ line: index + 1, value: JSON.parse(line) as unknown })
    } catch {
      entries.push({ line: index + 1, value: line, error: 'not a JSON value' })
    }
  })
  return entries
}

/** An entry as the engine imports it. */
function itemOf(value: unknown, base: string): ImportItem {
  if (typeof value === 'number' && Number.isInteger(value)) return movieIdOf(String(value))
  if (typeof value === 'string') return itemOfText(value.trim(), base)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('expected an id, a title, a file path, or an object { id | tmdb | imdb | title | file }')
  const entry = value as Record<string, unknown>
  if (entry.id !== undefined) return movieIdOf(String(entry.id))
  if (entry.tmdb !== undefined) return movieIdOf(`tmdb:${String(entry.tmdb)}`)
  if (entry.imdb !== undefined) return movieIdOf(`imdb:${String(entry.imdb)}`)
  const file = entry.file ?? entry.path
  if (typeof file === 'string') return fileItem(file, base)
  if (typeof entry.title === 'string') {
    const year = entry.year
    if (year !== undefined && !(typeof year === 'number' || (typeof year === 'string' && /^\d{4}$/.test(year)))) throw new Error(`"year" must be a year, got ${JSON.stringify(year)}`)
    return { title: entry.title.trim(), ...(year === undefined ? {} : { year: Number(year) }) }
  }
  throw new Error('expected one of the keys id, tmdb, imdb, title, file')
}

function itemOfText(text: string, base: string): ImportItem {
  if (text === '') throw new Error('an empty entry')
  if (idLike.test(text)) return movieIdOf(text)
  if (pathLike.test(text)) return fileItem(text, base)
  const tabbed = /^(.+?)\t+(\d{4})$/.exec(text)
  const dated = tabbed ?? /^(.+?)\s*\((\d{4})\)$/.exec(text)
  return dated ? { title: dated[1]!.trim(), year: Number(dated[2]) } : { title: text }
}

const videoExtensions = new Set(defaultVideoExtensions.map((extension) => `.${extension.toLowerCase()}`))

function fileItem(file: string, base: string): ImportItem {
  const path = resolve(base, file)
  // Only videos: a dataset line must not turn any file it names (../../etc/passwd) into a movie.
  if (!videoExtensions.has(extname(path).toLowerCase())) throw new Error(`not a video file (${extname(path) || 'no extension'}): ${path}`)
  if (!existsSync(path)) throw new Error(`no such file: ${path}`)
  const parsed = parseVideoFilename(path)
  return {
    path,
    title: parsed.title,
    ...(parsed.year === undefined ? {} : { year: parsed.year }),
    ...(parsed.tmdbId === undefined ? {} : { tmdbId: parsed.tmdbId }),
    ...(parsed.imdbId === undefined ? {} : { imdbId: parsed.imdbId }),
  }
}
