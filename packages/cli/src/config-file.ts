import { readFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { dirname, extname, isAbsolute, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { lilconfig } from 'lilconfig'
import { z } from 'zod'
import type { CinelayerConfig } from './cli-config.js'
import { CliConfigError } from './errors.js'

/** Names looked for in the working folder, in this order. */
export const configFileNames = ['cinelayer.config.ts', 'cinelayer.config.mts', 'cinelayer.config.js', 'cinelayer.config.mjs', 'cinelayer.config.json'] as const

/** A loaded configuration and where it came from. */
export interface LoadedConfig {
  /** Absolute path of the file, or `null` when none was found. */
  file: string | null
  config: CinelayerConfig
}

const cron = z.string().min(1).optional()
const job = <T extends z.ZodRawShape>(shape: T) => z.union([z.literal(false), z.strictObject({ cron, ...shape })]).optional()

/** The scheduled jobs (`cinelayer serve` runs them). */
const ScheduleSchema = z.union([
  z.boolean(),
  z.strictObject({
    timezone: z.string().min(1).optional(),
    housekeeping: job({ dryRun: z.boolean().optional() }),
    trending: job({ window: z.enum(['day', 'week']).optional(), count: z.number().int().min(1).max(10_000).optional() }),
    discover: job({}),
    providerRefresh: job({ minLevel: z.string().min(1).optional(), lookbackDays: z.number().positive().max(14).optional() }),
  }),
])

// Only plain settings: a JSON file cannot carry plugins, and must not carry secrets.
const JsonConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  dataDir: z.string().min(1).optional(),
  replayDir: z.string().min(1).optional(),
  data: z.enum(['replay', 'http', 'hybrid']).optional(),
  language: z.string().min(2).optional(),
  fallbackLanguages: z.array(z.string().min(2)).optional(),
  defaultLevel: z.string().min(1).optional(),
  housekeeping: z
    .strictObject({ budgetBytes: z.number().nonnegative().optional(), minFreeBytes: z.union([z.number().nonnegative(), z.literal(false)]).optional() })
    .optional(),
  images: z.strictObject({ download: z.boolean().optional() }).optional(),
  schedule: ScheduleSchema.optional(),
  trace: z.union([z.boolean(), z.strictObject({ maxBytes: z.number().positive().optional(), keep: z.number().int().nonnegative().optional() })]).optional(),
  watch: z.strictObject({ template: z.string().min(1).optional(), incoming: z.string().min(1).optional(), library: z.string().min(1).optional() }).optional(),
  // No token or key here: strict, so a secret written in the file is refused by name.
  tmdb: z.strictObject({ baseURL: z.url().optional(), imageBaseURL: z.url().optional() }).optional(),
})

/**
 * Loads the configuration: the file given, else the first of {@link configFileNames} in `cwd` or,
 * failing that, in the nearest folder above it (up to the home folder), as eslint or prettier find
 * theirs; else an empty configuration. Relative folders in it are resolved from the file's folder.
 * @throws CliConfigError when the file cannot be read, parsed or loaded, or a setting is wrong.
 */
export async function loadConfig(cwd: string, explicit?: string): Promise<LoadedConfig> {
  if (explicit) {
    const file = resolve(cwd, explicit)
    if (!existsSync(file)) throw new CliConfigError(file, 'not found')
    return { file, config: resolvePaths(check(file, await load(file)), dirname(file)) }
  }
  // lilconfig walks up and picks the first name in each folder; loading stays ours (jiti, strict JSON).
  const found = await lilconfig('cinelayer', { searchPlaces: [...configFileNames], loaders: { '.ts': load, '.mts': load, '.js': load, '.mjs': load, '.json': load } }).search(cwd)
  if (!found) return { file: null, config: {} }
  return { file: found.filepath, config: resolvePaths(check(found.filepath, found.config), dirname(found.filepath)) }
}

function load(file: string): Promise<unknown> {
  return extname(file) === '.json' ? readJson(file) : importModule(file)
}

function check(file: string, raw: unknown): CinelayerConfig {
  return extname(file) === '.json' ? checkJson(file, raw) : checkModule(file, raw)
}

async function readJson(file: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new CliConfigError(file, 'cannot be read', error)
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new CliConfigError(file, `is not valid JSON (${(error as Error).message})`, error)
  }
}

function checkJson(file: string, raw: unknown): CinelayerConfig {
  const parsed = JsonConfigSchema.safeParse(raw)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    throw new CliConfigError(file, `has invalid settings (${issues.join('; ')})`, parsed.error)
  }
  const { $schema: _schema, ...config } = parsed.data
  return config as CinelayerConfig
}

async function importModule(file: string): Promise<unknown> {
  try {
    if (/\.[mc]?ts$/.test(file)) {
      // jiti compiles TypeScript on the fly, so a built CLI reads a .ts config without tsx.
      const { createJiti } = await import('jiti')
      const jiti = createJiti(file, { moduleCache: false })
      return await jiti.import(file, { default: true })
    }
    const module = (await import(pathToFileURL(file).href)) as { default?: unknown }
    return module.default ?? module
  } catch (error) {
    throw new CliConfigError(file, `cannot be loaded (${error instanceof Error ? error.message : String(error)})`, error)
  }
}

function checkModule(file: string, raw: unknown): CinelayerConfig {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new CliConfigError(file, 'must export a configuration object as default export')
  const config = raw as CinelayerConfig
  for (const key of ['dataDir', 'replayDir', 'defaultLevel', 'language'] as const) {
    if (config[key] !== undefined && typeof config[key] !== 'string') throw new CliConfigError(file, `${key} must be a string`)
  }
  return config
}

function resolvePaths(config: CinelayerConfig, base: string): CinelayerConfig {
  const at = (path: string | undefined) => (path === undefined || isAbsolute(path) ? path : resolve(base, path))
  const dataDir = at(config.dataDir)
  const replayDir = at(config.replayDir)
  const watch = config.watch && { ...config.watch, ...pathField('incoming', at(config.watch.incoming)), ...pathField('library', at(config.watch.library)) }
  return { ...config, ...(dataDir === undefined ? {} : { dataDir }), ...(replayDir === undefined ? {} : { replayDir }), ...(watch ? { watch } : {}) }
}

function pathField<K extends string>(key: K, path: string | undefined): Partial<Record<K, string>> {
  return (path === undefined ? {} : { [key]: path }) as Partial<Record<K, string>>
}
