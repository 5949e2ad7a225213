import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'

/** `seed <dir>`: fills the data folder from recorded responses, calling no provider. */
export function registerSeed(program: Command, run: CommandRunner): void {
  program
    .command('seed')
    .description('fill the data folder from a folder of recorded responses (replay entries): each recorded movie at the highest level its recordings allow, each recorded person; no network, no key')
    .argument('<dir>', 'folder of replay entries (what recording writes, or the replay dataset of @cinelayer/providers)')
    .option('--verbose', 'one line per movie (default: the failures and a summary)')
    .action(run(() => import('../actions/seed.js')))
}
