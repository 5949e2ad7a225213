import { type Movie, type Relation, type RelationStore, parseMovieId, parsePersonId } from '@cinelayer/core'
import type { JsonRecords, RecordKind } from './json-records.js'
import { aliasKind } from './movie-aliases.js'
import { movieKind } from './movie-repository.js'
import { personKind } from './person-repository.js'
import { walkStored } from './record-walk.js'
import { relationIdentity, relationListKinds } from './relation-repository.js'
import type { ShardedIdIndex } from './sharded-id-index.js'
import { statsKind } from './stats-repository.js'
import type { StoreIndexes } from './store-indexes.js'
import { aliasKey, keyPrefixes, movieRelationsKey, personKey, personRelationsKey } from './storage-keys.js'
import { sweepTemporaryFiles } from './temporary-files.js'
import { type ValidateOptions, type ValidationIssue, type ValidationReport, issueOfReadError } from './validation-report.js'

/** What a validation needs. */
export interface ValidateContext {
  records: JsonRecords
  indexes: StoreIndexes
  /** Writes a movie the way the repository does (indexes kept). */
  putMovie(movie: Movie): Promise<void>
  relations: RelationStore
  /** Rebuilds every index. */
  reindex(): Promise<NonNullable<ValidationReport['reindexed']>>
}

/**
 * Checks every record against its schema and version, every index against the records, aliases
 * against movies and relations both ways; with `fix`, repairs what can be. A full pass over the
 * store: for maintenance, not for requests.
 */
export async function validateStore(context: ValidateContext, options: ValidateOptions = {}): Promise<ValidationReport> {
  const fix = options.fix ?? false
  const { records } = context
  const issues: ValidationIssue[] = []
  const note = (issue: ValidationIssue) => issues.push(issue)

  const movies = new Map<string, string | null>()
  for await (const entry of walkStored(records, keyPrefixes.movies, parseMovieId)) {
    const movie = await checkRecord(context, entry, movieKind, fix, note, (record) => context.putMovie(record))
    movies.set(entry.id, movie?.level ?? null)
  }
  const people = new Set<string>()
  for await (const entry of walkStored(records, keyPrefixes.people, parsePersonId)) {
    people.add(entry.id)
    await checkRecord(context, entry, personKind, fix, note, (record) => records.write(entry.key, record, personKind))
  }
  const stats = new Set<string>()
  for await (const entry of walkStored(records, keyPrefixes.stats, parseMovieId)) {
    stats.add(entry.id)
    await checkRecord(context, entry, statsKind, fix, note, (record) => records.write(entry.key, record, statsKind))
  }
  const aliases = await checkAliases(context, movies, fix, note)
  const relationLists = await checkRelations(context, movies, people, fix, note)

  const indexIssues: ValidationIssue[] = []
  await checkIndex(context.indexes.movies, new Set(movies.keys()), indexIssues)
  await checkIndex(context.indexes.people, people, indexIssues)
  await checkIndex(context.indexes.stats, stats, indexIssues)
  await checkLevels(context.indexes, movies, indexIssues)
  await checkReverseAliases(context, aliases, indexIssues)
  let reindexed: ValidationReport['reindexed']
  if (fix && indexIssues.length > 0) {
    reindexed = await context.reindex()
    for (const issue of indexIssues) issue.fixed = true
  }
  issues.push(...indexIssues)
  for (const file of await sweepTemporaryFiles(records.storage, fix)) {
    issues.push({ kind: 'temporary-file', key: file.path, message: `temporary file of an interrupted write by process ${file.pid}`, fixed: file.removed })
  }

  const fixed = issues.filter((issue) => issue.fixed).length
  return {
    ok: fixed === issues.length,
    fix,
    checked: { movies: movies.size, people: people.size, stats: stats.size, aliases: aliases.size, relationLists },
    issues,
    fixed,
    unfixed: issues.length - fixed,
    ...(reindexed ? { reindexed } : {}),
  }
}

async function checkRecord<T>(
  context: ValidateContext,
  entry: { key: string; json: unknown; error?: unknown },
  kind: RecordKind<T>,
  fix: boolean,
  note: (issue: ValidationIssue) => void,
  rewrite: (record: T) => Promise<void>,
): Promise<T | null> {
  if (entry.error !== undefined) {
    note(issueOfReadError(entry.key, entry.error))
    return null
  }
  let record: T
  try {
    record = context.records.validate(entry.json, entry.key, kind)
  } catch (error) {
    note(issueOfReadError(entry.key, error))
    return null
  }
  const version = (entry.json as { schemaVersion?: unknown }).schemaVersion
  if (kind.versioned && typeof version === 'number' && version !== (record as { schemaVersion: number }).schemaVersion) {
    if (fix) await rewrite(record)
    note({ kind: 'schema-outdated', key: entry.key, message: `${kind.kind} record at schema version ${version}`, fixed: fix })
  }
  return record
}

async function checkAliases(context: ValidateContext, movies: ReadonlyMap<string, unknown>, fix: boolean, note: (issue: ValidationIssue) => void) {
  const aliases = new Map<string, string>()
  for await (const entry of walkStored(context.records, keyPrefixes.aliases, parseMovieId)) {
    const target = await checkRecord(context, entry, aliasKind, false, note, async () => undefined)
    if (!target) continue
    if (movies.has(target.id)) {
      aliases.set(entry.id, target.id)
      continue
    }
    if (fix) await context.records.remove(aliasKey(entry.id))
    note({ kind: 'alias-dangling', key: entry.key, message: `alias ${entry.id} points at ${target.id}, which is not stored`, fixed: fix })
  }
  return aliases
}

async function checkRelations(
  context: ValidateContext,
  movies: ReadonlyMap<string, unknown>,
  people: ReadonlySet<string>,
  fix: boolean,
  note: (issue: ValidationIssue) => void,
): Promise<number> {
  const { records } = context
  let lists = 0
  for await (const entry of walkStored(records, keyPrefixes.relationsOfMovie, parseMovieId)) {
    lists++
    const credits = await checkRecord(context, entry, relationListKinds.movie, false, note, async () => undefined)
    if (!credits) continue
    if (!movies.has(entry.id)) {
      if (fix) await records.remove(movieRelationsKey(entry.id))
      note({ kind: 'relation-orphan', key: entry.key, message: `credits of ${entry.id}, which is not stored`, fixed: fix })
      continue
    }
    await checkPersonSides(context, credits, people, fix, note)
  }
  for await (const entry of walkStored(records, keyPrefixes.relationsOfPerson, parsePersonId)) {
    lists++
    await checkRecord(context, entry, relationListKinds.person, false, note, async () => undefined)
  }
  return lists
}

async function checkPersonSides(context: ValidateContext, credits: readonly Relation[], people: ReadonlySet<string>, fix: boolean, note: (issue: ValidationIssue) => void) {
  const byPerson = new Map<string, Relation[]>()
  for (const credit of credits) byPerson.set(credit.personId, [...(byPerson.get(credit.personId) ?? []), credit])
  for (const [personId, own] of byPerson) {
    if (!people.has(personId)) {
      note({ kind: 'relation-person-missing', key: personKey(personId), message: `credits of ${own[0]!.movieId} name ${personId}, who is not stored`, fixed: false })
    }
    let side: Relation[]
    try {
      side = (await context.records.read(personRelationsKey(personId), relationListKinds.person)) ?? []
    } catch {
      continue // reported when the person lists are walked
    }
    const present = new Set(side.map(relationIdentity))
    const missing = own.filter((credit) => !present.has(relationIdentity(credit)))
    if (missing.length === 0) continue
    if (fix) await context.relations.addForPerson(personId, missing)
    const message = `${missing.length} credit(s) of ${own[0]!.movieId} missing from ${personId}'s side`
    note({ kind: 'relation-one-sided', key: personRelationsKey(personId), message, fixed: fix })
  }
}

/**
 * Compares an index with the ids actually stored. `misplaced` tells an entry of a record that is
 * stored, but belongs elsewhere (another level), from an entry without a record.
 */
async function checkIndex(index: ShardedIdIndex, stored: ReadonlySet<string>, issues: ValidationIssue[], misplaced?: (id: string) => string | undefined): Promise<void> {
  let listed: string[]
  try {
    listed = await index.all()
    for (const key of await index.strayShards()) issues.push({ kind: 'index-broken', key, message: 'shard record left by an interrupted index update', fixed: false })
  } catch (error) {
    issues.push({ kind: 'index-broken', key: index.directoryKey, message: error instanceof Error ? error.message : String(error), fixed: false })
    return
  }
  const inIndex = new Set(listed)
  for (const id of stored) if (!inIndex.has(id)) issues.push({ kind: 'index-missing', key: index.directoryKey, message: `${id} is stored but not in index "${index.name}"`, fixed: false })
  for (const id of listed) {
    if (stored.has(id)) continue
    const elsewhere = misplaced?.(id)
    issues.push(
      elsewhere === undefined
        ? { kind: 'index-extra', key: index.directoryKey, message: `index "${index.name}" lists ${id}, which is not stored`, fixed: false }
        : { kind: 'index-level', key: index.directoryKey, message: `index "${index.name}" lists ${id}, which is at level "${elsewhere}"`, fixed: false },
    )
  }
}

async function checkLevels(indexes: StoreIndexes, movies: ReadonlyMap<string, string | null>, issues: ValidationIssue[]): Promise<void> {
  const byLevel = new Map<string, Set<string>>()
  for (const [id, level] of movies) if (level !== null) byLevel.set(level, (byLevel.get(level) ?? new Set()).add(id))
  const levels = new Set([...byLevel.keys(), ...(await indexes.storedLevels())])
  for (const level of levels) {
    await checkIndex(indexes.moviesAt(level), byLevel.get(level) ?? new Set(), issues, (id) => movies.get(id) ?? undefined)
  }
}

async function checkReverseAliases(context: ValidateContext, aliases: ReadonlyMap<string, string>, issues: ValidationIssue[]): Promise<void> {
  const byTarget = new Map<string, string[]>()
  for (const [alias, target] of aliases) byTarget.set(target, [...(byTarget.get(target) ?? []), alias])
  for (const [target, expected] of byTarget) {
    const key = `${keyPrefixes.index}:aliases-of:${target}`
    const listed = new Set(((await context.records.readJson(key).catch(() => null)) as string[] | null) ?? [])
    const missing = expected.filter((alias) => !listed.has(alias))
    if (missing.length > 0) issues.push({ kind: 'index-missing', key, message: `aliases ${missing.join(', ')} of ${target} are not in its alias index`, fixed: false })
  }
}
