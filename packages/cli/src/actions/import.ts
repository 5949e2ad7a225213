import { resolve } from 'node:path'
import { copyCatalog, createStores, openDataFolder, storeIn } from 'cinelayer'
import type { CliContext } from '../cli-context.js'
import { TransferRefusedError } from '../errors.js'
import { printCopy } from './export.js'

/** The `import` command: a catalog folder copied into the data folder. */
export default async function importCommand(context: CliContext, source: string): Promise<void> {
  const dir = resolve(context.io.cwd, source)
  if (dir === context.dataDir) throw new TransferRefusedError(dir, 'it is the data folder itself')
  const kind = storeIn(dir)
  if (kind === null) throw new TransferRefusedError(dir, 'it holds no cinelayer catalog (neither the fs JSON layout nor cinelayer.db)')
  const report = await context.withEngine(async (engine) => {
    // Read-only: the source is only read, and may be in use by its own engine.
    const folder = openDataFolder(dir, { store: kind, readOnly: true })
    const from = createStores(folder.storage, { levels: engine.levels })
    try {
      const copied = await copyCatalog(from, engine.stores)
      await engine.reindex()
      return copied
    } finally {
      await from.close({ dispose: false })
      await folder.close()
    }
  })
  printCopy(context, `Imported from ${dir}`, report)
}
