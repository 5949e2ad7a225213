import { describe, expect, it } from 'vitest'
import { documentedErrorCodes } from '../../../test-support/error-docs.js'
import { cliErrorCodes } from '../src/index.js'

describe('docs/errors.md', () => {
  it('lists every code of cliErrorCodes with its meaning, and no other in the CLI section', async () => {
    expect(await documentedErrorCodes('`@cinelayer/cli`')).toEqual({ ...cliErrorCodes })
  })
})
