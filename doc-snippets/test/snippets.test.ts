import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Snippet, documentationSnippets } from '../src/extract.js'
import { exportsOf, probeSource, snippetModule } from '../src/snippet-modules.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
// Inside the repository, so that the snippets resolve the workspace packages as a reader's project would.
const outDir = join(root, 'doc-snippets/.generated')
const contextFile = join(root, 'doc-snippets/src/context.d.ts')

interface Generated {
  snippet: Snippet
  file: string
}

// Read at collection time: one test per offline snippet.
const snippets = await documentationSnippets(root)
const generated: Generated[] = snippets.map((snippet, i) => ({ snippet, file: join(outDir, `${String(i).padStart(3, '0')}-${snippet.file.replace(/\W+/g, '-')}-${snippet.line}.ts`) }))
let diagnostics: readonly ts.Diagnostic[] = []
/** Snippets that could not be made into a module (an offline one using a context it cannot have). */
const unusable: string[] = []

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(join(root, 'tsconfig.base.json'), ts.sys.readFile)
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root)
  return { ...parsed.options, noEmit: true, declaration: false, sourceMap: false }
}

beforeAll(async () => {
  await rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })
  const options = compilerOptions()
  const probeFile = join(outDir, 'probe.ts')
  await writeFile(probeFile, probeSource())
  const probe = ts.createProgram({ rootNames: [probeFile], options })
  const exports = exportsOf(probe, probeFile)
  for (const { snippet, file } of generated) {
    try {
      await writeFile(file, snippetModule(snippet, exports, root, file))
    } catch (error) {
      unusable.push(`${snippet.file}:${snippet.line}: ${(error as Error).message}`)
      await writeFile(file, `throw new Error(${JSON.stringify((error as Error).message)})\nexport {}\n`)
    }
  }
  const program = ts.createProgram({ rootNames: [contextFile, ...generated.map((item) => item.file)], options, oldProgram: probe })
  diagnostics = ts.getPreEmitDiagnostics(program)
}, 120_000)

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true })
})

/** `docs/x.md:12 (snippet line 3): message`, for a diagnostic in a generated module. */
function describeDiagnostic(diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
  const item = generated.find((entry) => entry.file === diagnostic.file?.fileName)
  if (!item || diagnostic.file === undefined || diagnostic.start === undefined) return `${diagnostic.file?.fileName ?? '(program)'}: ${message}`
  const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
  const codeStart = diagnostic.file.text.split('\n').findIndex((text) => text === item.snippet.code.split('\n')[0])
  const where = codeStart >= 0 && line >= codeStart ? `${item.snippet.file}:${item.snippet.line + 1 + line - codeStart}` : `${item.snippet.file}:${item.snippet.line} (prelude)`
  return `${where}: ${message}`
}

describe('the TypeScript snippets of README.md, docs/ and the package READMEs', () => {
  it('are found', () => {
    expect(snippets.length).toBeGreaterThan(20)
  })

  it('each say whether they run offline (// offline, or // not offline: why)', () => {
    const unmarked = snippets.filter((snippet) => snippet.mode === 'unmarked').map((snippet) => `${snippet.file}:${snippet.line}`)
    expect(unmarked).toEqual([])
  })

  it('use only what their mode allows (an offline one: engine, data, tmdb, or what it defines)', () => {
    expect(unusable).toEqual([])
  })

  it('type-check, against the workspace sources', () => {
    expect(diagnostics.map(describeDiagnostic)).toEqual([])
  })
})

describe('the snippets marked // offline run against the replay data', () => {
  const offline = generated.filter((item) => item.snippet.mode === 'offline')
  const saved = { cwd: process.cwd(), token: process.env.TMDB_TOKEN, omdb: process.env.OMDB_API_KEY }

  it.each(offline.map((item) => [`${item.snippet.file}:${item.snippet.line}`, item] as const))('%s', async (_, item) => {
    // A working folder of its own (./.cinelayer, ./lab…), and no credential: replay is the default.
    const work = await mkdtemp(join(tmpdir(), 'cinelayer-snippet-'))
    delete process.env.TMDB_TOKEN
    delete process.env.OMDB_API_KEY
    process.chdir(work)
    const cleanups: Array<() => Promise<unknown>> = []
    ;(globalThis as { __snippetCleanups?: Array<() => Promise<unknown>> }).__snippetCleanups = cleanups
    try {
      await import(pathToFileURL(item.file).href)
    } finally {
      for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => undefined)
      process.chdir(saved.cwd)
      if (saved.token !== undefined) process.env.TMDB_TOKEN = saved.token
      if (saved.omdb !== undefined) process.env.OMDB_API_KEY = saved.omdb
      await rm(work, { recursive: true, force: true })
    }
  })
})
