import { CinelayerError } from 'cinelayer'

/** Codes raised by `@cinelayer/cli`, with what each means. Kept in step with docs/errors.md by a test. */
export const cliErrorCodes = {
  CINELAYER_ERR_CLI_USAGE: 'A command was given arguments or options it cannot use: missing, unknown, malformed or in conflict (exit code 2).',
  CINELAYER_ERR_CLI_CONFIG_INVALID: 'cinelayer.config.json or cinelayer.config.ts cannot be read or loaded, or a setting in it has the wrong type.',
  CINELAYER_ERR_CLI_FILE: 'A file named on the command line (edits, a video) cannot be read or written.',
  CINELAYER_ERR_CLI_RESET_UNCONFIRMED: 'reset was run without --yes; nothing was removed (exit code 2).',
  CINELAYER_ERR_CLI_RESET_REFUSED: 'The folder given to reset holds files cinelayer did not write; nothing was removed.',
  CINELAYER_ERR_CLI_TRANSFER_REFUSED: 'export or import was pointed at a folder it cannot use (the data folder itself, a folder already holding a catalog, one holding none); nothing was copied.',
  CINELAYER_ERR_CLI_ITEMS_FAILED: 'Some items of a bulk command (enrich, downgrade, edits import) failed; the others were done and each failure is listed.',
  CINELAYER_ERR_CLI_VALIDATION_FAILED: 'validate found problems in the data folder that are still there (not fixed, or not fixable).',
  CINELAYER_ERR_CLI_RESOLVE_REFUSED: 'resolve was given a file that is no movie of the catalog, or whose movie is matched already; nothing was changed.',
  CINELAYER_ERR_CLI_DATASET_INVALID: 'import was given a dataset file it cannot read (not JSON, JSONL or text, too large, no item), or --retry-failed with no failed item kept for it; nothing was imported.',
  CINELAYER_ERR_CLI_UNEXPECTED: 'An error that is not one of cinelayer\'s coded errors (a bug or a system error); --debug prints its stack.',
} as const

/** A code of {@link cliErrorCodes}. */
export type CliErrorCode = keyof typeof cliErrorCodes

/** Bad arguments or options: the command's usage is printed and the exit code is 2. */
export class CliUsageError extends CinelayerError {
  constructor(command: string, message: string, details: Record<string, unknown> = {}) {
    super('CINELAYER_ERR_CLI_USAGE', `${command}: ${message}`, { details: { command, ...details } })
  }
}

/** A configuration file that cannot be used. */
export class CliConfigError extends CinelayerError {
  constructor(file: string, reason: string, cause?: unknown) {
    super('CINELAYER_ERR_CLI_CONFIG_INVALID', `Configuration file ${file}: ${reason}`, { cause, details: { file } })
  }
}

/** A file named on the command line that cannot be read or written. */
export class CliFileError extends CinelayerError {
  constructor(file: string, action: 'read' | 'write' | 'find', cause?: unknown) {
    const code = cause && typeof cause === 'object' && 'code' in cause ? ` (${String(cause.code)})` : ''
    super('CINELAYER_ERR_CLI_FILE', `Cannot ${action} file ${file}${code}`, { cause, details: { file, action } })
  }
}

/** `reset` without `--yes`. */
export class ResetUnconfirmedError extends CinelayerError {
  constructor(folder: string) {
    super('CINELAYER_ERR_CLI_RESET_UNCONFIRMED', `reset would empty the data folder ${folder}; run it again with --yes to confirm`, {
      details: { folder },
    })
  }
}

/** `reset` on a folder that holds more than cinelayer's own files. */
export class ResetRefusedError extends CinelayerError {
  constructor(folder: string, foreign: readonly string[]) {
    const shown = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? `, … (${foreign.length} in all)` : '')
    super('CINELAYER_ERR_CLI_RESET_REFUSED', `Folder ${folder} holds entries cinelayer did not write (${shown}); nothing was removed`, {
      details: { folder, foreign: foreign.slice(0, 20) },
    })
  }
}

/** Some items of a bulk command failed (each is listed in the command's output). */
export class ItemsFailedError extends CinelayerError {
  constructor(command: string, failed: number, total: number) {
    super('CINELAYER_ERR_CLI_ITEMS_FAILED', `${command}: ${failed} of ${total} item${total === 1 ? '' : 's'} failed`, { details: { command, failed, total } })
  }
}

/** `validate` left problems in the data folder. */
export class ValidationFailedError extends CinelayerError {
  constructor(folder: string, remaining: number) {
    super('CINELAYER_ERR_CLI_VALIDATION_FAILED', `validate: ${remaining} problem${remaining === 1 ? '' : 's'} left in ${folder}`, {
      details: { folder, remaining },
    })
  }
}

/** An export or import whose folder cannot be used. */
export class TransferRefusedError extends CinelayerError {
  constructor(folder: string, reason: string) {
    super('CINELAYER_ERR_CLI_TRANSFER_REFUSED', `Cannot use ${folder}: ${reason}; nothing was copied`, { details: { folder } })
  }
}

/** `resolve` on a file that is not an unmatched movie of the catalog. */
export class ResolveRefusedError extends CinelayerError {
  constructor(file: string, reason: string) {
    super('CINELAYER_ERR_CLI_RESOLVE_REFUSED', `Cannot resolve ${file}: ${reason}; nothing was changed`, { details: { file } })
  }
}

/** A dataset file `import` cannot use. */
export class DatasetInvalidError extends CinelayerError {
  constructor(file: string, reason: string, cause?: unknown) {
    super('CINELAYER_ERR_CLI_DATASET_INVALID', `Dataset ${file}: ${reason}; nothing was imported`, { cause, details: { file } })
  }
}
