import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { JsonReplayProvider } from '../src/index.js'
import { dataProviderContract } from './data-provider-contract.js'
import { useTempDirs } from './temp-dir.js'

const tempDir = useTempDirs()

dataProviderContract('JsonReplayProvider (entries)', (entries) => new JsonReplayProvider({ entries }))

dataProviderContract('JsonReplayProvider (folder)', async (entries) => {
  const dir = await tempDir()
  for (const [index, entry] of entries.entries()) {
    const folder = join(dir, entry.request.source)
    await mkdir(folder, { recursive: true })
    await writeFile(join(folder, `entry-${index}.json`), JSON.stringify(entry))
  }
  return new JsonReplayProvider({ dir })
})
