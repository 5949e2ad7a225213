import { readFile } from 'node:fs/promises'
import { CinelayerError } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import {
  StorageCorruptError,
  StorageIndexBrokenError,
  StorageLeaseTimeoutError,
  StorageLockFailedError,
  StorageLockedError,
  StorageMigrationFailedError,
  StorageMigrationMissingError,
  StorageReadError,
  StorageReadOnlyError,
  StorageRedisUnavailableError,
  StorageWriteError,
  storageErrorCodes,
} from '../src/index.js'

const tables = {
  'packages/storage/README.md': new URL('../README.md', import.meta.url),
  'docs/storage.md': new URL('../../../docs/storage.md', import.meta.url),
}

/** Rows of a markdown table of storage codes: code, class, meaning. */
async function documentedCodes(url: URL): Promise<Array<{ code: string; className: string; meaning: string }>> {
  const rows = (await readFile(url, 'utf8')).split('\n').filter((line) => line.startsWith('| `CINELAYER_ERR_STORAGE_'))
  return rows.map((row) => {
    const [code = '', className = '', meaning = ''] = row.split(' | ').map((cell) => cell.replace(/^\| /, '').replace(/ \|$/, '').trim().replaceAll('`', ''))
    return { code, className, meaning }
  })
}

/** The storage section of docs/errors.md: code → meaning. */
async function errorsPageSection(): Promise<Record<string, string>> {
  const markdown = await readFile(new URL('../../../docs/errors.md', import.meta.url), 'utf8')
  const start = markdown.indexOf('## `@cinelayer/storage`')
  const end = markdown.indexOf('\n## ', start + 1)
  const rows: Record<string, string> = {}
  for (const line of markdown.slice(start, end < 0 ? undefined : end).split('\n')) {
    const match = /^\| `(CINELAYER_ERR_[A-Z_]+)` \| (.+) \|$/.exec(line)
    if (match) rows[match[1]!] = match[2]!
  }
  return rows
}

describe('storage error codes', () => {
  const driverFailure = Object.assign(new Error('connect ECONNREFUSED redis://:s3cret@localhost:6379'), { code: 'ECONNREFUSED' })
  const key = 'movies:tmdb:550'
  const errors: CinelayerError[] = [
    new StorageCorruptError(key, new SyntaxError('Unexpected end of JSON input')),
    new StorageReadError(key, 'redis', driverFailure),
    new StorageWriteError(key, 'redis', driverFailure),
    new StorageLockedError('/data/movies:tmdb:550', { pid: 42, hostname: 'box', startedAt: '2026-11-21T00:00:00.000Z' }),
    new StorageLockFailedError('/data/movies:tmdb:550/.cinelayer-lock', 'create', Object.assign(new Error('EACCES: denied'), { code: 'EACCES' })),
    new StorageReadOnlyError(key, '/data'),
    new StorageIndexBrokenError('movies', key, 'a shard is missing'),
    new StorageMigrationMissingError('movie', key, 0, 1),
    new StorageMigrationFailedError('movie', key, 0, new TypeError('boom')),
    new StorageLeaseTimeoutError(`enrich:${key}`, 1000),
    new StorageRedisUnavailableError(`Redis for ${key} could not be reached`, driverFailure),
  ]

  it.each(Object.entries(tables))('the table of %s lists exactly the registry, with the same meanings and classes', async (_name, url) => {
    const documented = await documentedCodes(url)
    expect(Object.fromEntries(documented.map((row) => [row.code, row.meaning]))).toEqual(storageErrorCodes)
    expect(documented.map((row) => row.className).sort()).toEqual(errors.map((error) => error.name).sort())
  })

  it('docs/errors.md lists the same codes and meanings in its storage section', async () => {
    expect(await errorsPageSection()).toEqual(storageErrorCodes)
  })

  it('every code of the registry has its class', () => {
    expect(errors.map((error) => error.code).sort()).toEqual(Object.keys(storageErrorCodes).sort())
  })

  it.each(errors)('$name carries a registered code, names what failed, and keeps its cause', (error) => {
    expect(error).toBeInstanceOf(CinelayerError)
    expect(Object.keys(storageErrorCodes)).toContain(error.code)
    expect(error.message).toContain('movies:tmdb:550')
    if (!(error instanceof StorageLockedError || error instanceof StorageReadOnlyError || error instanceof StorageIndexBrokenError || error instanceof StorageMigrationMissingError || error instanceof StorageLeaseTimeoutError)) {
      expect(error.cause).toBeDefined()
    }
  })

  it('driver errors keep their message, which may hold a secret, out of ours', () => {
    for (const error of errors.filter((candidate) => candidate.cause === driverFailure)) {
      expect(error.message).not.toContain('s3cret')
      expect(error.message).toContain('ECONNREFUSED')
      expect(error.cause).toBe(driverFailure)
    }
  })
})
