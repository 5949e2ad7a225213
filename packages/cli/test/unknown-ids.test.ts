import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Workspace, createWorkspace } from './cli-harness.js'

let work: Workspace

beforeEach(async () => {
  work = await createWorkspace()
})

afterEach(async () => {
  await work.cleanup()
})

describe('an id the provider does not know', () => {
  it('leaves the data folder as it was: enrich, get and add store nothing for it', async () => {
    expect((await work.run(['add', '550'])).code).toBe(0)
    for (const args of [['enrich', '99999999', '--level', 'basic'], ['get', '99999999'], ['enrich', 'tmdb:424242', '424243', '--level', 'medium']]) {
      const result = await work.run(args)
      expect(result.code, args.join(' ')).toBe(1)
      expect(result.stdout + result.stderr).toMatch(/CINELAYER_ERR_MOVIE_NOT_FOUND/)
    }
    const listed = await work.json<{ totalResults: number; results: Array<{ id: string }> }>(['ls'])
    expect(listed.body.results.map((movie) => movie.id)).toEqual(['tmdb:550'])
    expect((await work.run(['validate'])).code).toBe(0)
  })
})
