import { createStorage } from 'unstorage'
import { describeStoreContract } from './contract.js'
import { stringOnlyDriver } from './drivers.js'

describeStoreContract('driver without raw methods (like redis)', () => ({ storage: createStorage({ driver: stringOnlyDriver() }) }))
