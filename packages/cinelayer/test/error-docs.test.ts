import { describe, expect, it } from 'vitest'
import { documentedErrorCodes } from '../../../test-support/error-docs.js'
import { engineErrorCodes } from '../src/index.js'

describe('docs/errors.md', () => {
  it('lists every code of engineErrorCodes with its meaning, and no other in the cinelayer section', async () => {
    expect(await documentedErrorCodes('`cinelayer`')).toEqual({ ...engineErrorCodes })
  })
})
