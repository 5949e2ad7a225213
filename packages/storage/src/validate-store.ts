import { type Clock, type LevelSet, type Movie, type Relation, SCHEMA_VERSION, parseMovieId, summarizeMovie } from '@cinelayer/core'
import type { CommitWrite } from './commit.js'
import type { JsonRecords, RecordKind } from './json-records.js'
import type { MovieRepository } from './movie-repository.js'
import { quarantineMovie, quarantineRecord } from './quarantine.js'
import { aliasKind, creditsKind, filmographyKind, movieKind, personKind, relationIdentity, statsKind } from './record-kinds.js'
import { aliasOfKey, fileKey, filmographyKey, keyPrefixes, layoutKey, levelKey, personKey, STORE_LAYOUT, summaryKey } from './storage-keys.js'
import { sweepTemporaryFiles } from './temporary-files.js'
import { type ValidateOptions, type ValidationIssue, type ValidationReport, issueOfReadError } from './validation-report.js'

/** What a validation needs. */
export interface ValidateContext {
  records: JsonRecords
  levels: LevelSet
  movies: MovieRepository
  clock: Clock
}

// Derived writes committed per batch when repairing.
const REPAIR_BATCH = 500
const MARK = '1'

/**
 * Checks every record against its schema and version, and every derived entry (summaries, level
 * entries, reverse aliases, filmography entries) against the records; with `fix`, repairs what can
 * be: an unreadable record is quarantined (its bytes kept aside, a movie rebuilt from what can be
 * recovered), derived entries are rewritten. A full pass over the store: for maintenance and for a
 * store opened without its layout mark, not for requests.
 */
export async function validateStore(context: ValidateContext, options: ValidateOptions = {}): Promise<ValidationReport> {
  const fix = options.fix ?? false
  const { records } = context
  const issues: ValidationIssue[] = []
  const quarantined: ValidationReport['quarantined'] = []
  const note = (issue: ValidationIssue) => issues.push(issue)
  // Movie records left in place unread (corrupt, newer, not migratable): what derives from them stays.
  const unreadable = new Set<string>()
  const movies = await checkMovies(context, fix, note, quarantined, unreadable)
  const people = await checkPlain(context, keyPrefixes.people, personKind, fix, note, quarantined)
  const stats = await checkPlain(context, keyPrefixes.stats, statsKind, fix, note, quarantined)
  const repairs: CommitWrite[] = []
  const repair = (issue: ValidationIssue, ...writes: CommitWrite[]) => {
    note({ ...issue, fixed: fix })
    if (fix) repairs.push(...writes)
  }
  await checkSummariesAndLevels(context, movies, unreadable, repair)
  const aliases = await checkAliases(context, movies, unreadable, repair)
  const credits = await checkCredits(context, movies, unreadable, people, repair, note)
  if (fix) {
    for (let start = 0; start < repairs.length; start += REPAIR_BATCH) await records.kv.commit({ checks: [], writes: repairs.slice(start, start + REPAIR_BATCH) })
    if ((await records.kv.read(layoutKey)) === null) await records.kv.commit({ checks: [], writes: [{ key: layoutKey, value: JSON.stringify({ version: STORE_LAYOUT }) }] })
  }
  for (const file of await sweepTemporaryFiles(records.kv.storage, fix)) {
    issues.push({ kind: 'temporary-file', key: file.path, message: `temporary file of an interrupted write by process ${file.pid}`, fixed: file.removed })
  }
  const fixed = issues.filter((issue) => issue.fixed).length
  return {
    ok: fixed === issues.length,
    fix,
    checked: { movies: movies.size, people: people.size, stats: stats.size, aliases, credits },
    issues,
    fixed,
    unfixed: issues.length - fixed,
    quarantined,
  }
}

type Note = (issue: ValidationIssue) => void
type Repair = (issue: ValidationIssue, ...writes: CommitWrite[]) => void

/** Movie records: readable, current. Returns the readable ones (after repairs) with their text. */
async function checkMovies(context: ValidateContext, fix: boolean, note: Note, quarantined: ValidationReport['quarantined'], unreadable: Set<string>) {
  const { records, levels, clock } = context
  const base = `${keyPrefixes.movies}:`
  const movies = new Map<string, { movie: Movie; text: string }>()
  for (const { key, value } of await records.kv.entries(base)) {
    const id = parseId(key.slice(base.length), parseMovieId)
    if (id === null) continue
    try {
      const stored = records.parse(key, value, movieKind)
      movies.set(id, { movie: stored.record, text: value })
      if (stored.storedVersion !== undefined && stored.storedVersion < SCHEMA_VERSION) {
        if (fix) {
          await context.movies.update(id, (current) => (current ? { movie: current } : null))
          const rewritten = await context.movies.getStored(id)
          if (rewritten) movies.set(id, rewritten)
        }
        note({ kind: 'schema-outdated', key, message: `movie record at schema version ${stored.storedVersion}`, fixed: fix })
      }
    } catch (error) {
      const issue = issueOfReadError(key, error)
      const fixable = issue.kind === 'record-corrupt' || issue.kind === 'record-invalid'
      if (fix && fixable) {
        quarantined.push({ key, keptAt: await quarantineMovie(records, levels, id, value, clock.now()) })
        const rebuilt = await context.movies.getStored(id)
        if (rebuilt) movies.set(id, rebuilt)
      } else unreadable.add(id)
      note({ ...issue, fixed: fix && fixable })
    }
  }
  return movies
}

/** People and stats records: readable (an unreadable one is quarantined: enrichment or usage brings it back). */
async function checkPlain<T>(context: ValidateContext, prefix: string, kind: RecordKind<T>, fix: boolean, note: Note, quarantined: ValidationReport['quarantined']) {
  const { records } = context
  const base = `${prefix}:`
  const ids = new Set<string>()
  for (const { key, value } of await records.kv.entries(base)) {
    try {
      const stored = records.parse(key, value, kind)
      ids.add(key.slice(base.length))
      if (kind.versioned && stored.storedVersion !== undefined && stored.storedVersion < SCHEMA_VERSION) {
        if (fix) await records.kv.commit({ checks: [{ key, value }], writes: [{ key, value: records.serialize(key, stored.record, kind) }] })
        note({ kind: 'schema-outdated', key, message: `${kind.kind} record at schema version ${stored.storedVersion}`, fixed: fix })
      }
    } catch (error) {
      const issue = issueOfReadError(key, error)
      const fixable = issue.kind === 'record-corrupt' || issue.kind === 'record-invalid'
      if (fix && fixable) quarantined.push({ key, keptAt: await quarantineRecord(records, key, value) })
      note({ ...issue, fixed: fix && fixable })
    }
  }
  return ids
}

async function checkSummariesAndLevels(context: ValidateContext, movies: ReadonlyMap<string, { movie: Movie; text: string }>, unreadable: ReadonlySet<string>, repair: Repair): Promise<void> {
  const { records, levels } = context
  const summaries = new Map((await records.kv.entries(`${keyPrefixes.summaries}:`)).map(({ key, value }) => [key, value]))
  for (const [id, { movie, text }] of movies) {
    const key = summaryKey(id)
    const expected = JSON.stringify(summarizeMovie(movie, levels, text))
    const found = summaries.get(key)
    summaries.delete(key)
    if (found === expected) continue
    repair({ kind: found === undefined ? 'index-missing' : 'index-extra', key, message: `summary of ${id} ${found === undefined ? 'is missing' : 'does not agree with its record'}`, fixed: false }, { key, value: expected })
  }
  for (const key of summaries.keys()) {
    if (!unreadable.has(key.slice(`${keyPrefixes.summaries}:`.length))) repair({ kind: 'index-extra', key, message: 'summary of a movie that is not stored', fixed: false }, { key, value: null })
  }
  const expected = (prefix: string, keyOf: (movie: Movie) => string | undefined) =>
    checkEntries(records, prefix, new Set([...movies.values()].flatMap(({ movie }) => keyOf(movie) ?? [])), unreadable, repair)
  await expected(keyPrefixes.levels, (movie) => levelKey(movie.level, movie.id))
  await expected(keyPrefixes.files, (movie) => (movie.filePath === undefined ? undefined : fileKey(movie.filePath, movie.id)))
}

/** Entries under `prefix` against the keys the records call for: extra ones go, missing ones are written. */
async function checkEntries(records: JsonRecords, prefix: string, wanted: Set<string>, unreadable: ReadonlySet<string>, repair: Repair): Promise<void> {
  for (const key of await records.kv.keys(`${prefix}:`)) {
    // `<prefix>:<level or hash>:<namespace>:<value>`: the movie id is the last two segments.
    if (wanted.delete(key) || unreadable.has(key.split(':').slice(-2).join(':'))) continue
    repair({ kind: 'index-extra', key, message: `${prefix} entry of a movie not stored, or that no longer agrees with its record`, fixed: false }, { key, value: null })
  }
  for (const key of wanted) repair({ kind: 'index-missing', key, message: `${prefix} entry of a stored movie is missing`, fixed: false }, { key, value: MARK })
}

async function checkAliases(context: ValidateContext, movies: ReadonlyMap<string, unknown>, unreadable: ReadonlySet<string>, repair: Repair): Promise<number> {
  const { records } = context
  const base = `${keyPrefixes.aliases}:`
  const expectedReverse = new Set<string>()
  let count = 0
  for (const { key, value } of await records.kv.entries(base)) {
    count++
    let target: string
    try {
      target = records.parse(key, value, aliasKind).record.id
    } catch (error) {
      repair({ ...issueOfReadError(key, error), message: 'alias record cannot be read: removed' }, { key, value: null })
      continue
    }
    const alias = key.slice(base.length)
    if (!movies.has(target) && !unreadable.has(target)) {
      repair({ kind: 'alias-dangling', key, message: `alias ${alias} points at ${target}, which is not stored`, fixed: false }, { key, value: null })
      continue
    }
    expectedReverse.add(aliasOfKey(target, alias))
  }
  for (const key of await records.kv.keys(`${keyPrefixes.aliasesOf}:`)) {
    if (expectedReverse.delete(key)) continue
    repair({ kind: 'index-extra', key, message: 'reverse alias entry without its alias', fixed: false }, { key, value: null })
  }
  for (const key of expectedReverse) repair({ kind: 'index-missing', key, message: 'reverse alias entry missing', fixed: false }, { key, value: MARK })
  return count
}

async function checkCredits(context: ValidateContext, movies: ReadonlyMap<string, unknown>, unreadable: ReadonlySet<string>, people: ReadonlySet<string>, repair: Repair, note: Note): Promise<number> {
  const { records } = context
  const base = `${keyPrefixes.credits}:`
  let count = 0
  for (const { key, value } of await records.kv.entries(base)) {
    count++
    const movieId = key.slice(base.length)
    if (unreadable.has(movieId)) continue
    let credits: Relation[]
    try {
      credits = records.parse(key, value, creditsKind).record
    } catch (error) {
      repair({ ...issueOfReadError(key, error), message: 'credits cannot be read: removed (enriching the movie again brings them)' }, { key, value: null })
      continue
    }
    if (!movies.has(movieId)) {
      const entries = [...new Set(credits.map((credit) => credit.personId))].map((personId): CommitWrite => ({ key: filmographyKey(personId, movieId), value: null }))
      repair({ kind: 'relation-orphan', key, message: `credits of ${movieId}, which is not stored`, fixed: false }, { key, value: null }, ...entries)
      continue
    }
    const byPerson = new Map<string, Relation[]>()
    for (const credit of credits) byPerson.set(credit.personId, [...(byPerson.get(credit.personId) ?? []), credit])
    for (const [personId, own] of byPerson) {
      if (!people.has(personId)) note({ kind: 'relation-person-missing', key: personKey(personId), message: `credits of ${movieId} name ${personId}, who is not stored`, fixed: false })
      const entryKey = filmographyKey(personId, movieId)
      const side = await records.read(entryKey, filmographyKind).catch(() => null)
      const present = new Set((side ?? []).map(relationIdentity))
      if (own.every((credit) => present.has(relationIdentity(credit)))) continue
      repair({ kind: 'index-missing', key: entryKey, message: `credits of ${movieId} missing from ${personId}'s filmography`, fixed: false }, { key: entryKey, value: JSON.stringify([...(side ?? []), ...own.filter((credit) => !present.has(relationIdentity(credit)))]) })
    }
  }
  return count
}

function parseId(id: string, parse: (id: string) => { id: string }): string | null {
  try {
    return parse(id).id
  } catch {
    return null
  }
}
