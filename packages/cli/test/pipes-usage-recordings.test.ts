import { spawn } from 'node:child_process'
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { tmpdir } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { builtCli } from './build-for-tests.js'
import { type Workspace, createWorkspace, replayDir } from './cli-harness.js'
import { seedCatalog } from './seed-catalog.js'

let work: Workspace

beforeAll(async () => {
  work = await createWorkspace()
  await seedCatalog(work.dataDir, [
    { id: 'tmdb:550', level: 'basic' },
    { id: 'tmdb:9443', level: 'basic' },
    { id: 'tmdb:12313', level: 'initial' },
  ])
  // Events in the trace for `events`.
  expect((await work.run(['get', 'tmdb:87421', '--level', 'basic'])).code).toBe(0)
})

afterAll(async () => {
  await work.cleanup()
})

/**
 * Runs the built CLI with its stdout on a pipe whose reader is gone before the CLI writes to it, as
 * `cinelayer ls | head -1` leaves it once head has its line.
 */
function runWithClosedStdout(args: readonly string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [builtCli, '--data', work.dataDir, '--replay', replayDir, ...args], {
      cwd: work.dir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout.destroy()
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }))
  })
}

describe('a reader that goes away', () => {
  it.each([[['ls']], [['ls', '--json']], [['events']], [['events', '--follow']], [['get', 'tmdb:550']]])('ends `cinelayer %s` quietly, without an EPIPE stack', async (args) => {
    const result = await runWithClosedStdout(args)
    expect(result.stderr).not.toMatch(/EPIPE|Error|at .*\.js/)
    expect(result).toMatchObject({ code: 0, signal: null })
  })
})

describe('a usage error', () => {
  it('prints one line saying what is wrong and one saying which --help to read, not the whole usage', async () => {
    const cases: Array<[string[], string]> = [
      [[], 'cinelayer'],
      [['nope'], 'cinelayer'],
      [['get'], 'cinelayer get'],
      [['get', 'tmdb:550', 'extra'], 'cinelayer get'],
      [['ls', '--page', 'two'], 'cinelayer ls'],
      [['ls', '--frobnicate'], 'cinelayer ls'],
      [['get', 'tmdb:abc'], 'cinelayer get'],
      [['get', '550', '--level', 'ultra'], 'cinelayer get'],
      [['edits', 'export'], 'cinelayer edits export'],
      [['recordings', 'rm'], 'cinelayer recordings rm'],
    ]
    for (const [args, command] of cases) {
      const result = await work.run(args)
      const lines = result.stderr.trimEnd().split('\n')
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stdout, args.join(' ')).toBe('')
      expect(lines, `${args.join(' ')}:\n${result.stderr}`).toHaveLength(2)
      expect(lines[0]).toMatch(/^CINELAYER_ERR_[A-Z_]+: \S/)
      expect(lines[1]).toBe(`Run "${command} --help" for its usage.`)
    }
  })
})

async function writeEntry(dir: string, file: string, entry: unknown): Promise<void> {
  await mkdir(dirname(join(dir, file)), { recursive: true })
  await writeFile(join(dir, file), JSON.stringify(entry))
}

describe('cinelayer recordings', () => {
  it('prunes the recordings that should not be replayed, and removes those of a movie on request', async () => {
    const recordings = join(work.dataDir, 'recordings')
    const fightClub = JSON.parse(await readFile(join(replayDir, 'tmdb/movie/550.json'), 'utf8')) as { request: unknown; response: { body: unknown } }
    await writeEntry(recordings, 'tmdb/550.json', fightClub)
    await writeEntry(recordings, 'tmdb/603.json', { request: { source: 'tmdb', path: '/3/movie/603' }, response: { status: 200, body: fightClub.response.body } })
    await writeEntry(recordings, 'omdb/refused.json', { request: { source: 'omdb', path: '/', query: { i: 'tt0137523' } }, response: { status: 200, body: { Response: 'False', Error: 'Invalid API key!' } } })

    const dry = await work.json<{ examined: number; removed: Array<{ file: string; reason: string }>; dryRun: boolean }>(['recordings', 'prune', '--dry-run'])
    expect(dry.code).toBe(0)
    expect(dry.body).toMatchObject({ examined: 3, dryRun: true })
    expect(dry.body.removed.map(({ file }) => file).sort()).toEqual(['omdb/refused.json', 'tmdb/603.json'])
    expect((await readdir(recordings, { recursive: true })).filter((name) => name.endsWith('.json'))).toHaveLength(3)

    const pruned = await work.run(['recordings', 'prune'])
    expect(pruned.code).toBe(0)
    expect(pruned.stdout).toMatch(/^Removed 2 of 3 recordings in /)
    expect(pruned.stdout).toContain('tmdb/603.json (tmdb GET /3/movie/603): it is about movie 550, not 603')

    const removed = await work.run(['recordings', 'rm', 'tmdb:550'])
    expect(removed).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Removed 1 of 1 recording in /) })
    expect((await readdir(recordings, { recursive: true })).filter((name) => name.endsWith('.json'))).toEqual([])

    const outside = await work.run(['recordings', 'rm', '../../etc/passwd'])
    expect(outside.code).toBe(2)
    expect(outside.stderr).toMatch(/^CINELAYER_ERR_PROVIDER_INPUT_INVALID: .*expected a movie id/)
  })
})
