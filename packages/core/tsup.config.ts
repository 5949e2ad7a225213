import { packageBuild } from '../../tsup.shared.js'

// `redactor` is its own entry so that a program can mask secrets without loading the engine (the
// CLI prints its errors through it before it knows which command runs).
export default packageBuild({ entry: { index: 'src/index.ts', redactor: 'src/secret-redactor.ts' } })
