import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
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
