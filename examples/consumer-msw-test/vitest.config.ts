import { cinelayerProject } from '../../vitest.shared.js'

// A jump to `deep` writes some 250 people and their relations to the fs store: seconds, not milliseconds.
export default cinelayerProject('example-consumer-msw-test', { testTimeout: 20_000 })
