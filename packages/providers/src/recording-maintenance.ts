import { readFile, readdir, rm, stat } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { answerProblem } from './answer-checks.js'
import { type DataRequest, requestKey } from './data-provider.js'
import { ProviderInputError } from './errors.js'
import { DEFAULT_MAX_RECORDED_BODY_BYTES } from './recording-provider.js'
import { ReplayEntrySchema } from './replay-entry.js'
import { describeIssues } from './zod-issues.js'

/** One recording a maintenance pass removed (or would remove, in a dry run). */
export interface RecordingRemoval {
  /** Path of the file, relative to the recordings folder. */
  file: string
  /** The request key it answers, when the file could be read. */
  key?: string
  /** Why it goes. */
  reason: string
}

/** What {@link pruneRecordings} or {@link removeRecordings} did. */
export interface RecordingsReport {
  /** The recordings folder. */
  dir: string
  /** Files looked at. */
  examined: number
  /** Files removed (or that would be, with `dryRun`). */
  removed: RecordingRemoval[]
  /** Whether nothing was deleted. */
  dryRun: boolean
}

/** Options of {@link pruneRecordings}. */
export interface PruneRecordingsOptions {
  /** Report what would go, delete nothing. Default `false`. */
  dryRun?: boolean
  /** Largest body kept, as when recording. Default 16 MiB. */
  maxBodyBytes?: number
}

/** Recorded statuses: an answer, or "this does not exist" (404/410, replayed as that error). */
const keptStatuses = new Set([200, 404, 410])

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []
    throw error
  })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
}

async function readEntry(file: string) {
  const parsed = ReplayEntrySchema.safeParse(JSON.parse(await readFile(file, 'utf8')))
  if (!parsed.success) throw new Error(`not a replay entry (${describeIssues(parsed.error)})`)
  return parsed.data
}

/** Why a recording should go, or `undefined` to keep it. */
async function problemOf(file: string, maxBodyBytes: number): Promise<{ key?: string; reason: string } | undefined> {
  // A temporary file left by a recording cut short (the process killed between write and rename).
  if (file.endsWith('.tmp')) return { reason: 'a half-written temporary file' }
  if (!file.endsWith('.json')) return undefined
  let entry
  try {
    entry = await readEntry(file)
  } catch (error) {
    return { reason: `unreadable: ${error instanceof Error ? error.message : String(error)}` }
  }
  const request = entry.request as DataRequest
  const key = requestKey(request)
  const { status, body, bodyBase64 } = entry.response
  if (!keptStatuses.has(status)) return { key, reason: `status ${status} is a refusal or an outage, not an answer` }
  if (status !== 200) return undefined
  const bytes = bodyBase64 !== undefined ? Buffer.byteLength(bodyBase64, 'base64') : (await stat(file)).size
  if (bytes > maxBodyBytes) return { key, reason: `${bytes} bytes, over ${maxBodyBytes}` }
  const answer = bodyBase64 !== undefined ? new Uint8Array(Buffer.from(bodyBase64, 'base64')).buffer : body
  const problem = answerProblem(request, answer)
  return problem ? { key, reason: problem } : undefined
}

/**
 * Removes the recordings that should never have been kept: bodies of the wrong shape, answers about
 * another movie, refusals (an invalid key, a request limit), error statuses other than 404/410,
 * bodies over `maxBodyBytes`, unreadable files and half-written temporary files. What was recorded
 * by an older version, or by hand, is checked as a fresh answer would be.
 */
export async function pruneRecordings(dir: string, options: PruneRecordingsOptions = {}): Promise<RecordingsReport> {
  const root = resolve(dir)
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_RECORDED_BODY_BYTES
  if (!(maxBodyBytes > 0)) throw new ProviderInputError('maxBodyBytes', options.maxBodyBytes, 'expected a positive number of bytes')
  const files = await listFiles(root)
  const removed: RecordingRemoval[] = []
  for (const file of files) {
    const problem = await problemOf(file, maxBodyBytes)
    if (!problem) continue
    removed.push({ file: relative(root, file), ...problem })
    if (!options.dryRun) await rm(file, { force: true })
  }
  return { dir: root, examined: files.length, removed, dryRun: options.dryRun === true }
}

/** What a movie id or a file names among recordings. */
function matcherOf(root: string, target: string): (file: string, request: DataRequest | undefined) => boolean {
  const movie = /^tmdb:([1-9]\d{0,9})$/.exec(target)
  if (movie) return (_file, request) => request?.source === 'tmdb' && request.path === `/3/movie/${movie[1]}`
  const imdb = /^imdb:(tt\d{7,10})$/.exec(target)
  if (imdb) {
    return (_file, request) =>
      (request?.source === 'omdb' && String(request.query?.i) === imdb[1]) || (request?.source === 'tmdb' && request.path === `/3/find/${imdb[1]}`)
  }
  const wikidata = /^wikidata:(Q[1-9]\d{0,11})$/.exec(target)
  if (wikidata) return (_file, request) => request?.source === 'wikidata' && String(request.query?.ids) === wikidata[1]
  const path = resolve(root, target)
  if (path !== root && !path.startsWith(`${root}${sep}`)) {
    throw new ProviderInputError('recording', target, `expected a movie id (tmdb:603, imdb:tt0133093, wikidata:Q83495) or a file inside ${root}`)
  }
  return (file) => file === path
}

/**
 * Removes the recordings a list of targets names: a movie id (`tmdb:603` its TMDB answers,
 * `imdb:tt0133093` its OMDb answer and TMDB lookup, `wikidata:Q83495` its sitelinks) or a file of
 * the folder (relative to it, or absolute inside it). The next request for them goes live again.
 * @throws ProviderInputError for a target that is neither (a path outside the folder included).
 */
export async function removeRecordings(dir: string, targets: readonly string[], options: { dryRun?: boolean } = {}): Promise<RecordingsReport> {
  const root = resolve(dir)
  const matchers = targets.map((target) => matcherOf(root, isAbsolute(target) ? target : target.trim()))
  const files = await listFiles(root)
  const removed: RecordingRemoval[] = []
  for (const file of files) {
    const entry = file.endsWith('.json') ? await readEntry(file).catch(() => undefined) : undefined
    const request = entry?.request as DataRequest | undefined
    if (!matchers.some((matches) => matches(file, request))) continue
    removed.push({ file: relative(root, file), ...(request ? { key: requestKey(request) } : {}), reason: 'asked for' })
    if (!options.dryRun) await rm(file, { force: true })
  }
  return { dir: root, examined: files.length, removed, dryRun: options.dryRun === true }
}
