import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type FakeServer, startFakeTmdbServer } from '@cinelayer/providers/testing'
import type { Movie } from 'cinelayer'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/index.js'
import { type Workspace, createWorkspace, replayDir } from './cli-harness.js'

let work: Workspace

beforeEach(async () => {
  work = await createWorkspace()
})

afterEach(async () => {
  await work.cleanup()
})

describe('configuration', () => {
  it('reads cinelayer.config.json: data folder (relative to the file) and default level; flags win', async () => {
    await writeFile(join(work.dir, 'cinelayer.config.json'), JSON.stringify({ dataDir: './catalog', defaultLevel: 'medium', replayDir }))
    const { code, body } = await work.json<Movie>(['get', '550'], { bare: true })
    expect(code).toBe(0)
    expect(body.level).toBe('medium')
    expect(await readdir(join(work.dir, 'catalog'))).toContain('cinelayer.db')
    const flagged = await work.json<Movie>(['--data', work.dataDir, 'get', '550', '--level', 'basic'], { bare: true })
    expect(flagged.body.level).toBe('basic')
    expect(await readdir(work.dataDir)).toContain('cinelayer.db')
  })

  it('reads a cinelayer.config.ts, compiled on the fly, or the file given with --config', async () => {
    await writeFile(join(work.dir, 'cinelayer.config.ts'), `const level: string = 'medium'\nexport default { dataDir: './ts-catalog', defaultLevel: level, replayDir: ${JSON.stringify(replayDir)} }\n`)
    const { code, body, stderr } = await work.json<Movie>(['get', '550'], { bare: true })
    expect(code, stderr).toBe(0)
    expect(body.level).toBe('medium')
    expect(await readdir(join(work.dir, 'ts-catalog'))).toContain('cinelayer.db')
    await writeFile(join(work.dir, 'other.json'), JSON.stringify({ defaultLevel: 'deep' }))
    const other = await work.json<Movie>(['--config', 'other.json', 'get', '550'])
    expect(other.body.level).toBe('deep')
  })

  it('finds the configuration in a folder above the working folder, and takes its paths from there', async () => {
    await writeFile(join(work.dir, 'cinelayer.config.json'), JSON.stringify({ dataDir: './catalog' }))
    const sub = join(work.dir, 'a', 'b')
    await mkdir(sub, { recursive: true })
    await expect(loadConfig(sub)).resolves.toEqual({ file: join(work.dir, 'cinelayer.config.json'), config: { dataDir: join(work.dir, 'catalog') } })
    // The nearest wins.
    await writeFile(join(work.dir, 'a', 'cinelayer.config.json'), JSON.stringify({ defaultLevel: 'medium' }))
    await expect(loadConfig(sub)).resolves.toMatchObject({ file: join(work.dir, 'a', 'cinelayer.config.json'), config: { defaultLevel: 'medium' } })
  })

  it('refuses a config file that is not valid, naming the file and the setting', async () => {
    await writeFile(join(work.dir, 'cinelayer.config.json'), '{ "dataDir": ')
    const broken = await work.run(['ls'])
    expect(broken.code).toBe(1)
    expect(broken.stderr).toMatch(/^CINELAYER_ERR_CLI_CONFIG_INVALID: Configuration file .*cinelayer\.config\.json: is not valid JSON/)
    await writeFile(join(work.dir, 'cinelayer.config.json'), JSON.stringify({ tmdbToken: 'x', defaultLevel: 3 }))
    const wrong = await work.run(['ls'])
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toMatch(/has invalid settings \(.*defaultLevel.*\)/)
    expect(wrong.stderr).toMatch(/tmdbToken/)
    const missing = await work.run(['--config', 'nope.json', 'ls'])
    expect(missing.stderr).toMatch(/^CINELAYER_ERR_CLI_CONFIG_INVALID: Configuration file .*nope\.json: not found/)
  })

  it('never prints the value of a secret from the environment, even in an error with --debug', async () => {
    const secret = 'tmdb-secret-0123456789'
    await writeFile(join(work.dir, 'cinelayer.config.ts'), 'export default (() => { throw new Error(`bad token ${process.env.TMDB_TOKEN}`) })()\n')
    const result = await work.run(['--debug', 'ls'], { env: { TMDB_TOKEN: secret } })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^CINELAYER_ERR_CLI_CONFIG_INVALID: .*bad token \[redacted\]/)
    expect(result.stderr).toMatch(/caused by: /)
    expect(result.stderr + result.stdout).not.toContain(secret)
  })

  it('masks the API key, the webhook secret and the Redis password too, percent-encoded or not', async () => {
    const secrets = { CINELAYER_API_KEY: 'cli-api-key-5e1d9f02', CINELAYER_WEBHOOK_SECRET: 'cli-webhook-secret-77ab', REDIS_URL: 'redis://:cli-redis-pw%2F9@127.0.0.1:6379' }
    const leaked = `${secrets.CINELAYER_API_KEY} ${encodeURIComponent(secrets.CINELAYER_WEBHOOK_SECRET)} cli-redis-pw/9`
    await writeFile(join(work.dir, 'cinelayer.config.ts'), `export default (() => { throw new Error(${JSON.stringify(leaked)}) })()\n`)
    const result = await work.run(['--debug', 'ls'], { env: secrets })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/\[redacted\] \[redacted\] \[redacted\]/)
    for (const value of [secrets.CINELAYER_API_KEY, secrets.CINELAYER_WEBHOOK_SECRET, 'cli-redis-pw']) expect(result.stderr + result.stdout).not.toContain(value)
  })
})

describe('TMDB settings and TMDB_TOKEN', () => {
  let tmdb: FakeServer | undefined
  afterEach(async () => {
    await tmdb?.close()
  })

  it('adds TMDB_TOKEN to the configured tmdb section: the baseURL (written as TMDB documents it, …/3) is kept', async () => {
    const token = 'tmdb-token-for-the-fake-0123'
    tmdb = await startFakeTmdbServer({ auth: { token } })
    await writeFile(join(work.dir, 'cinelayer.config.json'), JSON.stringify({ dataDir: './data', tmdb: { baseURL: `${tmdb.url}/3` } }))
    const added = await work.json<Movie>(['add', '603'], { bare: true, env: { TMDB_TOKEN: token } })
    expect(added.stderr).toBe('')
    expect(added).toMatchObject({ code: 0, body: { movie: { id: 'tmdb:603', level: 'basic' } } })
    expect(tmdb.counters).toEqual({ movie: 1 })
  })

  it('refuses credentials written in the tmdb section of a JSON config', async () => {
    await writeFile(join(work.dir, 'cinelayer.config.json'), JSON.stringify({ tmdb: { token: 'committed-secret-0123' } }))
    const result = await work.run(['ls'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/has invalid settings \(tmdb: .*token/)
    expect(result.stderr).not.toContain('committed-secret-0123')
  })
})

describe('colours', () => {
  it('styles with ANSI codes when FORCE_COLOR asks for them, never in a pipe by default or with --json', async () => {
    const forced = await work.run(['add', '550'], { env: { FORCE_COLOR: '1' } })
    expect(forced.stdout).toContain('\u001b[1mFight Club (1999)\u001b[22m')
    expect((await work.run(['get', '550'])).stdout).not.toContain('\u001b[')
    expect((await work.run(['get', '550', '--json'], { env: { FORCE_COLOR: '1' } })).stdout).not.toContain('\u001b[')
  })
})

describe('output modes', () => {
  it('--quiet prints only what was asked; --json one parseable document', async () => {
    const quiet = await work.run(['add', '550', '--quiet'])
    expect(quiet).toMatchObject({ code: 0, stdout: 'tmdb:550\n' })
    const ls = await work.run(['ls', '-q'])
    expect(ls.stdout).not.toMatch(/page 1 of/)
    const json = await work.json<{ totalResults: number }>(['ls'])
    expect(json.body.totalResults).toBe(1)
    expect(json.stderr).toBe('')
  })
})
