import { dirname, join, relative } from 'node:path'
import ts from 'typescript'
import type { Snippet } from './extract.js'

/**
 * Names the documentation uses without defining them, as a reader would read them: an engine, a
 * data provider... Declared in `context.d.ts` for the type check; an offline snippet gets real ones
 * (see {@link offlinePrelude}), so it may use only those.
 */
export const contextNames = ['engine', 'data', 'tmdb', 'live', 'id', 'movie', 'storage', 'tracker', 'url', 'credits', 'watcher', 'payloadField'] as const

/** What an offline snippet may use without defining it, and how it is made. */
const offlineContext: Record<string, string> = {
  engine: 'const engine = __createTestEngine()\n__cleanups.push(() => engine.close())',
  data: 'const data = new __JsonReplayProvider({ dir: __defaultReplayDir })',
  tmdb: 'const tmdb = new __TmdbProvider({ data: new __JsonReplayProvider({ dir: __defaultReplayDir }) })',
}

/** Modules whose exports a snippet may use without importing them, the most general first. */
const autoImportModules = [
  'cinelayer',
  'cinelayer/testing',
  'cinelayer/trace',
  'cinelayer/webhooks',
  '@cinelayer/core',
  '@cinelayer/providers',
  '@cinelayer/providers/msw',
  '@cinelayer/providers/testing',
  '@cinelayer/storage',
  '@cinelayer/housekeeping',
  '@cinelayer/watcher',
  '@cinelayer/server',
  '@cinelayer/cli',
]

/** The package a README documents comes first: its snippets speak its names. */
function moduleOrder(file: string): string[] {
  const match = /^packages\/([^/]+)\/README\.md$/.exec(file)
  if (!match) return autoImportModules
  const own = match[1] === 'cinelayer' ? 'cinelayer' : `@cinelayer/${match[1]}`
  return [own, ...autoImportModules.filter((name) => name !== own)]
}

/** A probe file that imports every auto-import module, to read their exports with a type checker. */
export function probeSource(): string {
  return `${autoImportModules.map((name, i) => `import * as m${i} from '${name}'`).join('\n')}\nexport const all = [${autoImportModules.map((_, i) => `m${i}`).join(', ')}]\n`
}

/** Exported names per auto-import module, read from the probe file of a program. */
export function exportsOf(program: ts.Program, probeFile: string): Map<string, Set<string>> {
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(probeFile)
  if (!source) throw new Error(`probe ${probeFile} is not in the program`)
  const found = new Map<string, Set<string>>()
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue
    const symbol = checker.getSymbolAtLocation(statement.moduleSpecifier)
    if (!symbol) throw new Error(`${statement.moduleSpecifier.text} does not resolve`)
    found.set(statement.moduleSpecifier.text, new Set(checker.getExportsOfModule(symbol).map((item) => item.name)))
  }
  return found
}

/** Names a snippet declares (imports, variables, functions, classes) and names it refers to. */
export function namesOf(code: string): { declared: Set<string>; referenced: Set<string> } {
  const source = ts.createSourceFile('snippet.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS)
  const declared = new Set<string>()
  const referenced = new Set<string>()
  const bind = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) declared.add(name.text)
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name)
  }
  const visit = (node: ts.Node): void => {
    if (ts.isImportSpecifier(node) || ts.isNamespaceImport(node) || ts.isImportClause(node)) {
      if (node.name) declared.add(node.name.text)
    } else if (ts.isVariableDeclaration(node) || ts.isParameter(node)) bind(node.name)
    else if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name) declared.add(node.name.text)
    else if (ts.isIdentifier(node)) {
      const parent = node.parent
      const isMember = (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node) || (ts.isQualifiedName(parent) && parent.right === node)
      const isKey = (ts.isPropertySignature(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isBindingElement(parent)) && parent.name === node
      if (!isMember && !isKey) referenced.add(node.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return { declared, referenced }
}

/** The runtime context an offline snippet gets for the context names it uses. */
function offlinePrelude(used: ReadonlySet<string>): string {
  const lines = [
    "import { createTestEngine as __createTestEngine } from 'cinelayer/testing'",
    "import { JsonReplayProvider as __JsonReplayProvider, TmdbProvider as __TmdbProvider, defaultReplayDir as __defaultReplayDir } from 'cinelayer'",
    '// Closed by the test after the snippet ran.',
    'const __cleanups: Array<() => Promise<unknown>> = ((globalThis as { __snippetCleanups?: Array<() => Promise<unknown>> }).__snippetCleanups ??= [])',
  ]
  for (const name of used) {
    const made = offlineContext[name]
    if (made === undefined) throw new Error(`an offline snippet cannot use "${name}" without defining it (offline context: ${Object.keys(offlineContext).join(', ')})`)
    lines.push(made)
  }
  return `${lines.join('\n')}\n`
}

/**
 * The module a snippet becomes: imports for the names it uses from cinelayer's packages without
 * importing them, relative imports rewritten from its Markdown file's folder, a runtime context for
 * an offline snippet, and `export {}` so that it is a module (top-level await, its own scope).
 * @param outFile where the module is written (relative imports are rewritten for it)
 */
export function snippetModule(snippet: Snippet, exports: ReadonlyMap<string, ReadonlySet<string>>, root: string, outFile: string): string {
  const { declared, referenced } = namesOf(snippet.code)
  const imports = new Map<string, string[]>()
  const contextUsed = new Set<string>()
  for (const name of referenced) {
    if (declared.has(name)) continue
    if ((contextNames as readonly string[]).includes(name)) {
      contextUsed.add(name)
      continue
    }
    const from = moduleOrder(snippet.file).find((module) => exports.get(module)?.has(name))
    if (from) imports.set(from, [...(imports.get(from) ?? []), name])
  }
  const markdownDir = join(root, dirname(snippet.file))
  const code = snippet.code.replace(/(from\s+|import\s*\(\s*)(['"])(\.{1,2}\/[^'"]+)\2/g, (_, lead: string, quote: string, path: string) => {
    const target = relative(dirname(outFile), join(markdownDir, path)).replaceAll('\\', '/')
    return `${lead}${quote}${target.startsWith('.') ? target : `./${target}`}${quote}`
  })
  const header = [...imports].map(([module, names]) => `import { ${names.sort().join(', ')} } from '${module}'`).join('\n')
  const prelude = snippet.mode === 'offline' ? offlinePrelude(contextUsed) : ''
  return `// ${snippet.file}:${snippet.line} (${snippet.mode}), generated by doc-snippets\n${header}\n${prelude}${code}\nexport {}\n`
}
