import { readFile } from 'node:fs/promises'
import { CinelayerError } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import {
  HousekeepingImagesError,
  HousekeepingLevelUnknownError,
  HousekeepingOptionsError,
  HousekeepingReadError,
  HousekeepingWriteError,
  JobFailedError,
  JobUnknownError,
  RuleFailedError,
  RuleVerdictInvalidError,
  ScheduleInvalidError,
  housekeepingErrorCodes,
} from '../src/index.js'

describe('housekeepingErrorCodes', () => {
  it('is the table in the README, code for code and word for word', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8')
    const rows = [...readme.matchAll(/^\| `(CINELAYER_ERR_[A-Z_]+)` \| (.+) \|$/gm)].map((match) => [match[1], match[2]])
    expect(Object.fromEntries(rows)).toEqual(housekeepingErrorCodes)
  })

  it('names every code CINELAYER_ERR_HOUSEKEEPING_<WHAT>', () => {
    for (const code of Object.keys(housekeepingErrorCodes)) expect(code).toMatch(/^CINELAYER_ERR_HOUSEKEEPING_[A-Z]+(_[A-Z]+)*$/)
  })

  it('gives each class a registered code, the thing that failed and the cause', () => {
    const cause = new Error('EIO')
    const errors = [
      new RuleFailedError('flaky', 'tmdb:603', cause),
      new RuleVerdictInvalidError('flaky', 'tmdb:603', 'a verdict needs a non-empty reason'),
      new HousekeepingLevelUnknownError('Rule "flaky" on tmdb:603', 'bassic', ['initial', 'basic'], 'flaky'),
      new HousekeepingOptionsError('budgetBytes', 'expected a finite number of bytes >= 0, got -1'),
      new HousekeepingReadError('movie tmdb:603', cause),
      new HousekeepingWriteError('tmdb:603', 'basic', cause),
      new HousekeepingImagesError('tmdb:603', ['original'], cause),
      new ScheduleInvalidError('tmdb:603-refresh', 'has an invalid cron expression "61 * * * *"', cause),
      new JobUnknownError('tmdb:603-refresh', ['housekeeping']),
      new JobFailedError('tmdb:603-refresh', cause),
    ]
    for (const error of errors) {
      expect(error).toBeInstanceOf(CinelayerError)
      expect(Object.keys(housekeepingErrorCodes)).toContain(error.code)
      expect(error.message).toMatch(/tmdb:603|budgetBytes/)
      expect(error.name).toBe(error.constructor.name)
    }
    expect(new Set(errors.map((error) => error.code)).size).toBe(Object.keys(housekeepingErrorCodes).length)
    for (const error of [errors[0]!, errors[4]!, errors[5]!, errors[6]!, errors[7]!, errors[9]!]) expect(error.cause).toBe(cause)
  })
})
