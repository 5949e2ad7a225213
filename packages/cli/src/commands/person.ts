import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'
import { integerOption } from '../option-parsers.js'

/** `person <id>`: a person and a page of their filmography. */
export function registerPerson(program: Command, run: CommandRunner): void {
  program
    .command('person')
    .description("show a person (biography, birth, filmography), fetching what the catalog lacks")
    .argument('<id>', 'person id: 287, person:287, tmdb:287, nm0000093')
    .option('--page <n>', 'page of the filmography', integerOption(1), 1)
    .option('--page-size <n>', 'credits per page', integerOption(1), 20)
    .action(run(() => import('../actions/person.js')))
}
