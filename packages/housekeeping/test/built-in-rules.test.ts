import { defineRule } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import {
  type HousekeepingPlan,
  createHousekeeper,
  defaultRules,
  diskBudget,
  imageInventory,
  lowPopularity,
  notReadFor,
  protectLocalFiles,
  protectLocked,
} from '../src/index.js'
import { type CatalogWorld, fixtureCatalog } from './catalog.js'
import { describeRuleContract } from './rule-contract.js'

describeRuleContract('lowPopularity()', () => lowPopularity())
describeRuleContract('diskBudget({ budgetBytes: 100 })', () => diskBudget({ budgetBytes: 100 }))
describeRuleContract('diskBudget({ drop: { to: "basic" } })', () => diskBudget({ drop: { to: 'basic' } }))
describeRuleContract('diskBudget({ minFreeBytes: 100 })', () => diskBudget({ minFreeBytes: 100 }))
describeRuleContract('protectLocked()', () => protectLocked())
describeRuleContract('protectLocalFiles()', () => protectLocalFiles())

/** Each change as `movieId from → to`, plus the image sizes it drops. */
function summary(plan: HousekeepingPlan): string[] {
  return plan.changes.map((change) => `${change.movieId} ${change.from} → ${change.to}${change.imageSizesDropped.length ? ` -${change.imageSizesDropped.join(',')}` : ''}`)
}

/** Bytes the catalog takes: every movie record plus every image file. */
async function bytesOnDisk(world: CatalogWorld): Promise<number> {
  let total = 0
  for (const id of await world.movies.ids()) total += (await world.movies.sizeOf(id)) + (await world.imageStore.bytesOf(id))
  return total
}

describe('built-in rules on the fixture catalog', () => {
  it('notReadFor: what nobody read for 180 days goes down to basic, whatever its level above', async () => {
    const world = await fixtureCatalog()
    const plan = await createHousekeeper({ ...world, rules: [notReadFor()] }).plan()
    expect(summary(plan)).toEqual(['tmdb:13 deep → basic', 'tmdb:238 medium → basic', 'tmdb:278 deep → basic', 'tmdb:603 deep → basic'])
    expect(plan.changes[0]!.reasons).toEqual([{ rule: 'not-read-for', reason: 'not read for 200 days (limit 180)' }])
  })

  it('lowPopularity: below 1 after the grace goes to the summary only, and the popularity is the score', async () => {
    const world = await fixtureCatalog()
    const plan = await createHousekeeper({ ...world, rules: [lowPopularity()] }).plan()
    expect(summary(plan)).toEqual(['tmdb:13 deep → basic', 'tmdb:238 medium → basic', 'tmdb:278 deep → basic', 'tmdb:603 deep → basic', 'tmdb:680 deep → basic'])
    const pulpFiction = plan.changes.at(-1)!
    expect(pulpFiction.score).toBeCloseTo(2 * 2 ** (-50 / 30), 10)
    expect(pulpFiction.reasons).toEqual([{ rule: 'low-popularity', reason: 'popularity 0.63 below 1: summary only' }])
  })

  it('lowPopularity: leaves alone a movie used within the grace, however little', async () => {
    const world = await fixtureCatalog()
    const plan = await createHousekeeper({ ...world, rules: [lowPopularity({ below: 100, graceDays: 60 })] }).plan()
    expect(summary(plan)).not.toContain('tmdb:680 deep → basic')
    expect(summary(plan)).not.toContain('tmdb:550 deep → basic')
  })

  it('diskBudget: over budget, drops HD image files lowest score first, and stops once under', async () => {
    const world = await fixtureCatalog()
    const total = await bytesOnDisk(world)
    const budgetBytes = total - 2_500_000
    const rules = [lowPopularity({ below: 0 }), diskBudget({ budgetBytes })]
    const plan = await createHousekeeper({ ...world, rules }).plan()
    expect(plan.bytesStored).toBe(total)
    // The Matrix (never used) goes first, Pulp Fiction (one view) next; Fight Club (played) keeps its HD files.
    expect(summary(plan)).toEqual(['tmdb:603 deep → deep -original', 'tmdb:680 deep → deep -original'])
    expect(plan.changes.map((change) => [change.imageBytesFreed, change.bytesFreed, change.facetsDropped])).toEqual([
      [2_000_000, 2_000_000, []],
      [1_500_000, 1_500_000, []],
    ])
    expect(plan.changes[0]!.reasons.at(-1)).toEqual({
      rule: 'disk-budget',
      reason: `catalog ${(total / 1e6).toFixed(1)} MB over its budget of ${(budgetBytes / 1e6).toFixed(1)} MB: drops original images`,
    })
    expect(plan.bytesStored - plan.totals.bytesFreed).toBeLessThanOrEqual(budgetBytes)
  })

  it('diskBudget: the same plan whether images are listed at once or asked movie by movie', async () => {
    const world = await fixtureCatalog()
    const rules = [lowPopularity({ below: 0 }), diskBudget({ budgetBytes: (await bytesOnDisk(world)) - 2_500_000 })]
    const listed = await createHousekeeper({ ...world, rules }).plan()
    const { all: _listing, ...movieByMovie } = imageInventory(world.imageStore)
    const oneByOne = await createHousekeeper({ ...world, rules, images: movieByMovie }).plan()
    expect(world.images.all).toBeTypeOf('function')
    expect(await world.images.all!()).toEqual(
      new Map([
        ['tmdb:550', { original: 3_000_000, w1280: 1_000_000, w500: 100_000 }],
        ['tmdb:603', { original: 2_000_000, w780: 200_000 }],
        ['tmdb:680', { original: 1_500_000 }],
      ]),
    )
    expect({ ...oneByOne, id: listed.id }).toEqual(listed)
  })

  it('diskBudget: under budget, or without one, has no opinion', async () => {
    const world = await fixtureCatalog()
    const total = await bytesOnDisk(world)
    expect((await createHousekeeper({ ...world, rules: [diskBudget({ budgetBytes: total })] }).plan()).changes).toEqual([])
    expect((await createHousekeeper({ ...world, rules: [diskBudget()] }).plan()).changes).toEqual([])
    const fromHousekeeper = await createHousekeeper({ ...world, rules: [diskBudget()], budgetBytes: total - 1 }).plan()
    expect(summary(fromHousekeeper)).toEqual(['tmdb:550 deep → deep -original,w1280'])
  })

  it('diskBudget: keeps free space on the disk, measured once per plan; the tighter of two limits wins', async () => {
    const world = await fixtureCatalog()
    let measured = 0
    // 500 kB free while 3 MB must stay free: the catalog must shrink by 2.5 MB.
    const freeBytes = async () => (measured++, 500_000)
    const rules = [lowPopularity({ below: 0 }), diskBudget({ minFreeBytes: 3_000_000 })]
    const plan = await createHousekeeper({ ...world, rules, freeBytes }).plan()
    expect(measured).toBe(1)
    expect(plan.freeBytes).toBe(500_000)
    expect(summary(plan)).toEqual(['tmdb:603 deep → deep -original', 'tmdb:680 deep → deep -original'])
    expect(plan.changes[0]!.reasons.at(-1)).toEqual({ rule: 'disk-budget', reason: '500 kB free on the disk, under the 3 MB to keep free: drops original images' })
    expect(plan.totals.bytesFreed).toBeGreaterThanOrEqual(2_500_000)
    // Plenty free: no opinion. Not measured: no opinion either.
    expect((await createHousekeeper({ ...world, rules, freeBytes: async () => 10e9 }).plan()).changes).toEqual([])
    expect((await createHousekeeper({ ...world, rules }).plan()).changes).toEqual([])
    // A byte budget tighter than the free space: the byte budget decides, and says so.
    const total = await bytesOnDisk(world)
    const both = [lowPopularity({ below: 0 }), diskBudget({ minFreeBytes: 3_000_000, budgetBytes: total - 1 })]
    const tighter = await createHousekeeper({ ...world, rules: both, freeBytes: async () => 10e9 }).plan()
    expect(tighter.changes[0]!.reasons.at(-1)!.reason).toMatch(/^catalog .+ over its budget of /)
    expect(() => diskBudget({ minFreeBytes: -1 })).toThrow(/minFreeBytes/)
    expect(() => diskBudget({ minFreeBytes: Number.NaN })).toThrow(/minFreeBytes/)
  })

  it('diskBudget: a second budget rule is a further step, taken only once the first is exhausted', async () => {
    const world = await fixtureCatalog()
    const total = await bytesOnDisk(world)
    const hdBytes = 3_000_000 + 1_000_000 + 2_000_000 + 1_500_000
    const budgetBytes = total - hdBytes - 2000
    const rules = [lowPopularity({ below: 0 }), diskBudget({ budgetBytes }), diskBudget({ budgetBytes, name: 'disk-budget-levels', drop: { to: 'basic' } })]
    const plan = await createHousekeeper({ ...world, rules }).plan()
    const images = plan.changes.filter((change) => change.imageSizesDropped.length > 0)
    expect(images.map((change) => change.imageBytesFreed).reduce((a, b) => a + b, 0)).toBe(hdBytes)
    const downgrades = plan.changes.filter((change) => change.to === 'basic').sort((a, b) => a.score - b.score || (a.movieId < b.movieId ? -1 : 1))
    expect(downgrades.length).toBeGreaterThan(0)
    expect(plan.bytesStored - plan.totals.bytesFreed).toBeLessThanOrEqual(budgetBytes)
    // Minimal: without the last downgrade taken, the catalog would still be over budget.
    const last = downgrades.at(-1)!
    const lastRecordBytes = last.bytesFreed - last.imageBytesFreed
    expect(plan.bytesStored - plan.totals.bytesFreed + lastRecordBytes).toBeGreaterThan(budgetBytes)
    expect(downgrades.some((change) => change.movieId === 'tmdb:550')).toBe(false)
  })

  it('protectLocked: the plan says which locked fields a change keeps', async () => {
    const world = await fixtureCatalog()
    const plan = await createHousekeeper({ ...world, rules: [notReadFor(), protectLocked()] }).plan()
    const gump = plan.changes.find((change) => change.movieId === 'tmdb:13')!
    expect(gump.reasons).toEqual([
      { rule: 'not-read-for', reason: 'not read for 200 days (limit 180)' },
      { rule: 'protect-locked', reason: 'locked fields kept: overview, keywords' },
    ])
    expect(gump.fieldsKept).toEqual(['keywords'])
    expect(plan.changes.filter((change) => change.reasons.some((reason) => reason.rule === 'protect-locked'))).toHaveLength(1)
  })

  it('protectLocalFiles: a movie with a video file stays at basic or above; a vanished file does not protect', async () => {
    const world = await fixtureCatalog()
    const plan = await createHousekeeper({ ...world, rules: [notReadFor({ to: 'initial' }), protectLocalFiles()] }).plan()
    expect(summary(plan)).toEqual(['tmdb:13 deep → initial', 'tmdb:155 basic → initial', 'tmdb:238 medium → initial', 'tmdb:278 deep → basic', 'tmdb:603 deep → initial'])
    expect(plan.changes.find((change) => change.movieId === 'tmdb:278')!.reasons.at(-1)).toEqual({
      rule: 'protect-local-files',
      reason: 'has a local video file: kept at "basic" or above',
    })
  })

  it('the default rules together, and a plugin rule that changes their plan', async () => {
    const world = await fixtureCatalog()
    const plan = await createHousekeeper({ ...world, rules: defaultRules() }).plan()
    expect(summary(plan)).toEqual(['tmdb:13 deep → basic', 'tmdb:238 medium → basic', 'tmdb:278 deep → basic', 'tmdb:603 deep → basic', 'tmdb:680 deep → basic'])
    const favourite = defineRule({ name: 'favourite', evaluate: ({ movie }) => (movie.id === 'tmdb:603' ? { minLevel: 'deep', weight: 10, reason: 'a favourite' } : null) })
    const withPlugin = await createHousekeeper({ ...world, rules: [...defaultRules(), favourite] }).plan()
    expect(summary(withPlugin)).toEqual(['tmdb:13 deep → basic', 'tmdb:238 medium → basic', 'tmdb:278 deep → basic', 'tmdb:680 deep → basic'])
  })
})

describe('applying the fixture catalog plans', () => {
  it('frees exactly the bytes the plan said, image files and records alike', async () => {
    const world = await fixtureCatalog()
    const total = await bytesOnDisk(world)
    const hdBytes = 7_500_000
    const budgetBytes = total - hdBytes - 2000
    const rules = [notReadFor(), lowPopularity({ below: 0 }), diskBudget({ budgetBytes }), diskBudget({ budgetBytes, name: 'disk-budget-levels', drop: { to: 'medium' } })]
    const housekeeper = createHousekeeper({ ...world, rules })
    const plan = await housekeeper.plan()
    expect(plan.totals.imageBytesFreed).toBe(hdBytes)
    const report = await housekeeper.apply(plan)
    expect(report.totals).toMatchObject({ downgraded: plan.changes.length, skipped: 0, failed: 0, bytesFreed: plan.totals.bytesFreed, imageBytesFreed: hdBytes })
    expect(total - (await bytesOnDisk(world))).toBe(plan.totals.bytesFreed)
    expect(report.downgraded.map((entry) => entry.bytesFreed)).toEqual(plan.changes.map((change) => change.bytesFreed))
    expect((await world.imageStore.list('tmdb:550')).map((image) => image.size)).toEqual(['w500'])
    expect((await world.movies.get('tmdb:550'))!.level).toBe('deep')
    const downgraded = world.events.filter((event) => event.type === 'MovieDowngraded').map((event) => event.payload)
    expect(downgraded.find((payload) => payload.movieId === 'tmdb:550')).toMatchObject({ from: 'deep', to: 'deep', facetsDropped: [], imageSizesDropped: ['original', 'w1280'] })
  })

  it('keeps locked fields, and a movie read between plan and apply — even a read not yet written', async () => {
    const world = await fixtureCatalog()
    const housekeeper = createHousekeeper({ ...world, rules: [notReadFor(), protectLocked()] })
    const plan = await housekeeper.plan()
    world.clock.advance(1000)
    // Counted by the tracker, still in memory: the housekeeper asks the tracker as well.
    await world.tracker.record('tmdb:603', 'views')
    const report = await housekeeper.apply(plan)
    expect(report.skipped).toEqual([{ movieId: 'tmdb:603', reason: `read at ${new Date(world.clock.now()).toISOString()}, after the plan was made at ${plan.createdAt}` }])
    const gump = (await world.movies.get('tmdb:13'))!
    expect(gump).toMatchObject({ level: 'basic', keywords: ['simulated reality', 'dystopia', 'artificial intelligence'], locks: ['overview', 'keywords'] })
    expect(gump).not.toHaveProperty('cast')
    expect((await world.movies.get('tmdb:603'))!.level).toBe('deep')
  })

  it('skips a movie read while the plan is being applied, before the read is written', async () => {
    const world = await fixtureCatalog()
    // One change at a time, so that the read below happens before the last change is judged.
    const housekeeper = createHousekeeper({ ...world, rules: [notReadFor()], applyBatchSize: 1 })
    const plan = await housekeeper.plan()
    expect(plan.changes.map((change) => change.movieId)).toEqual(['tmdb:13', 'tmdb:238', 'tmdb:278', 'tmdb:603'])
    world.bus.on('MovieDowngraded', (event) => {
      if (event.payload.movieId === 'tmdb:13') void world.tracker.record('tmdb:603', 'plays')
    })
    const report = await housekeeper.apply(plan)
    expect(report.skipped.map((entry) => entry.movieId)).toEqual(['tmdb:603'])
    expect(world.tracker.pendingLastAccess('tmdb:603')).toBe(world.clock.now())
    expect(await world.stats.get('tmdb:603')).toBeNull()
  })
})

describe('defaultRules({ budgetLevels })', () => {
  it('over budget once the HD images are gone, takes movies down to each level in turn, protections kept', async () => {
    const world = await fixtureCatalog()
    const plan = await createHousekeeper({ ...world, rules: defaultRules({ budgetBytes: 0, budgetLevels: ['medium', 'basic', 'initial'] }) }).plan()
    // Fight Club, played the day before, is kept by every usage rule: only the budget takes it down, a tier at a time.
    const fightClub = plan.changes.find((change) => change.movieId === 'tmdb:550')!
    expect(fightClub.to).toBe('initial')
    expect(fightClub.reasons.map((reason) => reason.rule).filter((rule) => rule.startsWith('disk-budget'))).toEqual([
      'disk-budget',
      'disk-budget-medium',
      'disk-budget-basic',
      'disk-budget-initial',
    ])
    // A local video file keeps its movie at basic whatever the budget.
    expect(plan.changes.find((change) => change.movieId === 'tmdb:278')!.to).toBe('basic')
  })

  it('stops once under budget: the highest scores keep their depth', async () => {
    const world = await fixtureCatalog()
    const unbudgeted = await createHousekeeper({ ...world, rules: defaultRules() }).plan()
    const hdBytes = 3_000_000 + 1_000_000 + 2_000_000 + 1_500_000
    // Over by a few bytes once the usage rules and the HD images have done their part: one tier step is enough.
    const budgetBytes = unbudgeted.bytesStored - unbudgeted.totals.bytesFreed - hdBytes - 10
    const plan = await createHousekeeper({ ...world, rules: defaultRules({ budgetBytes, budgetLevels: ['medium', 'basic', 'initial'] }) }).plan()
    expect(plan.bytesStored - plan.totals.bytesFreed).toBeLessThanOrEqual(budgetBytes)
    expect(plan.changes.find((change) => change.movieId === 'tmdb:550')!.to).toBe('medium')
  })

  it('without budgetLevels a budget drops HD image files only, as before; an empty level is refused', async () => {
    const world = await fixtureCatalog()
    const plan = await createHousekeeper({ ...world, rules: defaultRules({ budgetBytes: 0 }) }).plan()
    expect(plan.changes.find((change) => change.movieId === 'tmdb:550')).toMatchObject({ from: 'deep', to: 'deep' })
    expect(() => defaultRules({ budgetBytes: 1, budgetLevels: [''] })).toThrow(/diskBudget.drop.to/)
  })
})
