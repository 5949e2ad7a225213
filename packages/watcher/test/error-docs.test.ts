import { describe, expect, it } from 'vitest'
import { documentedErrorCodes } from '../../../test-support/error-docs.js'
import { watcherErrorCodes } from '../src/index.js'

describe('docs/errors.md', () => {
  it('lists every code of watcherErrorCodes with its meaning, and no other in the watcher section', async () => {
    expect(await documentedErrorCodes('`@cinelayer/watcher`')).toEqual({ ...watcherErrorCodes })
  })
})
