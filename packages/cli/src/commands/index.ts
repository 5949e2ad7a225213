import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'
import { registerAdd } from './add.js'
import { registerDowngrade } from './downgrade.js'
import { registerEdit } from './edit.js'
import { registerEdits } from './edits.js'
import { registerEnrich } from './enrich.js'
import { registerEvents } from './events.js'
import { registerHousekeep } from './housekeep.js'
import { registerGet } from './get.js'
import { registerLocks } from './lock.js'
import { registerLab } from './lab.js'
import { registerLs } from './ls.js'
import { registerMigrate } from './migrate.js'
import { registerPeople } from './people.js'
import { registerPerson } from './person.js'
import { registerRecordings } from './recordings.js'
import { registerRefresh } from './refresh.js'
import { registerResolve } from './resolve.js'
import { registerSeed } from './seed.js'
import { registerServe } from './serve.js'
import { registerReindex } from './reindex.js'
import { registerReset } from './reset.js'
import { registerSearch } from './search.js'
import { registerStats } from './stats.js'
import { registerTransfer } from './transfer.js'
import { registerValidate } from './validate.js'
import { registerWatch } from './watch.js'

/** Adds every command to the program, in the order `--help` lists them. */
export function registerCommands(program: Command, run: CommandRunner): void {
  registerAdd(program, run)
  registerGet(program, run)
  registerSearch(program, run)
  registerPerson(program, run)
  registerPeople(program, run)
  registerLs(program, run)
  registerEnrich(program, run)
  registerRefresh(program, run)
  registerDowngrade(program, run)
  registerHousekeep(program, run)
  registerStats(program, run)
  registerEvents(program, run)
  registerValidate(program, run)
  registerReindex(program, run)
  registerMigrate(program, run)
  registerTransfer(program, run)
  registerSeed(program, run)
  registerEdit(program, run)
  registerLocks(program, run)
  registerEdits(program, run)
  registerWatch(program, run)
  registerResolve(program, run)
  registerServe(program, run)
  registerLab(program, run)
  registerRecordings(program, run)
  registerReset(program, run)
}
