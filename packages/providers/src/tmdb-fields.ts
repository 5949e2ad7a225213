/** Reading helpers shared by the TMDB normalizers. Not part of the public API. */

const imdbTitle = /^tt\d{7,10}$/
const imdbName = /^nm\d{7,10}$/
const wikidataItem = /^Q[1-9]\d*$/

/** A valid IMDb title id (`tt0137523`), or `undefined`. */
export function imdbTitleId(value: string | null | undefined): string | undefined {
  const id = text(value)
  return id !== undefined && imdbTitle.test(id) ? id : undefined
}

/** A string with content, or `undefined`: TMDB sends `''` for "unknown", which must not become a field. */
export function text(value: string | null | undefined): string | undefined {
  return typeof value === 'string' && value.trim().length > 0 ? value : undefined
}

/** The year of a `YYYY-MM-DD` date, or `undefined` when the date is blank or malformed. */
export function yearOf(date: string | null | undefined): number | undefined {
  const match = /^(\d{4})-\d{2}-\d{2}$/.exec(date ?? '')
  return match ? Number(match[1]) : undefined
}

/** Copies `fields` without its `undefined` values, so absent stays absent. */
export function compact<T extends Record<string, unknown>>(fields: T): Partial<T> {
  const result: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) result[name] = value
  return result as Partial<T>
}

/** What an `external_ids` section tells about an entity. */
export interface ExternalIdentity {
  /** Every id TMDB gives, keyed without the `_id` suffix (`imdb`, `wikidata`, `facebook`...). */
  map: Record<string, string>
  imdb?: string
  wikidata?: string
}

/**
 * Reads an `external_ids` section. IMDb and Wikidata ids are kept only when valid. When the
 * section's IMDb id contradicts the entity's own `imdb_id`, the section describes someone else
 * (some hand-assembled recordings do) and only the entity's own IMDb id is trusted.
 */
export function externalIdentity(kind: 'movie' | 'person', ownImdb: string | null | undefined, section: Record<string, unknown> | undefined): ExternalIdentity {
  const imdbPattern = kind === 'movie' ? imdbTitle : imdbName
  const own = text(ownImdb)
  const sectionImdb = typeof section?.imdb_id === 'string' ? text(section.imdb_id) : undefined
  const trusted = section !== undefined && (own === undefined || sectionImdb === undefined || own === sectionImdb)
  const map: Record<string, string> = {}
  if (trusted) {
    for (const [name, value] of Object.entries(section)) {
      if (name === 'id') continue
      const id = typeof value === 'number' ? String(value) : typeof value === 'string' ? text(value) : undefined
      if (id !== undefined) map[name.replace(/_id$/, '')] = id
    }
  }
  const imdb = map.imdb ?? own
  if (imdb !== undefined && imdbPattern.test(imdb)) map.imdb = imdb
  else delete map.imdb
  if (map.wikidata !== undefined && !wikidataItem.test(map.wikidata)) delete map.wikidata
  return compact({ map, imdb: map.imdb, wikidata: map.wikidata }) as ExternalIdentity
}
