import { packageBuild } from '../../tsup.shared.js'

export default packageBuild({
  entry: { index: 'src/index.ts', testing: 'src/subpaths/testing.ts', trace: 'src/subpaths/trace.ts', webhooks: 'src/subpaths/webhooks.ts', simulation: 'src/simulation/index.ts' },
  // `cinelayer/testing` imports the engine by the package's own name: kept as an import, not bundled twice.
  external: ['cinelayer'],
})
