import { type HousekeepingRule, type RuleInput, type RuleVerdict, defineRule } from '@cinelayer/core'
import { HousekeepingOptionsError } from './errors.js'
import { hdImageSizes } from './image-inventory.js'

/** What a disk budget takes from a movie while the catalog is over it. */
export interface BudgetDropOptions {
  /** Image sizes whose stored files go. Default {@link hdImageSizes} (`original`, `w1280`). */
  imageSizes?: readonly string[]
  /** Facets dropped (their fields go, locked fields stay). Default: none. */
  facets?: readonly string[]
  /** The highest level a movie keeps. Default: its own. */
  to?: string
}

/** Options of {@link diskBudget}. */
export interface DiskBudgetOptions {
  /** The budget in bytes. Default: the housekeeper's `budgetBytes` (no opinion when neither is set). */
  budgetBytes?: number
  /**
   * Bytes to keep free on the file system that holds the catalog: while less is free, the catalog
   * is over budget by the difference. Needs the free space measured (`context.freeBytes`: the
   * engine measures its data folder with `statfs`); without a measure this limit has no opinion.
   * With `budgetBytes` too, the tighter of the two wins. Default: none.
   */
  minFreeBytes?: number
  /** What goes, movie by movie. Default `{ imageSizes: hdImageSizes }`. */
  drop?: BudgetDropOptions
  /**
   * The rule's name. Default `'disk-budget'`. Register a second budget rule under another name
   * (after the first) for a further step: the housekeeper exhausts one rule's proposals before
   * it starts on the next one's.
   */
  name?: string
}

/**
 * A rule that keeps the catalog within a disk budget: a number of bytes, and/or free space to keep
 * on the disk that holds it (`minFreeBytes`). While the bytes stored (records plus image files) are
 * over it, every movie that has something to drop is proposed for it; the housekeeper
 * takes those proposals lowest score first and stops once the plan brings the catalog under
 * budget. By default it drops HD image files only: the metadata stays and the files can be fetched
 * again.
 *
 * @example diskBudget({ budgetBytes: 2e9 }) // "catalog 2.4 GB over its budget of 2 GB: drops original, w1280 images"
 * @example diskBudget({ minFreeBytes: 1e9 }) // "600 MB free on the disk, under the 1 GB to keep free: drops original, w1280 images"
 * @throws HousekeepingOptionsError for a negative budget, an empty name or an empty drop.
 */
export function diskBudget(options: DiskBudgetOptions = {}): HousekeepingRule {
  const { budgetBytes, minFreeBytes, name = 'disk-budget' } = options
  const imageSizes = [...(options.drop?.imageSizes ?? (options.drop ? [] : hdImageSizes))]
  const facets = [...(options.drop?.facets ?? [])]
  const to = options.drop?.to
  if (budgetBytes !== undefined && (typeof budgetBytes !== 'number' || !Number.isFinite(budgetBytes) || budgetBytes < 0)) {
    throw new HousekeepingOptionsError('diskBudget.budgetBytes', `expected a finite number of bytes >= 0, got ${String(budgetBytes)}`)
  }
  if (minFreeBytes !== undefined && (typeof minFreeBytes !== 'number' || !Number.isFinite(minFreeBytes) || minFreeBytes < 0)) {
    throw new HousekeepingOptionsError('diskBudget.minFreeBytes', `expected a finite number of bytes >= 0, got ${String(minFreeBytes)}`)
  }
  if (typeof name !== 'string' || name === '') throw new HousekeepingOptionsError('diskBudget.name', 'expected a rule name')
  if (imageSizes.length === 0 && facets.length === 0 && to === undefined) {
    throw new HousekeepingOptionsError('diskBudget.drop', 'a budget must drop image sizes, facets or take movies to a level')
  }
  if (to !== undefined && (typeof to !== 'string' || to === '')) throw new HousekeepingOptionsError('diskBudget.drop.to', 'expected a level name')
  return defineRule({
    name,
    evaluate({ movie, images = {}, context }: RuleInput): RuleVerdict | null {
      const limit = budgetOf(budgetBytes ?? context.budgetBytes, minFreeBytes, context)
      if (limit === undefined || context.bytesStored <= limit.budget) return null
      const budget = limit.budget
      const sizes = imageSizes.filter((size) => (images[size] ?? 0) > 0)
      const present = facets.filter((facet) => facet in movie.facets)
      const above = to !== undefined && (!context.levels.names.includes(to) || context.levels.compare(movie.level, to) > 0)
      if (sizes.length === 0 && present.length === 0 && !above) return null
      const what = [sizes.length > 0 ? `${sizes.join(', ')} images` : '', present.length > 0 ? `facets ${present.join(', ')}` : '', above ? `down to ${to}` : '']
      return {
        ...(sizes.length > 0 ? { dropImageSizes: sizes } : {}),
        ...(present.length > 0 ? { dropFacets: present } : {}),
        ...(above ? { maxLevel: to! } : {}),
        untilUnderBytes: budget,
        reason: `${limit.why}: drops ${what.filter(Boolean).join(', ')}`,
      }
    },
  })
}

/**
 * The budget in force: the byte budget, or what the free space allows (the catalog may grow by the
 * free bytes beyond `minFreeBytes`, and must shrink by what is missing), whichever is tighter.
 */
function budgetOf(budgetBytes: number | undefined, minFreeBytes: number | undefined, context: RuleInput['context']): { budget: number; why: string } | undefined {
  const { bytesStored, freeBytes } = context
  const byBytes = budgetBytes === undefined ? undefined : { budget: budgetBytes, why: `catalog ${formatBytes(bytesStored)} over its budget of ${formatBytes(budgetBytes)}` }
  const byFree =
    minFreeBytes === undefined || freeBytes === undefined
      ? undefined
      : { budget: Math.max(0, bytesStored + freeBytes - minFreeBytes), why: `${formatBytes(freeBytes)} free on the disk, under the ${formatBytes(minFreeBytes)} to keep free` }
  if (!byBytes || !byFree) return byBytes ?? byFree
  return byFree.budget < byBytes.budget ? byFree : byBytes
}

/** Bytes as an operator reads them in a plan (`2.4 GB`, `512 kB`). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${unit === 0 ? value : Number(value.toFixed(1))} ${units[unit]}`
}
