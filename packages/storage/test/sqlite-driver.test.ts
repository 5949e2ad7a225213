import { describeStoreContract } from '../src/contract/index.js'
import { sqliteStorage } from './drivers.js'

describeStoreContract('sqlite driver', sqliteStorage)
