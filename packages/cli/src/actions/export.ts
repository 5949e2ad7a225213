import { resolve } from 'node:path'
import { type CopyReport, type StoreKind, createStores, openDataFolder, storeIn } from 'cinelayer'
import { type CliContext, READ_ONLY } from '../cli-context.js'
import { CliUsageError, TransferRefusedError } from '../errors.js'

const formats: Record<string, StoreKind> = { json: 'fs', sqlite: 'sqlite' }

/** The `export` command. */
export default async function exportCommand(context: CliContext, target: string, options: { format?: string }): Promise<void> {
  const store = formats[options.format ?? 'json']
  if (!store) throw new CliUsageError('export', `--format must be json or sqlite, not ${JSON.stringify(options.format)}`)
  const dir = resolve(context.io.cwd, target)
  if (dir === context.dataDir) throw new TransferRefusedError(dir, 'it is the data folder itself')
  if (storeIn(dir) !== null) throw new TransferRefusedError(dir, 'it already holds a catalog; export into a missing or empty folder')
  const report = await context.withEngine(async (engine) => {
    const folder = openDataFolder(dir, { store })
    const stores = createStores(folder.storage, { levels: engine.levels })
    try {
      return await engine.copyTo(stores)
    } finally {
      await stores.close({ dispose: false })
      await folder.close()
    }
  }, READ_ONLY)
  printCopy(context, `Exported to ${dir} (${options.format ?? 'json'})`, report)
}

/** One line of what a copy moved. */
export function printCopy(context: CliContext, heading: string, report: CopyReport): void {
  context.out.result(report, (value) => {
    const parts = Object.entries(value.keys).map(([prefix, count]) => `${prefix} ${count}`)
    context.out.line(`${heading}: ${parts.join(', ') || 'nothing'} (${value.bytes} bytes)`)
  })
}
