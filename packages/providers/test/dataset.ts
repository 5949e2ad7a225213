import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type ReplayEntry, defaultReplayDir } from '../src/index.js'

/** One entry of the shipped replay dataset, read straight from its file (e.g. `tmdb/movie/550.json`). */
export async function datasetEntry(file: string): Promise<ReplayEntry> {
  return JSON.parse(await readFile(join(defaultReplayDir, file), 'utf8')) as ReplayEntry
}

/** The recorded body of a dataset entry. */
export async function datasetBody<T = Record<string, unknown>>(file: string): Promise<T> {
  return (await datasetEntry(file)).response.body as T
}
