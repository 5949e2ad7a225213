import { CinelayerError } from '@cinelayer/core'

/**
 * Codes raised by `@cinelayer/housekeeping`, with what each means. The table in this package's
 * README is kept in step by a test.
 */
export const housekeepingErrorCodes = {
  CINELAYER_ERR_HOUSEKEEPING_RULE_FAILED: 'A rule threw while evaluating a movie; the movie is left alone and the plan reports it.',
  CINELAYER_ERR_HOUSEKEEPING_VERDICT_INVALID: 'A rule returned a malformed verdict (no reason, a non-finite weight); the movie is left alone.',
  CINELAYER_ERR_HOUSEKEEPING_LEVEL_UNKNOWN: 'A verdict, a planned change or a stored movie names a level the level set does not define.',
  CINELAYER_ERR_HOUSEKEEPING_OPTIONS_INVALID: 'Housekeeper or rule options are out of range or inconsistent (negative days, duplicate rule names).',
  CINELAYER_ERR_HOUSEKEEPING_READ_FAILED: 'Reading the stores failed: the movie is left alone, or no plan is made when listing failed.',
  CINELAYER_ERR_HOUSEKEEPING_WRITE_FAILED: 'Writing a downgraded movie failed; the stored record is unchanged.',
  CINELAYER_ERR_HOUSEKEEPING_IMAGES_FAILED: 'Removing stored image files of a movie failed; its record is unchanged.',
  CINELAYER_ERR_HOUSEKEEPING_SCHEDULE_INVALID: 'A scheduled job has an invalid cron expression or time zone, no run function, or a name already taken.',
  CINELAYER_ERR_HOUSEKEEPING_JOB_UNKNOWN: 'A job was asked to run by a name the scheduler does not know.',
  CINELAYER_ERR_HOUSEKEEPING_JOB_FAILED: 'A scheduled job threw; its run is reported as failed and the next run happens as scheduled.',
} as const

/** A code of {@link housekeepingErrorCodes}. */
export type HousekeepingErrorCode = keyof typeof housekeepingErrorCodes

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause)
}

/** A rule threw while evaluating a movie. */
export class RuleFailedError extends CinelayerError {
  constructor(rule: string, movieId: string, cause: unknown) {
    super('CINELAYER_ERR_HOUSEKEEPING_RULE_FAILED', `Housekeeping rule "${rule}" failed on ${movieId}: ${messageOf(cause)}`, {
      cause,
      details: { rule, movieId },
    })
  }
}

/** A rule returned something that is not a verdict. */
export class RuleVerdictInvalidError extends CinelayerError {
  constructor(rule: string, movieId: string, problem: string) {
    super('CINELAYER_ERR_HOUSEKEEPING_VERDICT_INVALID', `Housekeeping rule "${rule}" returned an invalid verdict for ${movieId}: ${problem}`, {
      details: { rule, movieId },
    })
  }
}

/** A level name the housekeeper's level set does not define. */
export class HousekeepingLevelUnknownError extends CinelayerError {
  /**
   * @param where what named the level, e.g. `Rule "not-read-for" on tmdb:603` or `Movie tmdb:603`.
   * @param rule the rule whose verdict named it, if a rule did.
   */
  constructor(where: string, level: string, known: readonly string[], rule?: string) {
    super('CINELAYER_ERR_HOUSEKEEPING_LEVEL_UNKNOWN', `${where} names unknown level "${level}" (known: ${known.join(', ')})`, {
      details: { level, known, ...(rule === undefined ? {} : { rule }) },
    })
  }
}

/** Options of the housekeeper or of a rule are invalid. */
export class HousekeepingOptionsError extends CinelayerError {
  constructor(what: string, problem: string) {
    super('CINELAYER_ERR_HOUSEKEEPING_OPTIONS_INVALID', `Invalid housekeeping option ${what}: ${problem}`, { details: { option: what } })
  }
}

/** A store read failed. */
export class HousekeepingReadError extends CinelayerError {
  /** @param what what was read, e.g. `movie tmdb:603` or `the movie list`. */
  constructor(what: string, cause: unknown) {
    super('CINELAYER_ERR_HOUSEKEEPING_READ_FAILED', `Housekeeping could not read ${what}: ${messageOf(cause)}`, { cause, details: { what } })
  }
}

/** Writing a downgraded movie failed. */
export class HousekeepingWriteError extends CinelayerError {
  constructor(movieId: string, level: string, cause: unknown) {
    super('CINELAYER_ERR_HOUSEKEEPING_WRITE_FAILED', `Housekeeping could not write ${movieId} downgraded to "${level}": ${messageOf(cause)}`, {
      cause,
      details: { movieId, level },
    })
  }
}

/** Removing stored image files failed. */
export class HousekeepingImagesError extends CinelayerError {
  constructor(movieId: string, sizes: readonly string[], cause: unknown) {
    super('CINELAYER_ERR_HOUSEKEEPING_IMAGES_FAILED', `Housekeeping could not remove the ${sizes.join(', ')} images of ${movieId}: ${messageOf(cause)}`, {
      cause,
      details: { movieId, sizes: [...sizes] },
    })
  }
}

/** A scheduled job that cannot be scheduled. */
export class ScheduleInvalidError extends CinelayerError {
  constructor(job: string, problem: string, cause?: unknown) {
    super('CINELAYER_ERR_HOUSEKEEPING_SCHEDULE_INVALID', `Scheduled job "${job}" ${problem}`, { cause, details: { job } })
  }
}

/** A job name the scheduler does not know. */
export class JobUnknownError extends CinelayerError {
  constructor(job: string, known: readonly string[]) {
    super('CINELAYER_ERR_HOUSEKEEPING_JOB_UNKNOWN', `No scheduled job is named "${job}" (known: ${known.join(', ') || 'none'})`, { details: { job, known: [...known] } })
  }
}

/** A scheduled job threw something that is not a coded error. */
export class JobFailedError extends CinelayerError {
  constructor(job: string, cause: unknown) {
    super('CINELAYER_ERR_HOUSEKEEPING_JOB_FAILED', `Scheduled job "${job}" failed: ${messageOf(cause)}`, { cause, details: { job } })
  }
}

/** Runs a store read, turning its failure into a {@link HousekeepingReadError} about `what`. */
export async function readOrThrow<T>(what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read()
  } catch (error) {
    throw new HousekeepingReadError(what, error)
  }
}

/** A failure as plans and reports carry it: plain data, so that they serialize to JSON. */
export interface FailureRecord {
  movieId: string
  code: string
  message: string
  /** The rule that failed, when a rule did. */
  rule?: string
}

/** Turns a coded error about one movie into a {@link FailureRecord}. */
export function failureRecord(movieId: string, error: CinelayerError): FailureRecord {
  const rule = error.details.rule
  return { movieId, code: error.code, message: error.message, ...(typeof rule === 'string' ? { rule } : {}) }
}
