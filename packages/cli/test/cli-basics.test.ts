import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../src/index.js'
import { type Workspace, createWorkspace, replayDir } from './cli-harness.js'

let work: Workspace

beforeAll(async () => {
  work = await createWorkspace()
})

afterAll(async () => {
  await work.cleanup()
})

describe('cinelayer, whatever the command', () => {
  it('prints its help with exit 0, listing every command, and each command has its own', async () => {
    const help = await work.run(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/Usage: cinelayer \[options\] \[command\]/)
    const commands = ['add', 'get', 'search', 'person', 'ls', 'enrich', 'downgrade', 'housekeep', 'stats', 'events', 'validate', 'reindex', 'migrate', 'edit', 'lock', 'unlock', 'edits', 'watch', 'recordings', 'reset']
    for (const command of commands) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'))
    for (const args of [['enrich', '--help'], ['edits', 'export', '--help'], ['help', 'events']]) {
      const own = await work.run(args)
      expect(own.code, `${args.join(' ')}: ${own.stderr}`).toBe(0)
      expect(own.stdout).toMatch(new RegExp(`^Usage: cinelayer ${args.filter((arg) => arg !== 'help' && arg !== '--help').join(' ')} `, 'm'))
      expect(own.stdout).toContain('--json')
    }
    const version = await work.run(['--version'])
    expect(version).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) })
  })

  it('shows only ids the replay data answers in its help: each one works offline', async () => {
    const idsIn = async (command: string) => [...new Set((await work.run([command, '--help'])).stdout.match(/(?<!--year )\b(?:tmdb:\d+|person:\d+|imdb:tt\d+|tt\d+|wikidata:Q\d+|\d{2,})\b/g) ?? [])]
    const toAdd = await idsIn('add')
    expect(toAdd).toEqual(expect.arrayContaining(['tmdb:550', '550', 'tt0137523', 'person:287']))
    for (const id of toAdd) expect({ id, ...(await work.run(['add', id, '--quiet'])) }).toMatchObject({ id, code: 0 })
    // Ids of known movies (aliases included) once the movie is deep.
    expect(await work.run(['enrich', '550', '--level', 'deep', '--quiet'])).toMatchObject({ code: 0 })
    const known = [...new Set([...(await idsIn('get')), ...(await idsIn('enrich')), ...(await idsIn('downgrade'))])]
    expect(known.length).toBeGreaterThan(3)
    for (const id of known) expect({ id, ...(await work.run(['get', id, '--quiet'])) }).toMatchObject({ id, code: 0 })
  })

  it('answers a bad command line with an error and a hint on stderr and exit 2', async () => {
    for (const args of [[], ['nope'], ['get'], ['get', 'tmdb:550', 'extra'], ['ls', '--page', 'two'], ['ls', '--frobnicate'], ['get', 'tmdb:abc'], ['get', '550', '--level', 'ultra']]) {
      const result = await work.run(args)
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stdout, args.join(' ')).toBe('')
      expect(result.stderr, args.join(' ')).toMatch(/^CINELAYER_ERR_[A-Z_]+: \S/m)
      expect(result.stderr, args.join(' ')).toMatch(/^Run "cinelayer.* --help" for its usage\.$/m)
      expect(result.stderr, args.join(' ')).not.toContain('Usage: cinelayer')
    }
  })

  it('gives a usage error as JSON on stderr with --json, and nothing on stdout', async () => {
    const result = await work.run(['get', '--json'])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(JSON.parse(result.stderr)).toEqual({ error: { code: 'CINELAYER_ERR_CLI_USAGE', message: expect.stringContaining("missing required argument 'id'"), details: expect.any(Object) } })
  })
})

describe('runCli, in a program', () => {
  function captured(signal?: AbortSignal) {
    const out = { stdout: '', stderr: '' }
    const io = {
      stdout: { write: (text: string) => void (out.stdout += text) },
      stderr: { write: (text: string) => void (out.stderr += text) },
      env: { TMDB_TOKEN: 'token-that-must-not-show-1234' },
      cwd: work.dir,
      ...(signal ? { signal } : {}),
    }
    return { out, io }
  }

  it('resolves with the exit code and writes only to the io it is given', async () => {
    const ok = captured()
    expect(await runCli(['--data', 'in-process', '--replay', replayDir, 'ls', '--json'], ok.io)).toBe(0)
    expect(JSON.parse(ok.out.stdout)).toMatchObject({ totalResults: 0, results: [] })
    const usage = captured()
    expect(await runCli(['ls', '--page', '0'], usage.io)).toBe(2)
    expect(usage.out.stderr).toMatch(/^CINELAYER_ERR_CLI_USAGE: option '--page <n>' argument '0' is invalid/)
  })

  it('stops events --follow when its signal aborts', async () => {
    const follow = captured(AbortSignal.abort())
    expect(await runCli(['--data', 'in-process', 'events', '--follow'], follow.io)).toBe(0)
    expect(follow.out.stdout).toBe('')
  })
})
