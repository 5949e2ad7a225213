import { createStorage } from 'unstorage'
import memoryDriver from 'unstorage/drivers/memory'
import { describeStoreContract } from './contract.js'

describeStoreContract('memory driver', () => ({ storage: createStorage({ driver: memoryDriver() }) }))
