import { packageBuild } from '../../tsup.shared.js'

// One build for both entries: the library (`runCli`, typed) and the bin, which needs the shebang.
// A second build would race the first one's `clean`.
export default packageBuild({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  dts: { entry: { index: 'src/index.ts' } },
  banner: { js: '#!/usr/bin/env node' },
})
