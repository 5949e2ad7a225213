/**
 * `cinelayer/simulation`: the simulated users of `pnpm bench:year` and `cinelayer lab
 * --simulate`, to measure a housekeeping policy (or any cache in front of the engine) on a
 * reproducible stretch of use: seeded requests drawn by a Zipf law whose ranking drifts, asking
 * levels in a UI's mix (70% `basic`, 20% `medium`, 10% `deep`), followed by views and playbacks;
 * with a library rescan or a new release's burst as variants.
 *
 * ```ts
 * import { createWorkload } from 'cinelayer/simulation'
 * const year = createWorkload({ movies: 3000, days: 180, requestsPerDay: 100, seed: 7, kind: 'burst' })
 * ```
 * @module simulation
 * @packageDocumentation
 */
export { WorkloadInvalidError } from '../errors.js'
export {
  DEFAULT_LEVEL_MIX,
  type LevelMix,
  type WorkloadKind,
  type WorkloadLevel,
  type WorkloadOptions,
  type WorkloadRequest,
  createWorkload,
  generateWorkload,
} from './workload.js'
