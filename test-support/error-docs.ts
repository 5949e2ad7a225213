import { readFile } from 'node:fs/promises'

const docsPath = new URL('../docs/errors.md', import.meta.url)

/**
 * The table rows (code → meaning) of one package's section of docs/errors.md, so that each
 * package's test can hold its registry and the docs in step. Throws when the section is missing.
 * @param heading the section title after `## `, e.g. "`@cinelayer/core`"
 */
export async function documentedErrorCodes(heading: string): Promise<Record<string, string>> {
  const markdown = await readFile(docsPath, 'utf8')
  const start = markdown.indexOf(`\n## ${heading}`)
  if (start < 0) throw new Error(`docs/errors.md has no section "## ${heading}"`)
  const end = markdown.indexOf('\n## ', start + 1)
  const rows: Record<string, string> = {}
  for (const line of markdown.slice(start, end < 0 ? undefined : end).split('\n')) {
    const match = /^\| `(CINELAYER_ERR_[A-Z_]+)` \| (.+) \|$/.exec(line)
    if (match?.[1] && match[2]) rows[match[1]] = match[2].replace(/\\\|/g, '|')
  }
  return rows
}
