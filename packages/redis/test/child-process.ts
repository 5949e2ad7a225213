// The child-process helper of @cinelayer/storage's tests, on this package's children.
import { childRunner } from '../../storage/test/child-process.js'

export { type Child, onStdinLine } from '../../storage/test/child-process.js'

/** Starts `test/children/<name>.ts` (bundled) with `args`. */
export const { startChild } = childRunner(new URL('./children/', import.meta.url), new URL('../node_modules/.cache/', import.meta.url))
