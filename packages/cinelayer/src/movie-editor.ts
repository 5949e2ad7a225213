import { randomUUID } from 'node:crypto'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join, basename } from 'node:path'
import {
  type Clock,
  type EditOptions,
  type EditOutcome,
  type EditsDocument,
  EditsDocumentInvalidError,
  type EnrichmentEngine,
  type LevelSet,
  type Movie,
  MovieNotFoundError,
  applyEditsEntry,
  buildEditsDocument,
  editMovie,
  lockFields,
  parseEditsDocument,
  parseMovieId,
  unlockFields,
} from '@cinelayer/core'
import type { CinelayerStores } from '@cinelayer/storage'
import { EditsExportError } from './errors.js'

/** What {@link MovieEditor.importEdits} did, edit by edit. */
export interface EditsImportReport {
  /** Edits that changed the store. */
  applied: EditOutcome[]
  /** Edits equal to what was stored already. */
  skipped: EditOutcome[]
  /** Edits refused: unknown movie id, a field that is not editable, a value the schema refuses. */
  rejected: EditOutcome[]
}

interface EditorDeps {
  stores: CinelayerStores
  engine: EnrichmentEngine
  levels: LevelSet
  clock: Clock
}

/**
 * Manual edits and locks of movies, and their export to and import from an edits document. Every
 * change goes through the engine's per-movie writes, so an edit made while providers answer is
 * never lost, and enrichment never overwrites it.
 */
export class MovieEditor {
  readonly #deps: EditorDeps

  constructor(deps: EditorDeps) {
    this.#deps = deps
  }

  /** See {@link MovieCatalog.edit}. */
  async edit(id: string, patch: Readonly<Record<string, unknown>>, options: EditOptions = {}): Promise<Movie> {
    const { engine, levels, clock } = this.#deps
    return engine.update(await this.#canonical(id), (movie) => editMovie(movie, patch, levels, clock.now(), options))
  }

  /** See {@link MovieCatalog.lock}. */
  async lock(id: string, ...fields: string[]): Promise<Movie> {
    const { engine, levels, clock } = this.#deps
    return engine.update(await this.#canonical(id), (movie) => lockFields(movie, fields, levels, clock.now()))
  }

  /** See {@link MovieCatalog.unlock}. */
  async unlock(id: string, ...fields: string[]): Promise<Movie> {
    const { engine, levels, clock } = this.#deps
    return engine.update(await this.#canonical(id), (movie) => unlockFields(movie, fields, levels, clock.now()))
  }

  /** See {@link MovieCatalog.exportEdits}. */
  async exportEdits(file?: string): Promise<EditsDocument> {
    const { stores, clock } = this.#deps
    const movies: Movie[] = []
    // Summaries say which movies carry edits or locks: only those records are read. An unreadable one is skipped.
    for await (const summary of stores.movies.summaries({ onUnreadable: () => undefined })) {
      if (summary.locks.length === 0 && summary.edited.length === 0) continue
      const movie = await stores.movies.get(summary.id).catch(() => null)
      if (movie) movies.push(movie)
    }
    movies.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    const document = buildEditsDocument(movies, clock.now())
    if (file !== undefined) await writeAtomically(file, `${JSON.stringify(document, null, 2)}\n`).catch((error: unknown) => {
      throw new EditsExportError(file, error)
    })
    return document
  }

  /** See {@link MovieCatalog.importEdits}. */
  async importEdits(source: string | unknown): Promise<EditsImportReport> {
    const document = typeof source === 'string' ? parseEditsDocument(await readJson(source), source) : parseEditsDocument(source, 'object')
    const report: EditsImportReport = { applied: [], skipped: [], rejected: [] }
    for (const entry of document.movies) {
      for (const outcome of await this.#importEntry(entry)) report[outcome.status].push(outcome)
    }
    return report
  }

  async #importEntry(entry: EditsDocument['movies'][number]): Promise<EditOutcome[]> {
    const { engine, levels, clock } = this.#deps
    const reject = (reason: string) => Object.keys(entry.fields).map((field): EditOutcome => ({ movieId: entry.id, field, status: 'rejected', reason }))
    let id: string
    try {
      id = await this.#canonical(entry.id)
    } catch (error) {
      return reject(error instanceof Error ? error.message : String(error))
    }
    let outcomes: EditOutcome[] = []
    await engine.update(id, (movie) => {
      const applied = applyEditsEntry(movie, entry.fields, levels, clock.now())
      outcomes = applied.outcomes.map((outcome) => ({ ...outcome, movieId: entry.id }))
      return applied.movie
    })
    return outcomes
  }

  async #canonical(id: string): Promise<string> {
    const parsed = parseMovieId(id)
    const canonical = await this.#deps.stores.movies.resolve(parsed.id)
    if (!canonical) throw new MovieNotFoundError(parsed.id)
    return canonical
  }
}

async function readJson(file: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as { code?: unknown }).code
    throw new EditsDocumentInvalidError(file, [`the file cannot be read${typeof code === 'string' ? ` (${code})` : ''}`], error)
  }
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new EditsDocumentInvalidError(file, [`not valid JSON: ${(error as Error).message}`], error)
  }
}

// Written beside the target, then renamed over it: a reader never sees half a document.
async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = join(dirname(file), `.${basename(file)}.${randomUUID()}.tmp`)
  try {
    await writeFile(temporary, text, 'utf8')
    await rename(temporary, file)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}
