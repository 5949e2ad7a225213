/**
 * What a Node developer gets from npm, checked from the packed tarballs (run after `pnpm build`):
 *
 * 1. every package's tarball holds its LICENSE, its README and its `dist`;
 * 2. a fresh project installs the tarballs with npm (`--prefer-offline`: packages from npm's cache
 *    when it has them, else from the registry; the tarballs themselves never leave this machine);
 * 3. `npx cinelayer --help` works there, and so does the library's own bin (`add 550`, offline);
 * 4. every entry point of every package loads with `import` and with `require`;
 * 5. the TypeScript snippets of packages/cinelayer/README.md marked `// offline` run there;
 * 6. a consumer compiling with `skipLibCheck: false` gets no type error from any entry point, and an
 *    unstorage instance of its own is accepted as the engine's `storage`.
 *
 *   pnpm exec tsx scripts/check-tarballs.ts [--keep]
 */
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import ts from 'typescript'
import { extractSnippets } from '../doc-snippets/src/extract.js'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const packages = ['core', 'storage', 'redis', 'providers', 'housekeeping', 'cinelayer', 'watcher', 'server', 'cli']
/**
 * Installed beside the tarballs: the optional peers entry points need (msw for `@cinelayer/providers/msw`,
 * vitest for `@cinelayer/storage/contract`), Node's types for the type check.
 */
const extras = ['msw@2.15.0', 'vitest@4', '@types/node@20']

const results: Array<{ name: string; ok: boolean; detail?: string }> = []
async function check(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body()
    results.push({ name, ok: true })
  } catch (error) {
    results.push({ name, ok: false, detail: error instanceof Error ? error.message : String(error) })
  }
}

async function sh(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  try {
    const { stdout } = await run(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 })
    return stdout
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string }
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${failed.stderr || failed.stdout || failed.message}`)
  }
}

interface Manifest {
  name: string
  exports?: Record<string, unknown>
}

async function manifest(pkg: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(root, 'packages', pkg, 'package.json'), 'utf8')) as Manifest
}

/** `cinelayer`, `cinelayer/testing`…: every import path a package offers (package.json excepted). */
function entryPoints(pkg: Manifest): string[] {
  return Object.keys(pkg.exports ?? { '.': true })
    .filter((key) => key !== './package.json')
    .map((key) => (key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`))
}

/** The entry points that offer `require` (an ESM-only one, such as the store contract suite, does not). */
function requirable(pkg: Manifest): string[] {
  const exports = (pkg.exports ?? {}) as Record<string, unknown>
  return entryPoints(pkg).filter((id) => {
    const key = id === pkg.name ? '.' : `./${id.slice(pkg.name.length + 1)}`
    const entry = exports[key]
    return entry === undefined || typeof entry !== 'object' || entry === null || 'require' in entry
  })
}

async function main(): Promise<void> {
  const keep = process.argv.includes('--keep')
  const work = await mkdtemp(join(tmpdir(), 'cinelayer-tarballs-'))
  const tarballs = join(work, 'tarballs')
  const project = join(work, 'project')
  await mkdir(tarballs)
  await mkdir(project)
  const manifests = await Promise.all(packages.map(manifest))
  const files: string[] = []

  await check('every tarball holds LICENSE, README.md and dist/', async () => {
    for (const pkg of packages) {
      const out = await sh('pnpm', ['pack', '--pack-destination', tarballs], join(root, 'packages', pkg))
      const file = out.trim().split('\n').at(-1)!.trim()
      files.push(file)
      const listing = (await sh('tar', ['-tzf', file], work)).split('\n')
      for (const wanted of ['package/LICENSE', 'package/README.md', 'package/package.json']) {
        if (!listing.includes(wanted)) throw new Error(`${pkg}: ${wanted} is not in ${file}`)
      }
      if (!listing.some((entry) => entry.startsWith('package/dist/'))) throw new Error(`${pkg}: no dist/ in ${file}`)
    }
  })

  await writeFile(join(project, 'package.json'), `${JSON.stringify({ name: 'fresh-consumer', private: true, type: 'module' }, null, 2)}\n`)
  await check('npm installs the tarballs in a fresh project', async () => {
    await sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...files, ...extras], project)
  })

  // A clean environment: a token in the developer's shell must not send the CLI to live TMDB.
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), NO_COLOR: '1' }
  await check('npx cinelayer --help', async () => {
    const help = await sh('npx', ['--no-install', 'cinelayer', '--help'], project, env)
    if (!/Usage: cinelayer/.test(help)) throw new Error(`unexpected help:\n${help}`)
  })
  await check("the library's own bin runs the CLI: cinelayer add 550, offline", async () => {
    const added = await sh(process.execPath, [join(project, 'node_modules/cinelayer/bin/cinelayer.js'), 'add', '550'], project, env)
    if (!/Added Fight Club \(1999\)\s+tmdb:550/.test(added)) throw new Error(`unexpected output:\n${added}`)
  })

  const entries = manifests.flatMap(entryPoints)
  const required = manifests.flatMap(requirable)
  await check(`every entry point loads with import, and with require where it offers it (${entries.length})`, async () => {
    const script = `for (const id of ${JSON.stringify(entries)}) await import(id)\nconst require = (await import('node:module')).createRequire(import.meta.url)\nfor (const id of ${JSON.stringify(required)}) require(id)\n`
    await writeFile(join(project, 'load-all.mjs'), script)
    await sh(process.execPath, ['load-all.mjs'], project, env)
  })

  const readme = await readFile(join(root, 'packages/cinelayer/README.md'), 'utf8')
  const offline = extractSnippets(readme, 'packages/cinelayer/README.md').filter((snippet) => snippet.mode === 'offline')
  await check(`the offline snippets of the cinelayer README run (${offline.length})`, async () => {
    if (offline.length === 0) throw new Error('no snippet marked // offline')
    for (const snippet of offline) {
      const js = ts.transpileModule(snippet.code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText
      const file = join(project, `readme-${snippet.line}.mjs`)
      await writeFile(file, js)
      await sh(process.execPath, [file], project, env)
    }
  })

  await check('skipLibCheck: false, every entry point: 0 type errors', async () => {
    const imports = entries.map((id, i) => `import * as entry${i} from '${id}'`).join('\n')
    await writeFile(join(project, 'types.ts'), `${imports}\nexport const entries = [${entries.map((_, i) => `entry${i}`).join(', ')}]\n`)
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, skipLibCheck: false, noEmit: true, types: ['node'] }, files: ['types.ts'] }),
    )
    await sh(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], project)
  })
  await check("an unstorage instance of the consumer's own is accepted as the engine's storage", async () => {
    const code = [
      "import { createStorage } from 'unstorage'",
      "import memoryDriver from 'unstorage/drivers/memory'",
      "import { createMovieEngine } from 'cinelayer'",
      'export const engine = createMovieEngine({ storage: createStorage({ driver: memoryDriver() }) })',
    ].join('\n')
    await writeFile(join(project, 'own-storage.ts'), `${code}\n`)
    // unstorage's own declarations need skipLibCheck (see above): this file imports unstorage itself.
    await writeFile(
      join(project, 'tsconfig.storage.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, skipLibCheck: true, noEmit: true, types: ['node'] }, files: ['own-storage.ts'] }),
    )
    await sh(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.storage.json'], project)
  })

  for (const result of results) console.log(`${result.ok ? 'ok  ' : 'FAIL'}  ${result.name}${result.detail ? `\n${result.detail}` : ''}`)
  const failed = results.filter((result) => !result.ok).length
  console.log(`tarballs: ${results.length - failed} passed, ${failed} failed`)
  if (keep) console.log(`kept ${work}`)
  else await rm(work, { recursive: true, force: true })
  process.exitCode = failed > 0 ? 1 : 0
}

await main()
