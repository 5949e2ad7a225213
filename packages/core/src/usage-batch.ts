import { type UsageKind, decayScore, usageKinds } from './popularity.js'
import { SCHEMA_VERSION, type MovieStats } from './schemas.js'

/** Uses of one movie counted in memory and not yet written. */
export interface PendingUsage {
  counts: Record<UsageKind, number>
  /** Latest use, ms since epoch. */
  lastAccess: number
  /** Popularity these uses add, decayed to `scoreAt`. */
  score: number
  scoreAt: number
}

/** An empty stats record. */
export function emptyStats(movieId: string): MovieStats {
  return { schemaVersion: SCHEMA_VERSION, movieId, views: 0, plays: 0, requests: 0, searchHits: 0, recommendations: 0, lastAccess: null }
}

function zeroCounts(): Record<UsageKind, number> {
  return { requests: 0, views: 0, plays: 0, searchHits: 0, recommendations: 0 }
}

/** Adds one use at `at`, worth `weight` popularity, to what is pending for a movie. */
export function addUse(pending: PendingUsage | undefined, kind: UsageKind, at: number, weight: number, halfLifeDays: number): PendingUsage {
  const next = pending ?? { counts: zeroCounts(), lastAccess: at, score: 0, scoreAt: at }
  next.counts[kind] += 1
  next.lastAccess = Math.max(next.lastAccess, at)
  // Uses resolve their ids at different speeds, so one may arrive after a later one.
  if (at >= next.scoreAt) {
    next.score = decayScore(next.score, next.scoreAt, at, halfLifeDays) + weight
    next.scoreAt = at
  } else next.score += decayScore(weight, at, next.scoreAt, halfLifeDays)
  return next
}

/** Puts uses that failed to be written back in front of those counted since. */
export function mergeUsage(older: PendingUsage, newer: PendingUsage | undefined, halfLifeDays: number): PendingUsage {
  if (!newer) return older
  const counts = zeroCounts()
  for (const kind of usageKinds) counts[kind] = older.counts[kind] + newer.counts[kind]
  const scoreAt = Math.max(older.scoreAt, newer.scoreAt)
  const score = decayScore(older.score, older.scoreAt, scoreAt, halfLifeDays) + decayScore(newer.score, newer.scoreAt, scoreAt, halfLifeDays)
  return { counts, lastAccess: Math.max(older.lastAccess, newer.lastAccess), score, scoreAt }
}

/** The stats record once the pending uses are added: one write per movie per flush. */
export function applyUsage(stats: MovieStats, pending: PendingUsage, halfLifeDays: number): MovieStats {
  const next: MovieStats = { ...stats }
  for (const kind of usageKinds) next[kind] = (stats[kind] ?? 0) + pending.counts[kind]
  const stored = stats.lastAccess === null ? Number.NEGATIVE_INFINITY : Date.parse(stats.lastAccess)
  next.lastAccess = stored > pending.lastAccess ? stats.lastAccess : new Date(pending.lastAccess).toISOString()
  const previousAt = stats.popularity ? Date.parse(stats.popularity.at) : Number.NaN
  const at = Number.isFinite(previousAt) ? Math.max(previousAt, pending.scoreAt) : pending.scoreAt
  // A score stored under another half-life decays at its own rate up to now, then goes on at ours.
  const previous = stats.popularity && Number.isFinite(previousAt) ? decayScore(stats.popularity.score, previousAt, at, stats.popularity.halfLifeDays) : 0
  const score = previous + decayScore(pending.score, pending.scoreAt, at, halfLifeDays)
  next.popularity = { score, at: new Date(at).toISOString(), halfLifeDays }
  return next
}

/** Total uses of every kind in a stats record. */
export function totalUses(stats: MovieStats): number {
  return usageKinds.reduce((sum, kind) => sum + (stats[kind] ?? 0), 0)
}
