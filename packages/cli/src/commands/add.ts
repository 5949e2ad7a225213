import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'
import { yearOption } from '../option-parsers.js'

/** `add <token>`: a movie by TMDB or IMDb id, or by title and year; a person; or a video file. */
export function registerAdd(program: Command, run: CommandRunner): void {
  program
    .command('add')
    .description(
      'add a movie (tmdb:550, 550, tt0137523, or a title: "Fight Club" --year 1999, searched and matched as the watcher matches a file), a person (person:287, person:nm0000093) or a video file (parsed, then matched on TMDB)',
    )
    .argument('<token>', 'movie id, title, person:<id>, or the path of a video file')
    .option('--year <year>', 'release year of a title (tells a remake from the original)', yearOption)
    .option('--level <level>', "level to bring a movie to (default: the engine's default level, basic)")
    .action(run(() => import('../actions/add.js')))
}
