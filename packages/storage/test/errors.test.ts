import { readFile } from 'node:fs/promises'
import { CinelayerError } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import { documentedErrorCodes } from '../../../test-support/error-docs.js'
import {
  StorageClosedError,
  StorageConflictError,
  StorageCorruptError,
  StorageLockFailedError,
  StorageLockedError,
  StorageMigrationFailedError,
  StorageMigrationMissingError,
  StorageOpenFailedError,
  StorageReadError,
  StorageReadOnlyError,
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

describe('storage error codes', () => {
  const driverFailure = Object.assign(new Error('connect ECONNREFUSED redis://:s3cret@localhost:6379'), { code: 'ECONNREFUSED' })
  const key = 'movies:tmdb:550'
  // One instance of every coded class, built as the package builds them.
  const errors: CinelayerError[] = [
    new StorageCorruptError(key, new SyntaxError('Unexpected end of JSON input')),
    new StorageReadError(key, 'redis', driverFailure),
    new StorageWriteError(key, 'redis', driverFailure),
    new StorageLockedError('/data/movies:tmdb:550', { pid: 42, hostname: 'box', startedAt: '2026-11-21T00:00:00.000Z' }),
    new StorageLockFailedError('/data/movies:tmdb:550/.cinelayer-lock', 'create', Object.assign(new Error('EACCES: denied'), { code: 'EACCES' })),
    new StorageReadOnlyError(key, '/data'),
    new StorageConflictError(key, 32),
    new StorageClosedError(`read of ${key}`),
    new StorageOpenFailedError('/data/movies:tmdb:550', 'the SQLite database cinelayer.db cannot be opened', driverFailure),
    new StorageMigrationMissingError('movie', key, 0, 1),
    new StorageMigrationFailedError('movie', key, 0, new TypeError('boom')),
  ]

  it.each(Object.entries(tables))('the table of %s lists exactly the registry, with the same meanings and classes', async (_name, url) => {
    const documented = await documentedCodes(url)
    expect(Object.fromEntries(documented.map((row) => [row.code, row.meaning]))).toEqual(storageErrorCodes)
    expect(documented.map((row) => row.className).sort()).toEqual(errors.map((error) => error.name).sort())
  })

  it('docs/errors.md lists the same codes and meanings in its storage section', async () => {
    expect(await documentedErrorCodes('`@cinelayer/storage`')).toEqual({ ...storageErrorCodes })
  })

  it('every code of the registry has its class', () => {
    expect(errors.map((error) => error.code).sort()).toEqual(Object.keys(storageErrorCodes).sort())
  })

  it.each(errors)('$name carries a registered code, names what failed', (error) => {
    expect(error).toBeInstanceOf(CinelayerError)
    expect(Object.keys(storageErrorCodes)).toContain(error.code)
    expect(error.message).toContain('movies:tmdb:550')
  })

  it('driver errors keep their message, which may hold a secret, out of ours, and keep it as the cause', () => {
    const wrapping = errors.filter((candidate) => candidate.cause === driverFailure)
    expect(wrapping).toHaveLength(3)
    for (const error of wrapping) {
      expect(error.message).not.toContain('s3cret')
      expect(error.message).toContain('ECONNREFUSED')
    }
  })

  it('a conflict tells whether it gave up after attempts', () => {
    expect(new StorageConflictError(key).details).toEqual({ key })
    expect(new StorageConflictError(key, 32)).toMatchObject({ details: { key, attempts: 32 }, message: expect.stringContaining('32 attempts') })
  })
})
