import { LevelSetInvalidError, UnknownLevelError } from './errors.js'

/** A facet: a named section of a movie record, owning some of its fields. */
export interface FacetDefinition {
  /** Facet name, e.g. `details`, `credits`. */
  name: string
  /** Top-level fields of the movie record this facet writes (and a downgrade removes). */
  fields: readonly string[]
  /** Facets that are never dropped by a downgrade (identity). Default `false`. */
  permanent?: boolean
}

/** A named level: an ordered, cumulative set of facets. */
export interface LevelDefinition {
  name: string
  /** Facets this level adds to the levels below it. */
  facets: readonly string[]
}

/**
 * Fields of every record that no facet may own: a downgrade removes a facet's fields, and these
 * hold the record together.
 */
export const reservedFields: ReadonlySet<string> = new Set(['schemaVersion', 'id', 'level', 'facets', 'locks', 'edits', 'errors', 'createdAt', 'updatedAt'])

/** The facets cinelayer knows out of the box. Plugins may add their own. */
export const defaultFacets: readonly FacetDefinition[] = [
  { name: 'identity', fields: ['title', 'year', 'filePath', 'fileMissingSince', 'ids', 'match'], permanent: true },
  { name: 'details', fields: ['originalTitle', 'overview', 'tagline', 'releaseDate', 'runtime', 'originalLanguage', 'status', 'productionCountries'] },
  { name: 'poster', fields: ['poster'] },
  { name: 'credits', fields: ['cast', 'crew'] },
  { name: 'genres', fields: ['genres'] },
  { name: 'ratings', fields: ['tmdbRating'] },
  { name: 'externalIds', fields: ['externalIds'] },
  { name: 'images', fields: ['images'] },
  { name: 'keywords', fields: ['keywords'] },
  { name: 'wikipedia', fields: ['wikipedia'] },
  { name: 'imdbRating', fields: ['imdbRating'] },
]

/** The default ladder: `initial < basic < medium < deep`. */
export const defaultLevels: readonly LevelDefinition[] = [
  { name: 'initial', facets: ['identity'] },
  { name: 'basic', facets: ['details', 'poster'] },
  { name: 'medium', facets: ['credits', 'genres', 'ratings'] },
  { name: 'deep', facets: ['externalIds', 'images', 'keywords', 'wikipedia', 'imdbRating'] },
]

/**
 * The levels and facets an engine works with, resolved once: which facets each level needs
 * (cumulatively), restricted to the facets some registered enricher can provide.
 */
export class LevelSet {
  readonly levels: readonly LevelDefinition[]
  readonly facets: ReadonlyMap<string, FacetDefinition>
  readonly #cumulative = new Map<string, readonly string[]>()

  /**
   * @param levels ordered lowest first; the first level's facets are treated as always present.
   * @param facets facet definitions; default {@link defaultFacets}.
   * @param providable facets that some enricher provides; a level's facets outside this set
   *   (and outside the first level) are not required. Default: all facets.
   */
  constructor(levels: readonly LevelDefinition[] = defaultLevels, facets: readonly FacetDefinition[] = defaultFacets, providable?: Iterable<string>) {
    if (levels.length === 0) throw new LevelSetInvalidError('A level set needs at least one level')
    const facetMap = indexFacets(facets)
    const can = providable ? new Set(providable) : undefined
    const seenLevels = new Set<string>()
    const seenFacets = new Set<string>()
    const acc: string[] = []
    levels.forEach((level, index) => {
      if (!level.name) throw new LevelSetInvalidError(`Level ${index} has no name`, { index })
      if (seenLevels.has(level.name)) throw new LevelSetInvalidError(`Level "${level.name}" is defined twice`, { level: level.name })
      seenLevels.add(level.name)
      for (const facet of level.facets) {
        if (!facetMap.has(facet)) {
          throw new LevelSetInvalidError(`Level "${level.name}" uses facet "${facet}", which no facet definition declares`, { level: level.name, facet })
        }
        if (seenFacets.has(facet)) throw new LevelSetInvalidError(`Facet "${facet}" appears in two levels`, { level: level.name, facet })
        seenFacets.add(facet)
        if (index === 0 || !can || can.has(facet)) acc.push(facet)
      }
      this.#cumulative.set(level.name, [...acc])
    })
    // Copied so that a caller mutating its arrays cannot desynchronise the resolved ladder.
    this.levels = levels.map((level) => ({ name: level.name, facets: [...level.facets] }))
    this.facets = facetMap
  }

  /** Level names, lowest first. */
  get names(): string[] {
    return this.levels.map((level) => level.name)
  }

  /** The lowest level (where every movie starts). */
  get lowest(): string {
    return this.levels[0]!.name
  }

  /** The highest level. */
  get highest(): string {
    return this.levels[this.levels.length - 1]!.name
  }

  /** Throws {@link UnknownLevelError} unless `level` is defined. */
  assert(level: string): string {
    if (!this.#cumulative.has(level)) throw new UnknownLevelError(level, this.names)
    return level
  }

  /** Position of a level, 0 for the lowest. */
  rank(level: string): number {
    const index = this.levels.findIndex((entry) => entry.name === level)
    if (index < 0) throw new UnknownLevelError(level, this.names)
    return index
  }

  /** Compares two levels like a sort comparator. */
  compare(a: string, b: string): number {
    return this.rank(a) - this.rank(b)
  }

  /** Every facet a movie needs to be at `level` (cumulative, providable only). */
  facetsFor(level: string): readonly string[] {
    const facets = this.#cumulative.get(level)
    if (!facets) throw new UnknownLevelError(level, this.names)
    return facets
  }

  /** The highest level whose facets are all in `present`. */
  levelOf(present: Iterable<string>): string {
    const have = new Set(present)
    let reached = this.lowest
    for (const level of this.levels) {
      if (this.facetsFor(level.name).every((facet) => have.has(facet))) reached = level.name
      else break
    }
    return reached
  }

  /** Fields owned by a facet (empty for unknown facets). */
  fieldsOf(facet: string): readonly string[] {
    return this.facets.get(facet)?.fields ?? []
  }

  /** The facet that owns a top-level field, if any. */
  facetOfField(field: string): string | undefined {
    for (const facet of this.facets.values()) if (facet.fields.includes(field)) return facet.name
    return undefined
  }
}

function indexFacets(facets: readonly FacetDefinition[]): Map<string, FacetDefinition> {
  const byName = new Map<string, FacetDefinition>()
  const owner = new Map<string, string>()
  for (const facet of facets) {
    if (!facet.name) throw new LevelSetInvalidError('A facet definition has no name')
    if (byName.has(facet.name)) throw new LevelSetInvalidError(`Facet "${facet.name}" is defined twice`, { facet: facet.name })
    for (const field of facet.fields) {
      if (reservedFields.has(field)) {
        throw new LevelSetInvalidError(`Facet "${facet.name}" claims the reserved field "${field}"`, { facet: facet.name, field })
      }
      const other = owner.get(field)
      // A field owned twice would be deleted by a downgrade of one facet while the other keeps it.
      if (other) throw new LevelSetInvalidError(`Field "${field}" is owned by facets "${other}" and "${facet.name}"`, { facet: facet.name, field })
      owner.set(field, facet.name)
    }
    byName.set(facet.name, { ...facet, fields: [...facet.fields] })
  }
  return byName
}
