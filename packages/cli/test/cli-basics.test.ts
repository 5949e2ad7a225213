import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Workspace, createWorkspace } from './cli-harness.js'

let work: Workspace

beforeAll(async () => {
  work = await createWorkspace()
})

afterAll(async () => {
  await work.cleanup()
})

describe('cinelayer, whatever the command', () => {
  it('prints its help with exit 0, and every command has one', async () => {
    const help = await work.run(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/Usage: cinelayer \[options\] \[command\]/)
    for (const command of ['add', 'get', 'search', 'person', 'ls']) {
      expect(help.stdout).toContain(`\n  ${command} `)
      const own = await work.run([command, '--help'])
      expect(own.code, command).toBe(0)
      expect(own.stdout).toMatch(new RegExp(`Usage: cinelayer ${command}`))
      expect(own.stdout).toContain('--json')
    }
  })

  it('answers a bad command line with the usage on stderr and exit 2', async () => {
    for (const args of [[], ['nope'], ['get'], ['get', 'tmdb:550', 'extra'], ['ls', '--page', 'two'], ['ls', '--frobnicate'], ['get', 'tmdb:abc'], ['get', '550', '--level', 'ultra']]) {
      const result = await work.run(args)
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stdout, args.join(' ')).toBe('')
      expect(result.stderr, args.join(' ')).toMatch(/^CINELAYER_ERR_[A-Z_]+: \S/m)
      expect(result.stderr, args.join(' ')).toContain('Usage: cinelayer')
    }
  })

  it('gives a usage error as JSON on stderr with --json, and nothing on stdout', async () => {
    const result = await work.run(['get', '--json'])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(JSON.parse(result.stderr)).toEqual({ error: { code: 'CINELAYER_ERR_CLI_USAGE', message: expect.stringContaining("missing required argument 'id'"), details: expect.any(Object) } })
  })
})
