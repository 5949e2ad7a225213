import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'

/** `resolve <file> <id>`: matches an unmatched video file to a movie by hand. */
export function registerResolve(program: Command, run: CommandRunner): void {
  program
    .command('resolve')
    .description("match a video file the engine could not match (a local: movie) to a TMDB movie by hand; the local id becomes an alias")
    .argument('<file>', 'the video file (its path as added), or the local:<hex> id of its movie')
    .argument('<id>', 'the movie it is: tmdb:550, 550 or tt0137523 (checked with TMDB first)')
    .option('--level <level>', "level to bring the movie to (default: the engine's default level, basic)")
    .action(run(() => import('../actions/resolve.js')))
}
