import { resolve } from 'node:path'
import { type MovieEngine, type MovieEngineOptions, createMovieEngine, storeIn } from 'cinelayer'
import type { CliIo } from './cli-io.js'
import type { CinelayerConfig } from './cli-config.js'
import { loadConfig } from './config-file.js'
import { Output, type OutputMode } from './output.js'

/** The global options, as commander parses them. */
export interface GlobalOptions {
  data?: string
  replay?: string
  config?: string
  json?: boolean
  quiet?: boolean
  debug?: boolean
  progress?: boolean
}

/**
 * Engine options of commands that only read: an fs data folder is opened without its writer lock,
 * so that they work beside an engine (a `watch`, a server) that holds it. A SQLite folder needs
 * nothing: several processes share it, reading and writing.
 */
export const READ_ONLY: Partial<MovieEngineOptions> = { readOnly: true }

/** Default data folder, relative to the working folder. */
export const DEFAULT_DATA_DIR = '.cinelayer'

/** What every command works with: where the data is, how to print, and how to open an engine. */
export class CliContext {
  private constructor(
    readonly io: CliIo,
    readonly out: Output,
    readonly options: GlobalOptions,
    readonly config: CinelayerConfig,
    /** The configuration file used, if any. */
    readonly configFile: string | null,
    /** Absolute path of the data folder. */
    readonly dataDir: string,
  ) {}

  /** Reads the configuration and settles the data folder (`--data` > config > default). */
  static async create(io: CliIo, options: GlobalOptions, mode: OutputMode): Promise<CliContext> {
    const out = new Output(io, mode)
    const loaded = await loadConfig(io.cwd, options.config)
    const dataDir = options.data ? resolve(io.cwd, options.data) : (loaded.config.dataDir ?? resolve(io.cwd, DEFAULT_DATA_DIR))
    return new CliContext(io, out, options, loaded.config, loaded.file, dataDir)
  }

  /** Replay folder in force: `--replay` > config; `undefined` lets the engine choose. */
  get replayDir(): string | undefined {
    return this.options.replay ? resolve(this.io.cwd, this.options.replay) : this.config.replayDir
  }

  /** Whether the progress bar is drawn: on a terminal, or forced by `--progress`; never with `--json` or `--quiet`. */
  get showProgress(): boolean {
    if (this.out.mode.json || this.out.mode.quiet) return false
    return this.options.progress === true || this.io.stderr.isTTY === true
  }

  /** The engine options this invocation stands for. */
  engineOptions(extra: Partial<MovieEngineOptions> = {}): MovieEngineOptions {
    // The scheduled jobs run in `serve` only (it passes them in `extra`), never under a one-off command.
    const { watch: _watch, dataDir: _dataDir, replayDir: _replayDir, schedule: _schedule, ...engine } = this.config
    const replayDir = this.replayDir
    // Secrets come from the io's environment only (a program running runCli may pass its own).
    const token = this.io.env.TMDB_TOKEN
    const omdbKey = this.io.env.OMDB_API_KEY
    return {
      ...engine,
      dataDir: this.dataDir,
      ...(this.options.replay || (replayDir && engine.data === undefined) ? { data: 'replay' as const } : {}),
      ...(replayDir ? { replayDir } : {}),
      // Merged into the configured section: a token from the environment keeps the configured baseURL.
      ...(token ? { tmdb: { ...engine.tmdb, token } } : {}),
      ...(omdbKey && engine.imdb !== false ? { imdb: { ...engine.imdb, apiKey: omdbKey } } : {}),
      ...extra,
    }
  }

  /** Opens an engine on the data folder, runs `work`, and always closes the engine. */
  async withEngine<T>(work: (engine: MovieEngine) => Promise<T>, extra: Partial<MovieEngineOptions> = {}): Promise<T> {
    const { readOnly, ...rest } = extra
    // Read-only matters where the folder has one writer (fs); SQLite is shared as it is; a command
    // that only reads a folder holding nothing yet creates nothing in it.
    const store = readOnly ? storeIn(this.dataDir) : undefined
    const options = store === 'fs' ? extra : readOnly && store === null ? { ...rest, storage: 'memory' as const } : rest
    const engine = createMovieEngine(this.engineOptions(options))
    try {
      return await work(engine)
    } finally {
      await engine.close()
    }
  }
}
