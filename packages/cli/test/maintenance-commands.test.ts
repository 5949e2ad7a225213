import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ValidationReport } from 'cinelayer'
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
  it('refuses without --yes, then empties the data folder', async () => {
    await seedCatalog(work.dataDir, [{ id: 'tmdb:550', level: 'medium' }])
    expect((await work.run(['events', '--limit', '1'])).code).toBe(0)
    const refused = await work.run(['reset'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/^CINELAYER_ERR_CLI_RESET_UNCONFIRMED: reset would empty the data folder .*; run it again with --yes to confirm$/m)
    expect(await readdir(work.dataDir)).toContain('movies')
    const { code, body } = await work.json<{ folder: string; removed: string[] }>(['reset', '--yes'])
    expect(code).toBe(0)
    expect(body.removed).toEqual(expect.arrayContaining(['movies', 'people', 'relations']))
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
    expect((await readdir(work.dataDir)).sort()).toEqual(expect.arrayContaining(['movies', 'photos', 'thesis.docx']))
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
    expect(sound.stdout).toMatch(/^Checked 2 movies, \d+ people, \d+ stats, \d+ aliases, \d+ relation lists\nNo problem found\n$/)
    const reindexed = await work.run(['reindex'])
    expect(reindexed.code, reindexed.stderr).toBe(0)
    expect(reindexed.stdout).toMatch(/^Reindexed 2 movies \((basic 1, medium 1|medium 1, basic 1)\), \d+ people, \d+ stats, \d+ aliases in \d+ ms$/m)
    const migrated = await work.json<{ schemaVersion: number; migrated: Record<string, number>; failed: unknown[] }>(['migrate'])
    expect(migrated.code).toBe(0)
    expect(migrated.body).toMatchObject({ schemaVersion: 1, migrated: { movies: 0, people: 0, stats: 0 }, failed: [] })
  })

  it('reports a corrupt record (exit 1), which --fix cannot repair and leaves for inspection', async () => {
    await seedCatalog(work.dataDir, [{ id: 'tmdb:550', level: 'medium' }, { id: 'tmdb:9443', level: 'basic' }])
    await writeFile(recordFile(work.dataDir, 'movies:tmdb:9443'), '{"schemaVersion":1,"id":"tmdb:94')
    const found = await work.run(['validate'])
    expect(found.code).toBe(1)
    expect(found.stdout).toMatch(/^record-corrupt +movies:tmdb:9443 +no +Stored value at key "movies:tmdb:9443" is not valid JSON/m)
    expect(found.stderr).toMatch(/^CINELAYER_ERR_CLI_VALIDATION_FAILED: validate: \d+ problems? left in /m)
    const fixed = await work.json<ValidationReport>(['validate', '--fix'])
    expect(fixed.code).toBe(1)
    expect(fixed.body.issues).toContainEqual(expect.objectContaining({ kind: 'record-corrupt', key: 'movies:tmdb:9443', fixed: false }))
    // What --fix can repair around it is repaired; the record itself is left for a person to look at.
    expect(fixed.body.issues.filter((issue) => !issue.fixed).map((issue) => issue.kind)).toEqual(['record-corrupt'])
    expect(await readFile(recordFile(work.dataDir, 'movies:tmdb:9443'), 'utf8')).toBe('{"schemaVersion":1,"id":"tmdb:94')
  })

  it('repairs with --fix what a lost record left behind: index entries and orphan relations', async () => {
    await seedCatalog(work.dataDir, [{ id: 'tmdb:550', level: 'medium' }, { id: 'tmdb:9443', level: 'basic' }])
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

describe('one writer per data folder', () => {
  it('refuses a second writer while an engine holds the folder; readers still work', async () => {
    await seedCatalog(work.dataDir, [{ id: 'tmdb:550', level: 'basic' }])
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
