import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type ValidationReport, createMovieEngine, createStores, openDataFolder } from 'cinelayer'
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

describe('cinelayer reset', () => {
  it('refuses without --yes, then empties the catalog of the default (SQLite) folder', async () => {
    await seedCatalog(work.dataDir, [{ id: 'tmdb:550', level: 'medium' }])
    expect((await work.run(['events', '--limit', '1'])).code).toBe(0)
    const refused = await work.run(['reset'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/^CINELAYER_ERR_CLI_RESET_UNCONFIRMED: reset would empty the data folder .*; run it again with --yes to confirm$/m)
    const { code, body } = await work.json<{ folder: string; removed: string[] }>(['reset', '--yes'])
    expect(code).toBe(0)
    expect(body.removed).toContain('cinelayer.db')
    expect((await work.run(['ls'])).stdout).toBe('The catalog is empty\n')
  })

  it('empties an fs JSON folder under its writer lock', async () => {
    await seedCatalog(work.dataDir, [{ id: 'tmdb:550', level: 'medium' }], 0, 'fs')
    expect(await readdir(work.dataDir)).toContain('movies')
    const { code, body } = await work.json<{ folder: string; removed: string[] }>(['reset', '--yes'])
    expect(code).toBe(0)
    expect(body.removed).toEqual(expect.arrayContaining(['movies', 'people', 'credits']))
    expect(await readdir(work.dataDir)).toEqual([])
    expect((await work.run(['ls'])).stdout).toBe('The catalog is empty\n')
    expect(await work.run(['reset', '--yes'])).toMatchObject({ code: 0, stdout: `Nothing to remove in ${work.dataDir}\n` })
  })

  it('touches nothing in a folder that holds files cinelayer did not write', async () => {
    await seedCatalog(work.dataDir, [{ id: 'tmdb:550', level: 'basic' }])
    await writeFile(join(work.dataDir, 'thesis.docx'), 'years of work')
    await mkdir(join(work.dataDir, 'photos'))
    const result = await work.run(['reset', '--yes'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^CINELAYER_ERR_CLI_RESET_REFUSED: Folder .* holds entries cinelayer did not write \(photos, thesis\.docx\); nothing was removed$/m)
    expect((await readdir(work.dataDir)).sort()).toEqual(expect.arrayContaining(['cinelayer.db', 'photos', 'thesis.docx']))
    expect((await work.run(['ls'])).stdout).toMatch(/^tmdb:550 +basic/m)
  })
})

/** Where the fs store keeps a record: its key with colons as folders (`movies:tmdb:550`). */
function recordFile(dataDir: string, key: string): string {
  return join(dataDir, ...key.split(':'))
}

describe('cinelayer validate, reindex, migrate', () => {
  it('says all is well on a sound folder; reindex and migrate report what they did', async () => {
    await seedCatalog(work.dataDir, [{ id: 'tmdb:550', level: 'medium' }, { id: 'tmdb:9443', level: 'basic' }])
    const sound = await work.run(['validate'])
    expect(sound.code, sound.stderr).toBe(0)
    expect(sound.stdout).toMatch(/^Checked 2 movies, \d+ people, \d+ stats, \d+ aliases, \d+ credit lists\nNo problem found\n$/)
    const reindexed = await work.run(['reindex'])
    expect(reindexed.code, reindexed.stderr).toBe(0)
    expect(reindexed.stdout).toMatch(/^Reindexed 2 movies, \d+ people, \d+ stats, \d+ aliases, 1 credit lists: 0 entries rewritten$/m)
    const migrated = await work.json<{ schemaVersion: number; migrated: Record<string, number>; failed: unknown[] }>(['migrate'])
    expect(migrated.code).toBe(0)
    expect(migrated.body).toMatchObject({ schemaVersion: 1, migrated: { movies: 0, people: 0, stats: 0 }, failed: [] })
  })

  it('reports a corrupt record (exit 1); --fix quarantines it, keeps its edits, and a second validate is clean', async () => {
    await seedCatalog(work.dataDir, [{ id: 'tmdb:550', level: 'medium' }, { id: 'tmdb:9443', level: 'basic' }])
    expect((await work.run(['edit', '9443', 'title', 'Chariots', '--lock'])).code).toBe(0)
    // Half a record, as a disk that lied would leave it (the edit's bytes included).
    const folder = openDataFolder(work.dataDir)
    const stores = createStores(folder.storage)
    const whole = (await stores.kv.read('movies:tmdb:9443'))!
    const corrupt = whole.slice(0, whole.indexOf('"errors"'))
    await stores.kv.commit({ checks: [], writes: [{ key: 'movies:tmdb:9443', value: corrupt }] })
    await stores.close({ dispose: false })
    await folder.close()

    const found = await work.run(['validate'])
    expect(found.code).toBe(1)
    expect(found.stdout).toMatch(/^record-corrupt +movies:tmdb:9443 +yes +Stored value at key "movies:tmdb:9443" is not valid JSON/m)
    expect(found.stderr).toMatch(/^CINELAYER_ERR_CLI_VALIDATION_FAILED: validate: \d+ problems? left in /m)
    // Listings skip the bad record and go on.
    expect((await work.json<{ results: Array<{ id: string }> }>(['ls'])).body.results.map((movie) => movie.id)).toEqual(['tmdb:550'])
    const fixed = await work.json<ValidationReport>(['validate', '--fix'])
    expect(fixed.code, JSON.stringify(fixed.body)).toBe(0)
    expect(fixed.body.quarantined).toEqual([{ key: 'movies:tmdb:9443', keptAt: 'quarantine:movies:tmdb:9443' }])
    expect((await work.run(['validate'])).stdout).toMatch(/No problem found/)
    const rebuilt = await work.json<{ id: string; level: string; title: string; locks: string[] }>(['get', '9443', '--peek'])
    expect(rebuilt.body).toMatchObject({ id: 'tmdb:9443', level: 'initial', title: 'Chariots', locks: ['title'] })
    const reopened = createMovieEngine({ dataDir: work.dataDir, data: 'replay', trace: false })
    expect(await reopened.stores.kv.read('quarantine:movies:tmdb:9443')).toBe(corrupt)
    await reopened.close()
  })

  it('repairs with --fix what a lost record file left behind (fs JSON folder): derived entries and orphan credits', async () => {
    await seedCatalog(work.dataDir, [{ id: 'tmdb:550', level: 'medium' }, { id: 'tmdb:9443', level: 'basic' }], 0, 'fs')
    await rm(recordFile(work.dataDir, 'movies:tmdb:550'))
    const found = await work.json<ValidationReport>(['validate'])
    expect(found.code).toBe(1)
    const kinds = new Set(found.body.issues.map((issue) => issue.kind))
    expect(kinds).toContain('relation-orphan')
    expect([...kinds].some((kind) => kind.startsWith('index-'))).toBe(true)
    const text = await work.run(['validate'])
    expect(text.stdout).toMatch(/run validate --fix to repair what can be/)
    const fixed = await work.run(['validate', '--fix'])
    expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0)
    expect(fixed.stdout).toMatch(new RegExp(`^${found.body.issues.length} problems: ${found.body.issues.length} fixed, 0 left$`, 'm'))
    expect((await work.run(['validate'])).stdout).toMatch(/No problem found/)
    const listed = await work.json<{ results: Array<{ id: string }> }>(['ls'])
    expect(listed.body.results.map((movie) => movie.id)).toEqual(['tmdb:9443'])
  })
})

describe('several processes on one data folder', () => {
  it('the default (SQLite) folder: an engine and the CLI write at the same time, and both writes are there', async () => {
    await seedCatalog(work.dataDir, [{ id: 'tmdb:550', level: 'basic' }, { id: 'tmdb:9443', level: 'basic' }])
    const engine = createMovieEngine({ dataDir: work.dataDir, data: 'replay', trace: false })
    try {
      const cli = work.run(['edit', '9443', 'title', 'Chariots', '--lock'])
      const enrichments = engine.movies.get('tmdb:550', { level: 'medium' })
      const edits = engine.movies.edit('tmdb:550', { tagline: 'Edited by the engine' }, { lock: true })
      expect((await cli).code).toBe(0)
      await Promise.all([enrichments, edits])
      expect(await engine.movies.peek('tmdb:9443')).toMatchObject({ title: 'Chariots', locks: ['title'] })
    } finally {
      await engine.close()
    }
    const listed = await work.json<{ results: Array<{ id: string; level: string; title: string; tagline?: string }> }>(['ls'])
    expect(listed.body.results.map(({ id, level, title }) => [id, level, title])).toEqual([
      ['tmdb:550', 'medium', 'Fight Club'],
      ['tmdb:9443', 'basic', 'Chariots'],
    ])
    expect((await work.json<{ tagline: string }>(['get', '550', '--peek'])).body.tagline).toBe('Edited by the engine')
    expect((await work.run(['validate'])).code).toBe(0)
  })

  it('an fs JSON folder has one writer: a second one is refused while an engine holds it; readers still work', async () => {
    await seedCatalog(work.dataDir, [{ id: 'tmdb:550', level: 'basic' }], 0, 'fs')
    await mkdir(join(work.dir, 'incoming'))
    const holder = work.spawn(['watch', 'incoming', 'library'])
    try {
      await holder.waitFor(/Watching /, { stream: 'stderr' })
      const writer = await work.run(['get', '550', '--level', 'medium'])
      expect(writer.code).toBe(1)
      expect(writer.stderr).toMatch(/^CINELAYER_ERR_STORAGE_LOCKED: Data folder .* is locked by process \d+/)
      const reset = await work.run(['reset', '--yes'])
      expect(reset.code).toBe(1)
      expect(reset.stderr).toMatch(/^CINELAYER_ERR_STORAGE_LOCKED: /)
      expect((await work.run(['ls'])).stdout).toMatch(/^tmdb:550 +basic +1999 +Fight Club$/m)
      expect((await work.run(['validate'])).code).toBe(0)
    } finally {
      expect(await holder.stop()).toBe(0)
    }
    expect((await work.run(['get', '550', '--level', 'medium'])).code).toBe(0)
  })
})

describe('cinelayer export and import', () => {
  it('writes the catalog as the fs JSON layout, and reads it back into another data folder', async () => {
    await seedCatalog(work.dataDir, [{ id: 'tmdb:550', level: 'medium' }, { id: 'tmdb:9443', level: 'basic' }])
    expect((await work.run(['edit', '550', 'tagline', 'Kept through the move', '--lock'])).code).toBe(0)
    const exported = await work.run(['export', 'exported'])
    expect(exported.code, exported.stderr).toBe(0)
    expect(exported.stdout).toMatch(/^Exported to .*exported \(json\): .*movies 2/m)
    // One readable file per record.
    const record = JSON.parse(await readFile(join(work.dir, 'exported', 'movies', 'tmdb', '550'), 'utf8')) as { title: string; tagline: string; level: string }
    expect(record).toMatchObject({ title: 'Fight Club', tagline: 'Kept through the move', level: 'medium' })
    // Not over a catalog, not over itself.
    expect(await work.run(['export', 'exported'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^CINELAYER_ERR_CLI_TRANSFER_REFUSED: /) })
    expect((await work.run(['import', 'nowhere'])).stderr).toMatch(/^CINELAYER_ERR_CLI_FILE: Cannot find file .*nowhere/)
    await mkdir(join(work.dir, 'empty'))
    expect((await work.run(['import', 'empty'])).stderr).toMatch(/^CINELAYER_ERR_CLI_TRANSFER_REFUSED: .*holds no cinelayer catalog/)
    // Dataset options are for a dataset file, not a folder.
    expect(await work.run(['import', 'empty', '--retry-failed'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^CINELAYER_ERR_CLI_USAGE: import: --retry-failed go with a dataset file/) })

    const second = join(work.dir, 'second')
    const imported = await work.run(['--data', second, 'import', 'exported'])
    expect(imported.code, imported.stderr).toBe(0)
    const listed = await work.json<{ results: Array<{ id: string; level: string }> }>(['--data', second, 'ls'])
    expect(listed.body.results.map(({ id, level }) => [id, level])).toEqual([
      ['tmdb:550', 'medium'],
      ['tmdb:9443', 'basic'],
    ])
    expect((await work.json<{ tagline: string; locks: string[] }>(['--data', second, 'get', '550', '--peek'])).body).toMatchObject({ tagline: 'Kept through the move', locks: ['tagline'] })
    expect((await work.run(['--data', second, 'validate'])).code).toBe(0)
    expect(await readdir(second)).toContain('cinelayer.db')
  })
})
