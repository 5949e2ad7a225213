import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'
import { integerOption } from '../option-parsers.js'

/** `export <dir>` and `import <path>`: the whole catalog copied to another store, and back; or a dataset file imported. */
export function registerTransfer(program: Command, run: CommandRunner): void {
  program
    .command('export')
    .description('copy the whole catalog (records, usage, images, state) into a new data folder: the fs JSON layout, one readable file per record, by default')
    .argument('<dir>', 'folder to write: missing or empty')
    .option('--format <format>', 'json (one file per record) or sqlite (one database file)', 'json')
    .action(run(() => import('../actions/export.js')))
  program
    .command('import')
    .description(
      'a folder: copy a catalog exported with `export` (or any cinelayer data folder) into this one, records of the same ids replaced. ' +
        'A file: import a dataset (movie ids, titles with years, or video file paths; JSON, JSONL or text), with a progress bar and a report of each item; failures do not stop the others',
    )
    .argument('<path>', 'data folder to copy (fs JSON or SQLite), or dataset file to import')
    .option('--level <level>', 'dataset: bring each movie to this level (default: ids at the lowest level, titles and files at the default level)')
    .option('--concurrency <n>', 'dataset: items worked on at once (default 4)', integerOption(1))
    .option('--retry-failed', 'dataset: import again only the items that failed in the last import of this file')
    .option('--verbose', 'dataset: one line per item (default: the failures and a summary)')
    .action(run(() => import('../actions/import.js')))
}
