import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'
import { collect, integerOption } from '../option-parsers.js'

/** `events [--follow] [--category C]`: the event trace of the data folder. */
export function registerEvents(program: Command, run: CommandRunner): void {
  program
    .command('events')
    .description('print the event trace of the data folder; --follow shows events live, also those of an engine running in another process')
    .option('-f, --follow', 'keep printing new events until interrupted (Ctrl-C)')
    .option('--category <category>', 'only this category (repeatable): ui, fs, schedule, cli, webhook, engine, housekeeping', collect)
    .option('--type <type>', 'only this event type (repeatable), e.g. MovieDowngraded', collect)
    .option('--limit <n>', 'the last n events of the trace (default 50; 0: all); with --follow, past events shown first (default 10; 0: none)', integerOption(0))
    .option('--interval <ms>', 'with --follow, how often the trace is checked', integerOption(10), 200)
    .action(run(() => import('../actions/events.js')))
}
