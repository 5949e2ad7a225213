import { type LevelSet, type Movie, type MovieWrite, type Relation, parseMovieId, summarizeMovie } from '@cinelayer/core'
import type { CommitCheck, CommitWrite } from './commit.js'
import type { JsonRecords } from './json-records.js'
import { aliasKind, creditsKind, filmographyKind, mergeRelations, movieKind, personKind, statsKind } from './record-kinds.js'
import {
  aliasKey,
  aliasOfKey,
  aliasesOfBase,
  creditsKey,
  fileKey,
  filmographyKey,
  keyPrefixes,
  layoutKey,
  levelKey,
  STORE_LAYOUT,
  movieKey,
  personKey,
  statsKey,
  summaryKey,
} from './storage-keys.js'

/** A movie record as read for a change: the record and its exact stored text. */
export interface StoredMovie {
  movie: Movie
  text: string
}

/** What a change commits and what it will have done once committed. */
export interface MovieCommit {
  checks: CommitCheck[]
  writes: CommitWrite[]
  durable: boolean
  /** The record after the change (`null`: removed). */
  after: Movie | null
  /** Its stored text, for the record cache. */
  afterText: string | null
  /** Person ids written `ifAbsent`, by key. */
  people: Map<string, string>
  /** Aliases the change adds (not pointing at the movie yet). */
  aliasesAdded: string[]
  /** Movies removed by the change (absorbed ones), besides a removed movie itself. */
  removed: string[]
}

/** What building a commit needs. */
export interface CommitSources {
  records: JsonRecords
  levels: LevelSet
  /** A movie as stored now (for an absorbed movie). */
  readMovie(id: string): Promise<StoredMovie | null>
}

const MARK = '1'
const LAYOUT_MARK = JSON.stringify({ version: STORE_LAYOUT })

/**
 * Turns a change's {@link MovieWrite} into one batch: the record (checked against the text the
 * change was computed from: the compare-and-set that keeps a newer record from being overwritten),
 * its summary and level entry, credits both ways, people, aliases both ways, stats, and what goes
 * with a removed or absorbed movie. The record comes last in the batch: a store that cannot commit
 * atomically (a plain unstorage driver) then still writes the commit point after what it points to.
 */
export async function buildMovieCommit(sources: CommitSources, id: string, current: StoredMovie | null, write: MovieWrite): Promise<MovieCommit> {
  const { records } = sources
  const commit: MovieCommit = {
    checks: [{ key: movieKey(id), value: current?.text ?? null }],
    writes: [],
    durable: write.durable ?? false,
    after: write.movie,
    afterText: null,
    people: new Map(),
    aliasesAdded: [],
    removed: [],
  }
  const next = write.movie
  if (next && next.id !== id) throw new Error(`A change of ${id} returned the record of ${next.id}`)
  const text = next ? records.serialize(movieKey(id), next, movieKind) : null
  commit.afterText = text
  for (const person of write.people ?? []) {
    const key = personKey(person.id)
    commit.people.set(key, person.id)
    commit.writes.push({ key, value: records.serialize(key, person, personKind), ifAbsent: true })
  }
  if (write.credits !== undefined || !next) await writeCredits(sources, commit, id, next ? (write.credits ?? null) : [])
  for (const absorbed of write.absorbs ?? []) await absorb(sources, commit, absorbed, id)
  if (next) await writeAliases(sources, commit, id, write.aliases ?? [])
  else await removeAliases(sources, commit, id)
  if (write.stats) commit.writes.push({ key: statsKey(id), value: records.serialize(statsKey(id), write.stats, statsKind) })
  else if (!next) commit.writes.push({ key: statsKey(id), value: null })
  writeDerived(sources, commit, id, current?.movie ?? null, next, text)
  commit.writes.push({ key: movieKey(id), value: text })
  // The store says which layout it is written in from its first record on.
  commit.writes.push({ key: layoutKey, value: LAYOUT_MARK, ifAbsent: true })
  if (!next) for (const key of await sources.records.kv.keys(`${keyPrefixes.images}:${id}:`)) commit.writes.push({ key, value: null })
  return commit
}

/** Summary and level entry follow the record. */
function writeDerived(sources: CommitSources, commit: MovieCommit, id: string, before: Movie | null, next: Movie | null, text: string | null): void {
  if (before && before.level !== next?.level) commit.writes.push({ key: levelKey(before.level, id), value: null })
  if (before?.filePath !== undefined && before.filePath !== next?.filePath) commit.writes.push({ key: fileKey(before.filePath, id), value: null })
  if (!next) {
    commit.writes.push({ key: summaryKey(id), value: null })
    return
  }
  if (before?.level !== next.level) commit.writes.push({ key: levelKey(next.level, id), value: MARK })
  if (next.filePath !== undefined && before?.filePath !== next.filePath) commit.writes.push({ key: fileKey(next.filePath, id), value: MARK })
  commit.writes.push({ key: summaryKey(id), value: JSON.stringify(summarizeMovie(next, sources.levels, text ?? undefined)) })
}

/**
 * Replaces the movie's credits (`null`: leaves them) and each person's side of them: people no
 * longer credited lose the movie from their filmography, the others get their credits in it.
 */
async function writeCredits(sources: CommitSources, commit: MovieCommit, id: string, credits: readonly Relation[] | null): Promise<void> {
  if (credits === null) return
  const { records } = sources
  const key = creditsKey(id)
  const previous = (await records.read(key, creditsKind).catch(() => null)) ?? []
  const next = credits.length === 0 ? [] : records.validate(mergeRelations([], credits), key, creditsKind)
  const before = groupByPerson(previous)
  const after = groupByPerson(next)
  for (const personId of before.keys()) if (!after.has(personId)) commit.writes.push({ key: filmographyKey(personId, id), value: null })
  for (const [personId, own] of after) {
    const text = records.serialize(filmographyKey(personId, id), own, filmographyKind)
    if (JSON.stringify(before.get(personId)) !== text) commit.writes.push({ key: filmographyKey(personId, id), value: text })
  }
  commit.writes.push({ key, value: next.length === 0 ? null : JSON.stringify(next) })
}

function groupByPerson(relations: readonly Relation[]): Map<string, Relation[]> {
  const groups = new Map<string, Relation[]>()
  for (const relation of relations) {
    const group = groups.get(relation.personId)
    if (group) group.push(relation)
    else groups.set(relation.personId, [relation])
  }
  return groups
}

/** Records aliases of `id`: an alias that pointed at another movie is taken from it. */
async function writeAliases(sources: CommitSources, commit: MovieCommit, id: string, aliases: readonly string[]): Promise<void> {
  for (const candidate of new Set(aliases.map((alias) => parseMovieId(alias).id))) {
    if (candidate === id) continue
    const target = (await sources.records.read(aliasKey(candidate), aliasKind).catch(() => null))?.id
    if (target === id) continue
    if (target) commit.writes.push({ key: aliasOfKey(target, candidate), value: null })
    commit.writes.push({ key: aliasKey(candidate), value: JSON.stringify({ id }) }, { key: aliasOfKey(id, candidate), value: MARK })
    commit.aliasesAdded.push(candidate)
  }
}

/** The aliases of a removed movie go with it; one that names another movie now stays that movie's. */
async function removeAliases(sources: CommitSources, commit: MovieCommit, id: string): Promise<void> {
  const base = aliasesOfBase(id)
  for (const key of await sources.records.kv.keys(base)) {
    const alias = key.slice(base.length)
    commit.writes.push({ key, value: null })
    const target = await aliasTarget(sources, alias)
    if (target === undefined || target === id) commit.writes.push({ key: aliasKey(alias), value: null })
  }
}

/** The movie an alias names, or `undefined` (none, or unreadable). */
async function aliasTarget(sources: CommitSources, alias: string): Promise<string | undefined> {
  return (await sources.records.read(aliasKey(alias), aliasKind).catch(() => null))?.id
}

/**
 * A movie merged into `into`: removed with what derives from it, its id and its aliases pointing
 * at `into`. Its record is a precondition of the commit.
 */
async function absorb(sources: CommitSources, commit: MovieCommit, absorbed: string, into: string): Promise<void> {
  const id = parseMovieId(absorbed).id
  if (id === into) return
  const stored = await sources.readMovie(id)
  commit.checks.push({ key: movieKey(id), value: stored?.text ?? null })
  if (!stored) return
  commit.removed.push(id)
  const base = aliasesOfBase(id)
  const aliases = (await sources.records.kv.keys(base)).map((key) => key.slice(base.length))
  for (const alias of aliases) commit.writes.push({ key: aliasOfKey(id, alias), value: null })
  await writeCredits(sources, commit, id, [])
  if (stored.movie.filePath !== undefined) commit.writes.push({ key: fileKey(stored.movie.filePath, id), value: null })
  commit.writes.push(
    { key: levelKey(stored.movie.level, id), value: null },
    { key: summaryKey(id), value: null },
    { key: statsKey(id), value: null },
    { key: movieKey(id), value: null },
  )
  // Its own id and its aliases now name the movie it was merged into; an id that named another
  // movie until now leaves that movie's reverse entry.
  for (const alias of [id, ...aliases]) {
    const previous = await aliasTarget(sources, alias)
    if (previous !== undefined && previous !== id && previous !== into) commit.writes.push({ key: aliasOfKey(previous, alias), value: null })
    commit.writes.push({ key: aliasKey(alias), value: JSON.stringify({ id: into }) }, { key: aliasOfKey(into, alias), value: MARK })
  }
}
