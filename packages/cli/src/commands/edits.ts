import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'

/** `edits export <file>` and `edits import <file>`: manual edits and locks to and from JSON. */
export function registerEdits(program: Command, run: CommandRunner): void {
  const edits = program.command('edits').description('export the manual edits and locks to a JSON file, or import them (review, version, re-apply after a reset)')
  edits
    .command('export')
    .description('write every manual edit and lock to a JSON file ("-" prints it)')
    .argument('<file>', 'the file to write (replaced atomically), or - for stdout')
    .action(run(() => import('../actions/edits-export.js')))
  edits
    .command('import')
    .description('apply an edits file: each edit is applied, skipped (already so) or rejected (listed); a malformed file changes nothing')
    .argument('<file>', 'an edits file written by "edits export"')
    .action(run(() => import('../actions/edits-import.js')))
}
