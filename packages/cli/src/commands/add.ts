import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'

/** `add <token>`: a movie by TMDB or IMDb id, a person, or a video file. */
export function registerAdd(program: Command, run: CommandRunner): void {
  program
    .command('add')
    .description('add a movie (tmdb:550, 550, tt0137523), a person (person:287) or a video file (parsed, then matched on TMDB)')
    .argument('<token>', 'movie id, person:<id>, or the path of a video file')
    .option('--level <level>', "level to bring a movie to (default: the engine's default level, basic)")
    .action(run(() => import('../actions/add.js')))
}
