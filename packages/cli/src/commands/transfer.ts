import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'

/** `export <dir>` and `import <dir>`: the whole catalog copied to another store, and back. */
export function registerTransfer(program: Command, run: CommandRunner): void {
  program
    .command('export')
    .description('copy the whole catalog (records, usage, images, state) into a new data folder: the fs JSON layout, one readable file per record, by default')
    .argument('<dir>', 'folder to write: missing or empty')
    .option('--format <format>', 'json (one file per record) or sqlite (one database file)', 'json')
    .action(run(() => import('../actions/export.js')))
  program
    .command('import')
    .description('copy a catalog exported with `export` (or any cinelayer data folder) into this one; records of the same ids are replaced')
    .argument('<dir>', 'data folder to read: fs JSON or SQLite')
    .action(run(() => import('../actions/import.js')))
}
