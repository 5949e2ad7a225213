import { cinelayerProject } from '../../vitest.shared.js'

// The lifecycle writes some 250 people and their relations to a real SQLite store, twice: seconds, not milliseconds.
export default cinelayerProject('example-quickstart', { testTimeout: 30_000 })
