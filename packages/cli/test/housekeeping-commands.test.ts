import type { HousekeepingPlan, HousekeepingReport } from 'cinelayer'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Workspace, createWorkspace } from './cli-harness.js'
import { seedCatalog } from './seed-catalog.js'

let work: Workspace

beforeEach(async () => {
  work = await createWorkspace()
})

afterEach(async () => {
  await work.cleanup()
})

describe('cinelayer housekeep', () => {
  it('prints the plan as a table with --dry-run and changes nothing; then applies it', async () => {
    await seedCatalog(work.dataDir, [{ id: 'tmdb:550', level: 'deep' }], 200)
    const dry = await work.run(['housekeep', '--dry-run'])
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toMatch(/^MOVIE +TITLE +FROM → TO +BYTES +RULES$/m)
    expect(dry.stdout).toMatch(/^tmdb:550 +Fight Club \(1999\) +deep → basic +\d+(\.\d)? [KM]?B +not-read-for: not read for 200 days \(limit 180\)/m)
    expect(dry.stdout).toMatch(/Dry run: nothing was changed/)
    expect((await work.json<{ level: string }>(['get', '550', '--peek'])).body.level).toBe('deep')

    const applied = await work.json<{ dryRun: boolean; plan: HousekeepingPlan; report: HousekeepingReport }>(['housekeep'])
    expect(applied.code, applied.stderr).toBe(0)
    expect(applied.body.dryRun).toBe(false)
    expect(applied.body.plan.changes.map((change) => [change.movieId, change.from, change.to])).toEqual([['tmdb:550', 'deep', 'basic']])
    expect(applied.body.report.totals).toMatchObject({ downgraded: 1, failed: 0 })
    expect((await work.json<{ level: string }>(['get', '550', '--peek'])).body.level).toBe('basic')
  })

  it('says when there is nothing to do', async () => {
    await seedCatalog(work.dataDir, [{ id: 'tmdb:550', level: 'basic' }])
    const result = await work.run(['housekeep', '--dry-run'])
    expect(result).toMatchObject({ code: 0, stdout: 'Nothing to do: 1 movie examined, all kept as they are\n' })
  })
})

describe('cinelayer stats', () => {
  it('shows levels, bytes, usage and the provider calls of the trace', async () => {
    await seedCatalog(work.dataDir, [{ id: 'tmdb:550', level: 'deep' }, { id: 'tmdb:9443', level: 'basic' }])
    expect((await work.run(['get', '550'])).code).toBe(0)
    expect((await work.run(['get', '12313', '--level', 'medium'])).code).toBe(0)
    const text = await work.run(['stats'])
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/^3 movies, \d+ people, [\d.]+ [KM]?B stored$/m)
    expect(text.stdout).toMatch(/^LEVEL +MOVIES +BYTES$/m)
    expect(text.stdout).toMatch(/^deep +1 +[\d.]+ [KM]?B$/m)
    expect(text.stdout).toMatch(/^Most used$/m)
    expect(text.stdout).toMatch(/^Provider calls \(event trace since .+\): tmdb 1/m)
    const { body } = await work.json<{
      movies: number
      levels: Array<{ level: string; movies: number; bytes: number }>
      top: Array<{ movieId: string; requests: number }>
      neverUsed: number
      providerCalls: Record<string, number>
    }>(['stats', '--top', '10'])
    expect(body.movies).toBe(3)
    expect(body.levels.map((entry) => [entry.level, entry.movies])).toEqual([
      ['initial', 0],
      ['basic', 1],
      ['medium', 1],
      ['deep', 1],
    ])
    expect(body.levels.every((entry) => entry.movies === 0 || entry.bytes > 0)).toBe(true)
    expect(body.top.map((entry) => entry.movieId).sort()).toEqual(['tmdb:12313', 'tmdb:550', 'tmdb:9443'])
    // The seeding engine did not trace; the CLI's own runs did: one TMDB call for 12313.
    expect(body.providerCalls.tmdb).toBe(1)
  })
})

describe('cinelayer downgrade', () => {
  it('takes the movies named, or all, down to --to; the plan is printed first', async () => {
    await seedCatalog(work.dataDir, [{ id: 'tmdb:550', level: 'deep' }, { id: 'tmdb:9443', level: 'basic' }])
    const one = await work.run(['downgrade', '550', '--to', 'medium'])
    expect(one.code, one.stderr).toBe(0)
    expect(one.stdout).toMatch(/^tmdb:550 +Fight Club \(1999\) +deep → medium +.+ requested: asked for: down to medium$/m)
    expect(one.stdout).toMatch(/^Applied: 1 downgraded, 0 skipped, 0 failed/m)
    const all = await work.json<{ dryRun: boolean; plan: HousekeepingPlan }>(['downgrade', '--all', '--to', 'initial', '--dry-run'])
    expect(all.body.dryRun).toBe(true)
    expect(all.body.plan.changes.map((change) => [change.movieId, change.from, change.to])).toEqual([
      ['tmdb:550', 'medium', 'initial'],
      ['tmdb:9443', 'basic', 'initial'],
    ])
    expect((await work.json<{ level: string }>(['get', '550', '--peek'])).body.level).toBe('medium')
  })

  it('--not-read-since takes down what nobody read for that long', async () => {
    await seedCatalog(work.dataDir, [{ id: 'tmdb:550', level: 'deep' }, { id: 'tmdb:9443', level: 'basic' }], 40)
    expect((await work.run(['get', '9443'])).code).toBe(0)
    const { code, body } = await work.json<{ report: HousekeepingReport }>(['downgrade', '--not-read-since', '30d', '--to', 'initial'])
    expect(code).toBe(0)
    expect(body.report.downgraded.map((entry) => [entry.movieId, entry.from, entry.to])).toEqual([['tmdb:550', 'deep', 'initial']])
    const none = await work.run(['downgrade', '--not-read-since', '1y'])
    expect(none).toMatchObject({ code: 0, stdout: 'Nothing to do: 2 movies examined, all kept as they are\n' })
  })

  it('refuses a command line that does not say what to downgrade, and an unknown movie', async () => {
    for (const args of [['downgrade'], ['downgrade', '550'], ['downgrade', '550', '--all', '--to', 'basic'], ['downgrade', '--all', '--not-read-since', '30d'], ['downgrade', '--not-read-since', '5x'], ['downgrade', '550', '--to', 'tiny']]) {
      const result = await work.run(args)
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stderr, args.join(' ')).toMatch(/^CINELAYER_ERR_(CLI_USAGE|LEVEL_UNKNOWN): /m)
    }
    await seedCatalog(work.dataDir, [{ id: 'tmdb:550', level: 'deep' }])
    const unknown = await work.run(['downgrade', '550', '603', '--to', 'basic'])
    expect(unknown).toMatchObject({ code: 1, stderr: 'CINELAYER_ERR_MOVIE_NOT_FOUND: Movie tmdb:603 is not in the store\n' })
    expect((await work.json<{ level: string }>(['get', '550', '--peek'])).body.level).toBe('deep')
  })
})
