import { cinelayerProject } from '../vitest.shared.js'

// Forks: each offline snippet runs in a temporary working folder of its own (process.chdir).
export default cinelayerProject('docs', { pool: 'forks', testTimeout: 60_000, hookTimeout: 60_000 })
