import { stat } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Options, build } from 'tsup'

const root = fileURLToPath(new URL('../../../', import.meta.url))

/** The CLI and, before it, every workspace package it loads at run time, in dependency order. */
const chain = ['core', 'storage', 'providers', 'housekeeping', 'cinelayer', 'watcher', 'server', 'cli']

/** Path of the built bin the tests run. */
export const builtCli = join(root, 'packages/cli/dist/cli.js')

/**
 * vitest global setup: builds the ESM JavaScript of the chain with each package's own tsup
 * config, without type declarations (the slow part) and without cleaning, so that the child
 * processes run the real `dist/cli.js` against real `dist` folders of its dependencies. About a
 * second in all, so it runs every time rather than guessing what is stale.
 */
export default async function setup(): Promise<void> {
  for (const name of chain) {
    const folder = join(root, 'packages', name)
    const config = ((await import(join(folder, 'tsup.config.ts'))) as { default: Options }).default
    await build({
      ...config,
      entry: absolute(config.entry ?? ['src/index.ts'], folder),
      outDir: join(folder, 'dist'),
      tsconfig: join(folder, 'tsconfig.json'),
      format: ['esm'],
      dts: false,
      clean: false,
      sourcemap: false,
      silent: true,
      config: false,
      // Bare imports stay imports: workspace packages load from their own dist, others from node_modules.
      external: [/^[^./]/],
    })
  }
  await stat(builtCli)
}

function absolute(entry: NonNullable<Options['entry']>, folder: string): NonNullable<Options['entry']> {
  const at = (path: string) => (isAbsolute(path) ? path : join(folder, path))
  if (Array.isArray(entry)) return entry.map(at)
  return Object.fromEntries(Object.entries(entry).map(([name, path]) => [name, at(path)]))
}
