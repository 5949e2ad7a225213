import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'

/** `edit <id> <field> <value> [--lock]`: a manual edit, which enrichment never overwrites. */
export function registerEdit(program: Command, run: CommandRunner): void {
  program
    .command('edit')
    .description('set a field of a movie by hand (kept through enrichment and downgrade); the value is read as JSON when it parses, else as text')
    .argument('<id>', 'movie id')
    .argument('<field>', 'field name: title, overview, tagline, runtime, genres…')
    .argument('<value>', 'new value: "The Matrix", 136, \'[{"id":18,"name":"Drama"}]\'')
    .option('--lock', 'also lock the field')
    .action(run(() => import('../actions/edit.js')))
}
