import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'
import { integerOption } from '../option-parsers.js'

/** `recordings prune` and `recordings rm <target...>`: drop recorded answers that should not be replayed. */
export function registerRecordings(program: Command, run: CommandRunner): void {
  const recordings = program
    .command('recordings')
    .description('the answers hybrid mode recorded (recordDir, default <data>/recordings): drop the bad ones so they are fetched again')
  recordings
    .command('prune')
    .description('remove recordings that should never have been kept: malformed bodies, answers about another movie, refusals, outages, oversized or unreadable files')
    .option('--dir <dir>', 'the recordings folder (default: recordDir of the config, else <data>/recordings)')
    .option('--dry-run', 'list what would be removed, remove nothing')
    .option('--max-body-bytes <bytes>', 'largest body kept (default 16 MiB)', integerOption(1))
    .action(run(() => import('../actions/recordings-prune.js')))
  recordings
    .command('rm')
    .description('remove the recordings of movies (tmdb:603, imdb:tt0133093, wikidata:Q83495) or files of the folder: the next request goes live')
    .argument('<target...>', 'movie ids or recording files')
    .option('--dir <dir>', 'the recordings folder (default: recordDir of the config, else <data>/recordings)')
    .option('--dry-run', 'list what would be removed, remove nothing')
    .action(run(() => import('../actions/recordings-rm.js')))
}
