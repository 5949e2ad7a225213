import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { cliErrorCodes } from '../src/index.js'

const docsPath = new URL('../../../docs/errors.md', import.meta.url)

/** The table rows of one package's section of docs/errors.md: code → meaning. */
function section(markdown: string, heading: string): Record<string, string> {
  const start = markdown.indexOf(`## ${heading}`)
  expect(start, `docs/errors.md has a section "## ${heading}"`).toBeGreaterThanOrEqual(0)
  const end = markdown.indexOf('\n## ', start + 1)
  const rows: Record<string, string> = {}
  for (const line of markdown.slice(start, end < 0 ? undefined : end).split('\n')) {
    const match = /^\| `(CINELAYER_ERR_[A-Z_]+)` \| (.+) \|$/.exec(line)
    if (match?.[1] && match[2]) rows[match[1]] = match[2].replace(/\\\|/g, '|')
  }
  return rows
}

describe('docs/errors.md', () => {
  it('lists every code of cliErrorCodes with its meaning, and no other in the CLI section', async () => {
    expect(section(await readFile(docsPath, 'utf8'), '`@cinelayer/cli`')).toEqual({ ...cliErrorCodes })
  })
})
