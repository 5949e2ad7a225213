import type { AnyCinelayerEvent, Movie } from 'cinelayer'
import type { z } from 'zod'
import type { TimelineEntry } from './lab-schemas.js'

type Entry = z.infer<typeof TimelineEntry>

/** Events that change a movie (with the edits its record keeps): the timeline with `changes`. */
export const changeTypes: ReadonlySet<string> = new Set(['MovieCreated', 'EnrichmentCompleted', 'EnrichmentFailed', 'MovieDowngraded'])

const usedTypes = new Set(['MovieViewed', 'PlaybackStarted', 'SearchHit', 'RecommendationShown', 'RecommendationTriggered'])

/** One event of a movie as a step of its timeline. */
function entryOf(event: AnyCinelayerEvent): Entry {
  const base = { at: event.at, type: event.type, eventId: event.id, ...(event.correlationId ? { correlationId: event.correlationId } : {}) }
  switch (event.type) {
    case 'MovieCreated':
      return { ...base, kind: 'created', level: event.payload.level, summary: `created at ${event.payload.level} via ${event.payload.via}` }
    case 'MovieRequested':
      return { ...base, kind: 'requested', summary: `asked for at ${event.payload.level}` }
    case 'EnrichmentRequested':
      return { ...base, kind: 'enrichment', summary: `enrichment ${event.payload.from} → ${event.payload.to} from ${event.payload.providers.join(', ')}` }
    case 'EnrichmentCompleted':
      return { ...base, kind: 'enriched', level: event.payload.to, summary: `enriched ${event.payload.from} → ${event.payload.to} in ${event.payload.durationMs} ms` }
    case 'EnrichmentFailed':
      return { ...base, kind: 'failed', level: event.payload.level, summary: `${event.payload.provider} failed: ${event.payload.code}` }
    case 'MovieDowngraded':
      return { ...base, kind: 'downgraded', level: event.payload.to, summary: `downgraded ${event.payload.from} → ${event.payload.to} (${event.payload.reasons.join('; ')})` }
    case 'VideoAdded':
    case 'VideoRemoved':
    case 'VideoMatched':
      return { ...base, kind: 'file', summary: `${event.type} ${event.payload.path}` }
    default:
      return { ...base, kind: usedTypes.has(event.type) ? 'used' : 'other', summary: event.type }
  }
}

/**
 * A movie's life in order: its events (creation, requests, enrichments, uses, downgrades, files)
 * and the manual edits its record keeps (edits are written on the record, not published), the
 * newest `limit` of them.
 */
export function movieTimeline(events: readonly AnyCinelayerEvent[], movie: Movie | null, limit: number): Entry[] {
  const entries = events.map(entryOf)
  for (const [field, edit] of Object.entries(movie?.edits ?? {})) {
    const locked = movie?.locks.includes(field) ? ' (locked)' : ''
    entries.push({ at: edit.at, kind: 'edited', type: 'FieldEdited', summary: `${field} edited by hand${locked}` })
  }
  // Stable: events at the same instant keep their bus order.
  return entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).slice(-limit)
}
