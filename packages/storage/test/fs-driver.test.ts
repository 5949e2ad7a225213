import { describeStoreContract } from './contract.js'
import { fsStorage } from './drivers.js'

describeStoreContract('fs driver', fsStorage)
