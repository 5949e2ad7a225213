import { cinelayerProject } from '../../vitest.shared.js'

// The tests run the built bin as a child process: the global setup builds it first.
export default cinelayerProject('cli', { globalSetup: ['test/build-for-tests.ts'], testTimeout: 30_000, hookTimeout: 60_000 })
