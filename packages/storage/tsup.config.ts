import { packageBuild } from '../../tsup.shared.js'

// The contract suite is a second entry (`@cinelayer/storage/contract`); vitest, its peer, stays external.
export default packageBuild({ entry: { index: 'src/index.ts', contract: 'src/contract/index.ts' } })
