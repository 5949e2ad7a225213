import { defineConfig, type Options } from 'tsup'

/**
 * The build every cinelayer package shares: ESM + CJS with type declarations for Node 20.
 * @param overrides per-package additions (more entries, shims…)
 */
export function packageBuild(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    ...overrides,
  })
}
