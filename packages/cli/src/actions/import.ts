import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { copyCatalog, createStores, openDataFolder, storeIn } from 'cinelayer'
import type { CliContext } from '../cli-context.js'
import { CliFileError, CliUsageError, TransferRefusedError } from '../errors.js'
import { printCopy } from './export.js'
import { type DatasetImportOptions, importDataset } from './import-dataset.js'

/** The `import` command: a catalog folder copied into the data folder, or a dataset file imported. */
export default async function importCommand(context: CliContext, source: string, options: DatasetImportOptions): Promise<void> {
  const path = resolve(context.io.cwd, source)
  const kind = kindOf(path)
  if (kind === 'file') return importDataset(context, path, options)
  const datasetFlags = (['level', 'concurrency', 'retryFailed'] as const).filter((flag) => options[flag] !== undefined)
  if (datasetFlags.length > 0) throw new CliUsageError('import', `${datasetFlags.map(flagName).join(', ')} go with a dataset file, not with a catalog folder`)
  return importCatalog(context, path)
}

function kindOf(path: string): 'file' | 'folder' {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'file'
  } catch (cause) {
    throw new CliFileError(path, 'find', cause)
  }
}

function flagName(flag: 'level' | 'concurrency' | 'retryFailed'): string {
  return flag === 'retryFailed' ? '--retry-failed' : `--${flag}`
}

async function importCatalog(context: CliContext, dir: string): Promise<void> {
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
