import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'
import { integerOption } from '../option-parsers.js'

/** `stats`: what the catalog holds, what it weighs, what is used, what it cost. */
export function registerStats(program: Command, run: CommandRunner): void {
  program
    .command('stats')
    .description('levels distribution, bytes per level and for images, most and least used movies, provider calls')
    .option('--top <n>', 'movies listed as most and least used', integerOption(0), 5)
    .action(run(() => import('../actions/stats.js')))
}
