import { readFile } from 'node:fs/promises'
import { CinelayerError } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import { StorageCorruptError, StorageReadError, StorageWriteError, storageErrorCodes } from '../src/index.js'

const readme = new URL('../README.md', import.meta.url)

/** Rows of the README's error table: code, class, meaning. */
async function documentedCodes(): Promise<Array<{ code: string; className: string; meaning: string }>> {
  const rows = (await readFile(readme, 'utf8')).split('\n').filter((line) => line.startsWith('| `CINELAYER_ERR_STORAGE_'))
  return rows.map((row) => {
    const [code = '', className = '', meaning = ''] = row.split('|').slice(1, -1).map((cell) => cell.trim().replaceAll('`', ''))
    return { code, className, meaning }
  })
}

describe('storage error codes', () => {
  const driverFailure = Object.assign(new Error('connect ECONNREFUSED redis://:s3cret@localhost:6379'), { code: 'ECONNREFUSED' })
  const errors = [
    new StorageCorruptError('movies:tmdb:550', new SyntaxError('Unexpected end of JSON input')),
    new StorageReadError('movies:tmdb:550', 'redis', driverFailure),
    new StorageWriteError('movies:tmdb:550', 'redis', driverFailure),
  ]

  it('the README table lists exactly the registry, with the same meanings', async () => {
    const documented = await documentedCodes()
    expect(Object.fromEntries(documented.map((row) => [row.code, row.meaning]))).toEqual(storageErrorCodes)
    expect(documented.map((row) => row.className).sort()).toEqual(errors.map((error) => error.name).sort())
  })

  it.each(errors)('$name carries a registered code, the key, and its cause', (error) => {
    expect(error).toBeInstanceOf(CinelayerError)
    expect(Object.keys(storageErrorCodes)).toContain(error.code)
    expect(error.message).toContain('movies:tmdb:550')
    expect(error.details).toMatchObject({ key: 'movies:tmdb:550' })
    expect(error.cause).toBeDefined()
  })

  it('driver errors keep their message, which may hold a secret, out of ours', () => {
    for (const error of errors.slice(1)) {
      expect(error.message).not.toContain('s3cret')
      expect(error.message).toContain('ECONNREFUSED')
      expect(error.message).toContain('"redis"')
      expect(error.cause).toBe(driverFailure)
    }
  })
})
