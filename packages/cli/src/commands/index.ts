import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'
import { registerAdd } from './add.js'
import { registerEvents } from './events.js'
import { registerHousekeep } from './housekeep.js'
import { registerGet } from './get.js'
import { registerLs } from './ls.js'
import { registerPerson } from './person.js'
import { registerReset } from './reset.js'
import { registerSearch } from './search.js'
import { registerStats } from './stats.js'
import { registerWatch } from './watch.js'

/** Adds every command to the program, in the order `--help` lists them. */
export function registerCommands(program: Command, run: CommandRunner): void {
  registerAdd(program, run)
  registerGet(program, run)
  registerSearch(program, run)
  registerPerson(program, run)
  registerLs(program, run)
  registerHousekeep(program, run)
  registerStats(program, run)
  registerEvents(program, run)
  registerWatch(program, run)
  registerReset(program, run)
}
