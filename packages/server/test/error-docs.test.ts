import { describe, expect, it } from 'vitest'
import { documentedErrorCodes } from '../../../test-support/error-docs.js'
import { serverErrorCodes } from '../src/index.js'

describe('docs/errors.md', () => {
  it('lists every code of serverErrorCodes with its meaning, and no other in the server section', async () => {
    expect(await documentedErrorCodes('`@cinelayer/server`')).toEqual({ ...serverErrorCodes })
  })
})
