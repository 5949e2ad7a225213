import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'
import { integerOption, portOption } from '../option-parsers.js'

/** `serve`: the engine as a long-running process (scheduler, watcher, HTTP API). */
export function registerServe(program: Command, run: CommandRunner): void {
  program
    .command('serve')
    .description(
      'run the engine until stopped (Ctrl-C): its scheduled jobs (housekeeping, trending, discover, the changes-feed refresh), the file watcher with --incoming and --library, and the HTTP API with --http',
    )
    .option('--http [port]', 'serve the HTTP API of @cinelayer/server (default port 3000; 0 picks a free one)', portOption)
    .option('--host <host>', 'where the HTTP API listens; a host other machines reach needs CINELAYER_API_KEY', '127.0.0.1')
    .option('--incoming <dir>', 'watch this folder for new videos (with --library; default: watch.incoming of the config)')
    .option('--library <dir>', 'organize the videos into this folder (default: watch.library of the config)')
    .option('--stable-ms <ms>', 'watcher: how long a file must keep its size before it is taken (default 3000)', integerOption(0))
    .option('--no-schedule', 'do not run the scheduled jobs')
    .action(run(() => import('../actions/serve.js')))
}
