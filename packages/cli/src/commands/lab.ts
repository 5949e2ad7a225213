import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'
import { integerOption, portOption } from '../option-parsers.js'

/** `lab`: the lab page of @cinelayer/server on the data folder's engine, or on a simulation with `--simulate`. */
export function registerLab(program: Command, run: CommandRunner): void {
  program
    .command('lab')
    .description(
      'serve the lab page (plots, events, housekeeping, timelines) until stopped (Ctrl-C); --simulate runs an engine in memory against fake TMDB, Wikipedia and OMDb servers on loopback, with simulated users on a compressed clock, fully offline',
    )
    .option('--port <port>', 'where the page listens (0 picks a free one)', portOption, 3000)
    .option('--host <host>', 'a host other machines reach needs CINELAYER_API_KEY', '127.0.0.1')
    .option('--simulate', 'simulated users on fake upstream servers, instead of the data folder')
    .option('--movies <n>', 'simulation: movies in the catalog', integerOption(1), 400)
    .option('--days <n>', 'simulation: simulated days', integerOption(1), 120)
    .option('--requests-per-day <n>', 'simulation: requests a simulated day', integerOption(1), 60)
    .option('--day-ms <ms>', 'simulation: real milliseconds a simulated day lasts', integerOption(50), 2000)
    .option('--seed <n>', 'simulation: seed of the workload', integerOption(0), 20261206)
    .option('--no-outages', 'simulation: no bursts of 429s (TMDB) and 503s (Wikipedia) every three simulated weeks')
    .action(run(() => import('../actions/lab.js')))
}
