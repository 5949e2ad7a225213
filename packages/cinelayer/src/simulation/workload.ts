import { type SeededRandom, seededRandom } from '@cinelayer/providers/testing'
import { WorkloadInvalidError } from '../errors.js'

const DAY = 24 * 60 * 60 * 1000

/**
 * The shape of a simulated year:
 * - `zipf-drift`: users ask for movies by a Zipf law over the catalog whose ranking drifts (new
 *   favourites, forgotten ones);
 * - `scan`: the same, and on one day a library rescan or bulk import touches every movie once at
 *   `basic` (requests of origin `scan`, which nobody waits on);
 * - `burst`: the same, and from one day a new release (TMDB id `movies + 1`, not in the catalog
 *   before) takes a share of every request for a week, then is forgotten.
 */
export type WorkloadKind = 'zipf-drift' | 'scan' | 'burst'

/** A level a simulated user asks for. */
export type WorkloadLevel = 'basic' | 'medium' | 'deep'

/** The share of requests asking each level; the three add up to 1. */
export interface LevelMix {
  basic: number
  medium: number
  deep: number
}

/** What a UI asks: 70% `basic` (a list or a page), 20% `medium` (the cast tab), 10% `deep`. */
export const DEFAULT_LEVEL_MIX: Readonly<LevelMix> = Object.freeze({ basic: 0.7, medium: 0.2, deep: 0.1 })

/** Options of {@link createWorkload}. */
export interface WorkloadOptions {
  /** Catalog size: the movies are TMDB ids `1` to `movies`. */
  movies: number
  /** Days simulated. */
  days: number
  /** User requests a day, spread evenly over the day. */
  requestsPerDay: number
  /** Seed: the same options and seed give the very same requests. Default `1`. */
  seed?: number | string
  /** Default `'zipf-drift'`. */
  kind?: WorkloadKind
  /** Default {@link DEFAULT_LEVEL_MIX}. */
  levelMix?: LevelMix
  /** Exponent `s` of the Zipf law (the movie of rank `r` is asked in proportion to `1 / r^s`). Default `1`. */
  zipfExponent?: number
  /** The ranking drifts every this many days. Default `30`. */
  driftEveryDays?: number
  /** At each drift, this share of the catalog trades places with random others. Default `0.2`. */
  driftShare?: number
  /** Share of requests followed by a view (`MovieViewed`). Default `0.5`. */
  viewedShare?: number
  /** Share of requests followed by a playback (`PlaybackStarted`). Default `0.05`. */
  playedShare?: number
  /** Day of the rescan (`scan`) or first day of the release (`burst`). Default: the middle day. */
  eventDay?: number
  /** `burst`: days the release is opened. Default `7`. */
  burstDays?: number
  /** `burst`: share of the user requests of those days that go to the release. Default `0.3`. */
  burstShare?: number
}

/** One simulated request: ask `tmdb:<tmdb>` at `level`, then maybe view and play it. */
export interface WorkloadRequest {
  /** Day of the request, from 0. */
  day: number
  /** Milliseconds since the start of the simulation (non-decreasing along the workload). */
  at: number
  /** TMDB id of the movie asked for. */
  tmdb: number
  level: WorkloadLevel
  /** Followed by a `MovieViewed` event. */
  viewed: boolean
  /** Followed by a `PlaybackStarted` event. */
  played: boolean
  /** `user`: someone waits for the answer; `scan`: a library rescan or bulk import does. */
  origin: 'user' | 'scan'
}

type Settings = Required<WorkloadOptions> & { seed: number | string }

/**
 * The requests of a simulated stretch of use, in time order, computed as they are iterated (a
 * long simulation need not hold them all). Deterministic: the same options give the same
 * sequence, and the three kinds share the same underlying user requests for one seed.
 *
 * ```ts
 * for (const request of generateWorkload({ movies: 3000, days: 180, requestsPerDay: 100, seed: 7 })) {
 *   await engine.movies.get(`tmdb:${request.tmdb}`, { level: request.level })
 * }
 * ```
 * @throws {@link WorkloadInvalidError} `CINELAYER_ERR_WORKLOAD_INVALID` when an option is out of range.
 */
export function* generateWorkload(options: WorkloadOptions): Generator<WorkloadRequest, void, undefined> {
  const settings = settle(options)
  const random = seededRandom(settings.seed)
  const burst = seededRandom(`${settings.seed}:burst`)
  const popularity = zipfPopularity(settings, random)
  const step = DAY / Math.max(1, settings.requestsPerDay)
  for (let day = 0; day < settings.days; day++) {
    if (day > 0 && day % settings.driftEveryDays === 0) popularity.drift()
    const scan = settings.kind === 'scan' && day === settings.eventDay ? scanRequests(settings, day) : []
    let next = 0
    for (let index = 0; index < settings.requestsPerDay; index++) {
      const at = day * DAY + (index + 1) * step
      while (next < scan.length && scan[next]!.at <= at) yield scan[next++]!
      const request = userRequest(settings, random, day, at, popularity.pick())
      if (inBurst(settings, day) && burst.next() < settings.burstShare) request.tmdb = settings.movies + 1
      yield request
    }
    while (next < scan.length) yield scan[next++]!
  }
}

/** The requests of {@link generateWorkload}, as an array. */
export function createWorkload(options: WorkloadOptions): WorkloadRequest[] {
  return [...generateWorkload(options)]
}

function userRequest(settings: Settings, random: SeededRandom, day: number, at: number, tmdb: number): WorkloadRequest {
  const roll = random.next()
  const { basic, medium } = settings.levelMix
  const level: WorkloadLevel = roll < basic ? 'basic' : roll < basic + medium ? 'medium' : 'deep'
  return { day, at, tmdb, level, viewed: random.next() < settings.viewedShare, played: random.next() < settings.playedShare, origin: 'user' }
}

/** Every movie of the catalog once at `basic`, in id order, spread over the day. */
function scanRequests(settings: Settings, day: number): WorkloadRequest[] {
  const step = DAY / settings.movies
  return Array.from({ length: settings.movies }, (_, index) => ({
    day,
    at: day * DAY + index * step,
    tmdb: index + 1,
    level: 'basic' as const,
    viewed: false,
    played: false,
    origin: 'scan' as const,
  }))
}

function inBurst(settings: Settings, day: number): boolean {
  return settings.kind === 'burst' && day >= settings.eventDay && day < settings.eventDay + settings.burstDays
}

/** A Zipf law over a shuffled ranking of the catalog, drawn by binary search over the cumulative weights. */
function zipfPopularity(settings: Settings, random: SeededRandom): { pick(): number; drift(): void } {
  const count = settings.movies
  const ranking = Array.from({ length: count }, (_, index) => index + 1)
  for (let index = count - 1; index > 0; index--) swap(ranking, index, Math.floor(random.next() * (index + 1)))
  const cumulative: number[] = []
  let total = 0
  for (let rank = 1; rank <= count; rank++) cumulative.push((total += 1 / rank ** settings.zipfExponent))
  return {
    pick() {
      const target = random.next() * total
      let low = 0
      let high = count - 1
      while (low < high) {
        const middle = (low + high) >> 1
        if (cumulative[middle]! < target) low = middle + 1
        else high = middle
      }
      return ranking[low]!
    },
    drift() {
      const swaps = Math.round(count * settings.driftShare)
      for (let index = 0; index < swaps; index++) swap(ranking, Math.floor(random.next() * count), Math.floor(random.next() * count))
    },
  }
}

function swap(items: number[], a: number, b: number): void {
  const kept = items[a]!
  items[a] = items[b]!
  items[b] = kept
}

function settle(options: WorkloadOptions): Settings {
  const days = options.days
  const settings: Settings = {
    seed: 1,
    kind: 'zipf-drift',
    levelMix: { ...DEFAULT_LEVEL_MIX },
    zipfExponent: 1,
    driftEveryDays: 30,
    driftShare: 0.2,
    viewedShare: 0.5,
    playedShare: 0.05,
    eventDay: Math.floor(days / 2),
    burstDays: 7,
    burstShare: 0.3,
    ...withoutUndefined(options),
    movies: options.movies,
    days,
    requestsPerDay: options.requestsPerDay,
  }
  check(settings)
  return settings
}

function withoutUndefined(options: WorkloadOptions): Partial<WorkloadOptions> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined))
}

function check(settings: Settings): void {
  const count = (name: keyof Settings, minimum: number) => {
    const value = settings[name]
    if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) throw new WorkloadInvalidError(name, value, `an integer of at least ${minimum}`)
  }
  const share = (name: string, value: unknown) => {
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new WorkloadInvalidError(name, value, 'a number from 0 to 1')
  }
  count('movies', 1)
  count('days', 0)
  count('requestsPerDay', 0)
  count('driftEveryDays', 1)
  count('eventDay', 0)
  count('burstDays', 0)
  for (const name of ['driftShare', 'viewedShare', 'playedShare', 'burstShare'] as const) share(name, settings[name])
  for (const level of ['basic', 'medium', 'deep'] as const) share(`levelMix.${level}`, settings.levelMix[level])
  const sum = settings.levelMix.basic + settings.levelMix.medium + settings.levelMix.deep
  if (Math.abs(sum - 1) > 1e-9) throw new WorkloadInvalidError('levelMix', settings.levelMix, 'shares that add up to 1')
  if (!(settings.zipfExponent >= 0 && Number.isFinite(settings.zipfExponent))) throw new WorkloadInvalidError('zipfExponent', settings.zipfExponent, 'a finite number of at least 0')
  if (!['zipf-drift', 'scan', 'burst'].includes(settings.kind)) throw new WorkloadInvalidError('kind', settings.kind, "'zipf-drift', 'scan' or 'burst'")
}
