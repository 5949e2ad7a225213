import { describe, expect, it } from 'vitest'
import { documentedErrorCodes } from '../../../test-support/error-docs.js'
import { coreErrorCodes } from '../src/index.js'

describe('docs/errors.md', () => {
  it('lists every code of coreErrorCodes with its meaning, and no other in the core section', async () => {
    expect(await documentedErrorCodes('`@cinelayer/core`')).toEqual({ ...coreErrorCodes })
  })
})
