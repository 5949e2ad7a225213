import { type Clock, type LevelSet, type Movie, type Relation, SCHEMA_VERSION, parseMovieId, summarizeMovie } from '@cinelayer/core'
import type { CommitCheck, CommitWrite } from './commit.js'
import { StorageConflictError } from './errors.js'
import type { JsonRecords, RecordKind } from './json-records.js'
import type { MovieRepository } from './movie-repository.js'
import { quarantineMovie, quarantineRecord } from './quarantine.js'
import { personAliasesOf } from './person-repository.js'
import { aliasKind, creditsKind, filmographyKind, movieKind, personKind, relationIdentity, statsKind } from './record-kinds.js'
import { aliasOfKey, fileKey, filmographyKey, keyPrefixes, layoutKey, levelKey, movieKey, personAliasKey, personKey, STORE_LAYOUT, summaryKey } from './storage-keys.js'
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
export async function validateStore(context: ValidateContext, options: ValidateOptions & { quarantine?: boolean } = {}): Promise<ValidationReport> {
  const fix = options.fix ?? false
  // A repair of derived entries alone (reindex, the check at open) leaves unreadable records where they are.
  const quarantine = fix && (options.quarantine ?? true)
  const { records } = context
  const issues: ValidationIssue[] = []
  const quarantined: ValidationReport['quarantined'] = []
  const note = (issue: ValidationIssue) => issues.push(issue)
  // Movie records left in place unread (corrupt, newer, not migratable): what derives from them stays.
  const unreadable = new Set<string>()
  const movies = await checkMovies(context, quarantine, note, quarantined, unreadable)
  const people = await checkPlain(context, keyPrefixes.people, personKind, quarantine, note, quarantined)
  const stats = await checkPlain(context, keyPrefixes.stats, statsKind, quarantine, note, quarantined)
  const repairs: PendingRepair[] = []
  // Each repair is computed from a movie record as read here: its commit checks that record is
  // still the same, so that a repair never writes over a change another writer made meanwhile.
  const checkOf = (movieId: string): CommitCheck => ({ key: movieKey(movieId), value: movies.get(movieId)?.text ?? null })
  const repairWith: CheckedRepair = (issue, checks, ...writes) => {
    const noted = { ...issue, fixed: false }
    note(noted)
    if (fix) repairs.push({ issue: noted, checks: [...checks], writes })
  }
  const repair: Repair = (issue, movieIds, ...writes) => repairWith(issue, movieIds.flatMap((id) => checkable(id, checkOf)), ...writes)
  await checkSummariesAndLevels(context, movies, unreadable, repair)
  const aliases = await checkAliases(context, movies, unreadable, repair)
  const credits = await checkCredits(context, movies, unreadable, people, repair, note)
  await checkPersonAliases(context, repairWith)
  if (fix) {
    await commitRepairs(records, repairs)
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

/** A repair waiting for its commit: the issue it fixes, the records it was computed from, its writes. */
interface PendingRepair {
  issue: ValidationIssue
  checks: CommitCheck[]
  writes: CommitWrite[]
}

/**
 * Commits repairs a batch at a time, each batch checking the records its repairs were computed from.
 * A batch refused because one of them changed meanwhile is left unfixed (the next validate sees the
 * store as it is then).
 */
async function commitRepairs(records: JsonRecords, repairs: readonly PendingRepair[]): Promise<void> {
  for (let start = 0; start < repairs.length; ) {
    const batch: PendingRepair[] = []
    let writes = 0
    while (start < repairs.length && (batch.length === 0 || writes + repairs[start]!.writes.length <= REPAIR_BATCH)) {
      writes += repairs[start]!.writes.length
      batch.push(repairs[start++]!)
    }
    const checks = [...new Map(batch.flatMap((entry) => entry.checks).map((check) => [check.key, check])).values()]
    try {
      await records.kv.commit({ checks, writes: batch.flatMap((entry) => entry.writes) })
      for (const entry of batch) entry.issue.fixed = true
    } catch (error) {
      if (!(error instanceof StorageConflictError)) throw error
      for (const entry of batch) entry.issue.message += ` (not repaired: ${error.details.key} changed meanwhile; run validate again)`
    }
  }
}

type Note = (issue: ValidationIssue) => void
type Repair = (issue: ValidationIssue, movieIds: readonly string[], ...writes: CommitWrite[]) => void
/** A repair whose commit checks the given keys still hold what was read. */
type CheckedRepair = (issue: ValidationIssue, checks: readonly CommitCheck[], ...writes: CommitWrite[]) => void

/** Movie records: readable, current. Returns the readable ones (after repairs) with their text. */
async function checkMovies(context: ValidateContext, quarantine: boolean, note: Note, quarantined: ValidationReport['quarantined'], unreadable: Set<string>) {
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
        if (quarantine) {
          await context.movies.update(id, (current) => (current ? { movie: current } : null))
          const rewritten = await context.movies.getStored(id)
          if (rewritten) movies.set(id, rewritten)
        }
        note({ kind: 'schema-outdated', key, message: `movie record at schema version ${stored.storedVersion}`, fixed: quarantine })
      }
    } catch (error) {
      const issue = issueOfReadError(key, error)
      const fixable = issue.kind === 'record-corrupt' || issue.kind === 'record-invalid'
      if (quarantine && fixable) {
        quarantined.push({ key, keptAt: await quarantineMovie(records, levels, id, value, clock.now()) })
        const rebuilt = await context.movies.getStored(id)
        if (rebuilt) movies.set(id, rebuilt)
      } else unreadable.add(id)
      note({ ...issue, fixed: quarantine && fixable })
    }
  }
  return movies
}

/** People and stats records: readable (an unreadable one is quarantined: enrichment or usage brings it back). */
async function checkPlain<T>(context: ValidateContext, prefix: string, kind: RecordKind<T>, fix: boolean, note: Note, quarantined: ValidationReport['quarantined']) {
  // (`fix` here is quarantine's: what is rewritten or set aside is a record, not a derived entry.)
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
    repair({ kind: found === undefined ? 'index-missing' : 'index-extra', key, message: `summary of ${id} ${found === undefined ? 'is missing' : 'does not agree with its record'}`, fixed: false }, [id], { key, value: expected })
  }
  for (const key of summaries.keys()) {
    const id = key.slice(`${keyPrefixes.summaries}:`.length)
    if (!unreadable.has(id)) repair({ kind: 'index-extra', key, message: 'summary of a movie that is not stored', fixed: false }, [id], { key, value: null })
  }
  const expected = (prefix: string, keyOf: (movie: Movie) => string | undefined) =>
    checkEntries(records, prefix, new Set([...movies.values()].flatMap(({ movie }) => keyOf(movie) ?? [])), unreadable, repair)
  await expected(keyPrefixes.levels, (movie) => levelKey(movie.level, movie.id))
  await expected(keyPrefixes.files, (movie) => (movie.filePath === undefined ? undefined : fileKey(movie.filePath, movie.id)))
}

/** Entries under `prefix` against the keys the records call for: extra ones go, missing ones are written. */
async function checkEntries(records: JsonRecords, prefix: string, wanted: Set<string>, unreadable: ReadonlySet<string>, repair: Repair): Promise<void> {
  // `<prefix>:<level or hash>:<namespace>:<value>`: the movie id is the last two segments.
  const movieOf = (key: string) => key.split(':').slice(-2).join(':')
  for (const key of await records.kv.keys(`${prefix}:`)) {
    if (wanted.delete(key) || unreadable.has(movieOf(key))) continue
    repair({ kind: 'index-extra', key, message: `${prefix} entry of a movie not stored, or that no longer agrees with its record`, fixed: false }, [movieOf(key)], { key, value: null })
  }
  for (const key of wanted) repair({ kind: 'index-missing', key, message: `${prefix} entry of a stored movie is missing`, fixed: false }, [movieOf(key)], { key, value: MARK })
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
      repair({ ...issueOfReadError(key, error), message: 'alias record cannot be read: removed' }, [], { key, value: null })
      continue
    }
    const alias = key.slice(base.length)
    if (!movies.has(target) && !unreadable.has(target)) {
      repair({ kind: 'alias-dangling', key, message: `alias ${alias} points at ${target}, which is not stored`, fixed: false }, [target], { key, value: null })
      continue
    }
    expectedReverse.add(aliasOfKey(target, alias))
  }
  // `aliases-of:<namespace>:<value>:<alias namespace>:<alias value>`: the movie is the first two segments after the prefix.
  const movieOf = (key: string) => key.split(':').slice(1, 3).join(':')
  for (const key of await records.kv.keys(`${keyPrefixes.aliasesOf}:`)) {
    if (expectedReverse.delete(key)) continue
    repair({ kind: 'index-extra', key, message: 'reverse alias entry without its alias', fixed: false }, [movieOf(key)], { key, value: null })
  }
  for (const key of expectedReverse) repair({ kind: 'index-missing', key, message: 'reverse alias entry missing', fixed: false }, [movieOf(key)], { key, value: MARK })
  return count
}

/**
 * Person alias entries against the person records: each record's other ids point at it, nothing
 * else does. Each repair checks the alias entry and the person record it was computed from.
 */
async function checkPersonAliases(context: ValidateContext, repair: CheckedRepair): Promise<void> {
  const { records } = context
  const wanted = new Map<string, { value: string; personKey: string; personText: string }>()
  for (const { key, value } of await records.kv.entries(`${keyPrefixes.people}:`)) {
    const person = (() => {
      try {
        return records.parse(key, value, personKind).record
      } catch {
        return null // reported (and quarantined) by the people check
      }
    })()
    for (const alias of person ? personAliasesOf(person) : []) wanted.set(personAliasKey(alias), { value: JSON.stringify({ id: person!.id }), personKey: key, personText: value })
  }
  for (const { key, value } of await records.kv.entries(`${keyPrefixes.personAliases}:`)) {
    const expected = wanted.get(key)
    wanted.delete(key)
    if (expected?.value === value) continue
    const message = expected === undefined ? 'person alias of no stored person record' : 'person alias that no longer agrees with its person record'
    const checks = [{ key, value }, ...(expected ? [{ key: expected.personKey, value: expected.personText }] : [])]
    repair({ kind: 'index-extra', key, message, fixed: false }, checks, { key, value: expected?.value ?? null })
  }
  for (const [key, expected] of wanted) {
    const checks = [{ key, value: null }, { key: expected.personKey, value: expected.personText }]
    repair({ kind: 'index-missing', key, message: 'person alias of a stored person is missing', fixed: false }, checks, { key, value: expected.value })
  }
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
      repair({ ...issueOfReadError(key, error), message: 'credits cannot be read: removed (enriching the movie again brings them)' }, [movieId], { key, value: null })
      continue
    }
    if (!movies.has(movieId)) {
      const entries = [...new Set(credits.map((credit) => credit.personId))].map((personId): CommitWrite => ({ key: filmographyKey(personId, movieId), value: null }))
      repair({ kind: 'relation-orphan', key, message: `credits of ${movieId}, which is not stored`, fixed: false }, [movieId], { key, value: null }, ...entries)
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
      repair({ kind: 'index-missing', key: entryKey, message: `credits of ${movieId} missing from ${personId}'s filmography`, fixed: false }, [movieId], { key: entryKey, value: JSON.stringify([...(side ?? []), ...own.filter((credit) => !present.has(relationIdentity(credit)))]) })
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

/** The check of a movie record, or none for a key that names no valid movie (a stray entry). */
function checkable(movieId: string, checkOf: (movieId: string) => CommitCheck): CommitCheck[] {
  try {
    return [checkOf(movieId)]
  } catch {
    return []
  }
}
