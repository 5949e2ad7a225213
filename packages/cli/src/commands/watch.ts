import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'
import { integerOption } from '../option-parsers.js'

/** `watch <incoming> <library>`: the file watcher in the foreground. */
export function registerWatch(program: Command, run: CommandRunner): void {
  program
    .command('watch')
    .description('watch an incoming folder: each new video is matched on TMDB, moved and renamed into the library (Ctrl-C to stop)')
    .argument('<incoming>', 'folder where new videos arrive')
    .argument('<library>', 'folder the videos are organized into')
    .option('--template <template>', 'naming template of the library (default: the watcher\'s, "{title} ({year})/{title} ({year}){ext}")')
    .option('--stable-ms <ms>', 'how long a file must keep its size before it is taken (default 3000)', integerOption(0))
    .option('--polling', 'poll the folders instead of relying on file system events (network shares)')
    .option('--once', 'reconcile, organize what is waiting in incoming, then exit (exit 1 when a file was left behind)')
    .action(run(() => import('../actions/watch.js')))
}
