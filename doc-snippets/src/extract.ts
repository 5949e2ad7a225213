import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'

/**
 * How a snippet says what it is. Its first line must be one of:
 * - `// offline`: it runs as is against the replay data, with no key and no network (and is type-checked);
 * - `// not offline: <why>`: it needs what a test cannot give (a token, a server, a folder of yours):
 *   it is type-checked only.
 */
export type SnippetMode = 'offline' | 'not-offline' | 'unmarked'

/** One TypeScript code block of a Markdown file. */
export interface Snippet {
  /** Markdown file, relative to the repository root. */
  file: string
  /** Line of the opening fence (1-based). */
  line: number
  code: string
  mode: SnippetMode
  /** For `not-offline`: why. */
  reason?: string
}

const fence = /^```(ts|typescript|tsx|mts)\s*$/
const offlineMarker = /^\/\/\s*offline\s*$/
const notOfflineMarker = /^\/\/\s*not offline:\s*(\S.*)$/

/** The TypeScript code blocks of a Markdown text, with their markers read. */
export function extractSnippets(markdown: string, file: string): Snippet[] {
  const lines = markdown.split('\n')
  const snippets: Snippet[] = []
  for (let i = 0; i < lines.length; i++) {
    if (!fence.test(lines[i]!.trim())) continue
    const start = i
    const body: string[] = []
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!.trim()); i++) body.push(lines[i]!)
    const first = body[0]?.trim() ?? ''
    const notOffline = notOfflineMarker.exec(first)
    const mode: SnippetMode = offlineMarker.test(first) ? 'offline' : notOffline ? 'not-offline' : 'unmarked'
    snippets.push({ file, line: start + 1, code: body.join('\n'), mode, ...(notOffline ? { reason: notOffline[1]! } : {}) })
  }
  return snippets
}

async function markdownIn(dir: string, recursive: boolean): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name)
    // docs/api is typedoc's output, not ours.
    if (entry.isDirectory() && recursive && entry.name !== 'api' && entry.name !== 'node_modules') found.push(...(await markdownIn(path, true)))
    else if (entry.isFile() && entry.name.endsWith('.md')) found.push(path)
  }
  return found
}

/** The Markdown files whose snippets are checked: README.md, docs/, and every package's and example's README. */
export async function documentationFiles(root: string): Promise<string[]> {
  const files = [join(root, 'README.md'), ...(await markdownIn(join(root, 'docs'), true))]
  for (const group of ['packages', 'examples']) {
    for (const entry of await readdir(join(root, group), { withFileTypes: true })) {
      if (entry.isDirectory()) files.push(...(await markdownIn(join(root, group, entry.name), false)).filter((file) => file.endsWith('README.md')))
    }
  }
  return files.map((file) => relative(root, file)).sort()
}

/** Every snippet of the documentation. */
export async function documentationSnippets(root: string): Promise<Snippet[]> {
  const snippets: Snippet[] = []
  for (const file of await documentationFiles(root)) snippets.push(...extractSnippets(await readFile(join(root, file), 'utf8'), file))
  return snippets
}
