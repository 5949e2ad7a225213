import { describeStoreContract } from '../src/contract/index.js'
import { memoryStorage, plainMemoryStorage } from './drivers.js'

describeStoreContract('cinelayer memory driver', memoryStorage)

// Any unstorage driver plugs in: without commits of its own, writes go one by one (not atomic).
describeStoreContract("unstorage's memory driver (no atomic commits)", plainMemoryStorage, { atomic: false })
