/**
 * Every error cinelayer throws is a {@link CinelayerError}: it has a stable `code`
 * (`CINELAYER_ERR_<AREA>_<WHAT>`), a message naming the thing that failed, and the
 * underlying `cause` when there is one. Codes are listed in `docs/errors.md`.
 */
export class CinelayerError extends Error {
  /** Stable machine-readable code, e.g. `CINELAYER_ERR_ID_INVALID`. */
  readonly code: string
  /** Structured context (ids, levels, keys) for logs and UIs. Never holds secrets. */
  readonly details: Readonly<Record<string, unknown>>

  constructor(code: string, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
    this.details = options.details ?? {}
  }
}

/** Codes raised by `@cinelayer/core`, with what each means. Kept in step with docs/errors.md by a test. */
export const coreErrorCodes = {
  CINELAYER_ERR_ID_INVALID: 'An id from outside (movie, person, alias) is not of a known, valid form.',
  CINELAYER_ERR_MOVIE_NOT_FOUND: 'No movie is stored under that id and it cannot be created from it.',
  CINELAYER_ERR_PERSON_NOT_FOUND: 'No person is stored under that id.',
  CINELAYER_ERR_LEVEL_UNKNOWN: 'A level name that the configured level set does not define.',
  CINELAYER_ERR_LEVEL_INVALID: 'A level set that is empty, repeats a level or facet, uses an undeclared facet, or gives a field two owners.',
  CINELAYER_ERR_ENRICHER_INVALID: 'An enricher without a name, a provider, provided facets or enrich(), needing what it provides, or named twice.',
  CINELAYER_ERR_ENRICHMENT_FAILED: 'A provider failed while enriching a movie; the record was left at its previous level.',
  CINELAYER_ERR_ENRICHMENT_BACKOFF: 'A provider failed recently for this movie; it is not asked again before the time the error names.',
  CINELAYER_ERR_EDIT_INVALID: 'A manual edit or lock names a field that cannot be edited, or gives a value its schema refuses.',
  CINELAYER_ERR_EDITS_DOCUMENT_INVALID: 'An edits document (export file) cannot be read or does not have the expected shape; nothing was imported.',
  CINELAYER_ERR_PLAN_UNSATISFIABLE: 'A facet is needed that no registered enricher provides, or enrichers need each other.',
  CINELAYER_ERR_RECORD_INVALID: 'A record does not match its schema.',
  CINELAYER_ERR_SCHEMA_VERSION_UNSUPPORTED: 'A record was written by a newer schema version than this code knows.',
  CINELAYER_ERR_PLUGIN_INVALID: 'A plugin or housekeeping rule definition is malformed, registered twice, or missing a dependency.',
  CINELAYER_ERR_EVENT_INVALID: 'An event of a type the bus does not know, or published in a category its type does not allow.',
  CINELAYER_ERR_ENGINE_CLOSED: 'The engine (or the store) was closed: it refuses every call made after close().',
  CINELAYER_ERR_OPTIONS_INVALID: 'An option of a core component is out of range (a negative flush interval, a half-life that is not positive, an unknown usage weight).',
} as const

/** A code of {@link coreErrorCodes}. */
export type CoreErrorCode = keyof typeof coreErrorCodes

/** An id from outside is malformed: it never becomes a storage key. */
export class InvalidIdError extends CinelayerError {
  constructor(kind: string, id: unknown, reason: string) {
    const shown = describeInput(id)
    super('CINELAYER_ERR_ID_INVALID', `Invalid ${kind} id ${shown}: ${reason}`, {
      details: { kind, id: typeof id === 'string' ? id.slice(0, 80) : shown },
    })
  }
}

// Ids come from outside: any value may arrive (a BigInt or a cyclic object would make
// JSON.stringify throw), and a huge string must not flood logs.
function describeInput(input: unknown): string {
  if (typeof input === 'string') return JSON.stringify(input.length > 80 ? `${input.slice(0, 80)}…` : input)
  if (input === null) return 'null'
  if (Array.isArray(input)) return 'an array'
  return `a value of type ${typeof input}`
}

/** The movie is not stored and cannot be created from the id given. */
export class MovieNotFoundError extends CinelayerError {
  /**
   * @param options.reason replaces the default explanation ("is not in the store")
   * @param options.cause what answered "unknown" (a provider's lookup, say)
   */
  constructor(id: string, options: { reason?: string; cause?: unknown } = {}) {
    super('CINELAYER_ERR_MOVIE_NOT_FOUND', `Movie ${id} ${options.reason ?? 'is not in the store'}`, { cause: options.cause, details: { id } })
  }
}

/** The person is not stored, and cannot be fetched from the id given. */
export class PersonNotFoundError extends CinelayerError {
  /**
   * @param options.reason replaces the default explanation ("is not in the store")
   * @param options.cause what answered "unknown" (a provider's lookup, say)
   */
  constructor(id: string, options: { reason?: string; cause?: unknown } = {}) {
    super('CINELAYER_ERR_PERSON_NOT_FOUND', `Person ${id} ${options.reason ?? 'is not in the store'}`, { cause: options.cause, details: { id } })
  }
}

/** A level name that the level set does not define. */
export class UnknownLevelError extends CinelayerError {
  constructor(level: string, known: readonly string[]) {
    super('CINELAYER_ERR_LEVEL_UNKNOWN', `Unknown level "${level}" (known: ${known.join(', ')})`, { details: { level, known } })
  }
}

/** A record that does not match its schema, with the zod error as cause. */
export class RecordInvalidError extends CinelayerError {
  constructor(kind: string, key: string, cause: unknown) {
    const summary = cause instanceof Error ? cause.message : String(cause)
    super('CINELAYER_ERR_RECORD_INVALID', `${kind} record ${key} does not match its schema: ${summary}`, { cause, details: { kind, key } })
  }
}

/** A record from a newer schema version: refused rather than mangled. */
export class SchemaVersionError extends CinelayerError {
  constructor(kind: string, key: string, found: number, supported: number) {
    super(
      'CINELAYER_ERR_SCHEMA_VERSION_UNSUPPORTED',
      `${kind} record ${key} has schema version ${found}; this version of cinelayer reads up to ${supported}`,
      { details: { kind, key, found, supported } },
    )
  }
}

/** A provider failed during enrichment; the movie stayed at `level`. */
export class EnrichmentFailedError extends CinelayerError {
  constructor(movieId: string, target: string, level: string, enricher: string, facets: readonly string[], cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause)
    super(
      'CINELAYER_ERR_ENRICHMENT_FAILED',
      `Enriching ${movieId} to "${target}" failed in ${enricher} (facets ${facets.join(', ')}): ${why}; the movie stays at "${level}"`,
      { cause, details: { movieId, target, level, enricher, facets } },
    )
  }
}

/** What an {@link EnrichmentBackoffError} says about the failures behind it. */
export interface BackoffState {
  provider: string
  /** Consecutive failures of the provider for this movie since it last answered. */
  failures: number
  /** When the last failure happened (ISO). */
  lastFailureAt: string
  /** When the provider may be asked again (ISO). */
  retryAt: string
}

/**
 * A provider failed recently for this movie and its backoff has not ended: the request is refused
 * at once, without asking the provider. The `cause` is the last recorded failure.
 */
export class EnrichmentBackoffError extends CinelayerError {
  /** When the provider may be asked again, ms since the epoch. */
  readonly retryAt: number

  constructor(movieId: string, target: string, level: string, state: BackoffState, lastError: { code: string; message: string }) {
    super(
      'CINELAYER_ERR_ENRICHMENT_BACKOFF',
      `Enriching ${movieId} to "${target}" waits until ${state.retryAt}: ${state.provider} failed ${state.failures} time(s), last at ${state.lastFailureAt} (${lastError.message}); the movie stays at "${level}"`,
      { cause: new CinelayerError(lastError.code, lastError.message), details: { movieId, target, level, ...state } },
    )
    this.retryAt = Date.parse(state.retryAt)
  }
}

/** A manual edit or lock that cannot be applied: the field is not editable or the value is refused by the schema. */
export class EditInvalidError extends CinelayerError {
  constructor(movieId: string, fields: readonly string[], reason: string, cause?: unknown) {
    super('CINELAYER_ERR_EDIT_INVALID', `Edit of ${movieId} (${fields.join(', ') || 'no field'}) refused: ${reason}`, {
      cause,
      details: { movieId, fields: [...fields] },
    })
  }
}

/** An edits document that cannot be imported: unreadable, not JSON, or not of the expected shape. Nothing was changed. */
export class EditsDocumentInvalidError extends CinelayerError {
  /** One line per problem found (`movies.0.fields.title.locked: expected boolean`). */
  readonly problems: readonly string[]

  constructor(source: string, problems: readonly string[], cause?: unknown) {
    const shown = problems.slice(0, 5).join('; ') + (problems.length > 5 ? `; and ${problems.length - 5} more` : '')
    super('CINELAYER_ERR_EDITS_DOCUMENT_INVALID', `Edits document ${source} cannot be imported, nothing was changed: ${shown}`, {
      cause,
      details: { source, problems: [...problems] },
    })
    this.problems = [...problems]
  }
}

/** A level set that cannot work: empty, duplicate names, unknown facets, or facets owning reserved fields. */
export class LevelSetInvalidError extends CinelayerError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('CINELAYER_ERR_LEVEL_INVALID', message, { details })
  }
}

/** An enricher definition that cannot be run. */
export class EnricherInvalidError extends CinelayerError {
  constructor(name: string, message: string) {
    super('CINELAYER_ERR_ENRICHER_INVALID', message, { details: { enricher: name } })
  }
}

/** A target level needs a facet that no registered enricher provides, or enrichers need each other. */
export class PlanUnsatisfiableError extends CinelayerError {
  constructor(movieId: string, target: string, message: string, details: Record<string, unknown> = {}) {
    super('CINELAYER_ERR_PLAN_UNSATISFIABLE', message, { details: { movieId, target, ...details } })
  }
}

/** A plugin or housekeeping rule definition that cannot be registered. */
export class PluginInvalidError extends CinelayerError {
  constructor(plugin: string, message: string) {
    super('CINELAYER_ERR_PLUGIN_INVALID', message, { details: { plugin } })
  }
}

/** An event the bus refuses: unknown type, or a category its type does not allow. */
export class EventInvalidError extends CinelayerError {
  constructor(type: string, message: string, details: Record<string, unknown> = {}) {
    super('CINELAYER_ERR_EVENT_INVALID', message, { details: { type, ...details } })
  }
}

/** An option of a core component (the stats tracker, a timer) that cannot work. */
export class OptionsInvalidError extends CinelayerError {
  /** @param option the option's name, e.g. `flushIntervalMs`. */
  constructor(option: string, problem: string) {
    super('CINELAYER_ERR_OPTIONS_INVALID', `Invalid option ${option}: ${problem}`, { details: { option } })
  }
}

/** A call made after the engine (or its store) was closed. */
export class EngineClosedError extends CinelayerError {
  /** @param what what was called, when known (`movies.get`). */
  constructor(what?: string) {
    super('CINELAYER_ERR_ENGINE_CLOSED', `The engine is closed${what ? `: ${what} was called after close()` : ''}; create a new engine to go on`, {
      details: what ? { call: what } : {},
    })
  }
}
