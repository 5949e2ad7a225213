import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Workspace, createWorkspace } from './cli-harness.js'

let work: Workspace

beforeAll(async () => {
  work = await createWorkspace()
})

afterAll(async () => {
  await work.cleanup()
})

interface Report {
  total: number
  ok: number
  skipped: number
  failed: number
  items: Array<{ id: string; status: string; code?: string; reason?: string }>
}

describe('cinelayer enrich', () => {
  it('enriches many movies with a progress bar (count, rate, ETA) and a summary', async () => {
    const result = await work.run(['enrich', '550', 'tmdb:12313', '--level', 'medium', '--progress'])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^2 movies: 2 enriched, 0 already there, 0 failed$/m)
    expect(result.stderr).toMatch(/enrich → medium \[[█░]+\] 2\/2 \| \d+\.\d\/s \| ETA \d+s \| tmdb:/)
    const again = await work.json<Report>(['enrich', '--all', '--level', 'basic'])
    expect(again.code).toBe(0)
    expect(again.body).toMatchObject({ total: 2, ok: 0, skipped: 2, failed: 0 })
    expect(again.stderr).toBe('')
  })

  it('lists the items that failed at the end and exits 1; the others are done', async () => {
    const text = await work.run(['enrich', '9443', '603', '--level', 'basic'])
    expect(text.code).toBe(1)
    expect(text.stdout).toMatch(/^Failed \(1\):\n {2}tmdb:603: CINELAYER_ERR_[A-Z_]+: .+$/m)
    expect(text.stdout).toMatch(/^2 movies: 1 enriched, 0 already there, 1 failed$/m)
    expect(text.stderr).toBe('CINELAYER_ERR_CLI_ITEMS_FAILED: enrich: 1 of 2 items failed\n')
    const json = await work.run(['enrich', '603', '--level', 'basic', '--json', '--progress'])
    expect(json.code).toBe(1)
    const report = JSON.parse(json.stdout) as Report
    expect(report.items).toEqual([expect.objectContaining({ id: 'tmdb:603', status: 'failed', code: expect.stringMatching(/^CINELAYER_ERR_/) })])
    // --json owns stdout and stderr carries one JSON error: no progress bar.
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'CINELAYER_ERR_CLI_ITEMS_FAILED' } })
  })

  it('asks for the movies and the level', async () => {
    for (const args of [['enrich', '550'], ['enrich', '--level', 'basic'], ['enrich', '550', '--all', '--level', 'basic'], ['enrich', '550', '--level', 'basic', '--concurrency', '0']]) {
      const result = await work.run(args)
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stderr).toMatch(/^CINELAYER_ERR_CLI_USAGE: /m)
    }
  })
})
