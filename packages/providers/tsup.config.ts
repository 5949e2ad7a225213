import { defineConfig } from 'tsup'

export default defineConfig({
  // Entries sit side by side in dist/ so that `../replay` (defaultReplayDir) is the package's
  // replay folder from every one of them.
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts', msw: 'src/msw/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // The CJS build needs import.meta.url (defaultReplayDir) shimmed.
  shims: true,
})
