import { Command, CommanderError } from 'commander'
import packageJson from '../package.json' with { type: 'json' }
import type { GlobalOptions } from './cli-context.js'
import { type CliIo, processIo } from './cli-io.js'
import type { CommandAction, CommandRunner } from './command-runner.js'
import { registerCommands } from './commands/index.js'
import { Output, type OutputMode, codedError } from './output.js'

/** Exit codes of the `cinelayer` command. */
export const exitCodes = {
  /** The command did what was asked. */
  ok: 0,
  /** The command failed (an unknown id, a provider error, an item of a bulk command…). */
  failure: 1,
  /** The command line was wrong: one line says why, a second where the usage is. */
  usage: 2,
} as const

// Errors about what was typed rather than about the data: the command line must change.
const usageCodes = new Set([
  'CINELAYER_ERR_CLI_USAGE',
  'CINELAYER_ERR_CLI_RESET_UNCONFIRMED',
  'CINELAYER_ERR_EDIT_INVALID',
  'CINELAYER_ERR_ID_INVALID',
  'CINELAYER_ERR_LEVEL_UNKNOWN',
  'CINELAYER_ERR_OPTIONS_INVALID',
  'CINELAYER_ERR_PROVIDER_INPUT_INVALID',
  'CINELAYER_ERR_REFRESH_INVALID',
  'CINELAYER_ERR_SERVER_BIND_REFUSED',
  'CINELAYER_ERR_WATCHER_OPTIONS_INVALID',
])

/**
 * Runs the `cinelayer` command line and resolves with its exit code (0 ok, 1 failure, 2 usage);
 * it never calls `process.exit`, so a program or a test can run it in-process.
 * @param argv the arguments after the program name (`['get', 'tmdb:550', '--json']`)
 * @param io where to print and what environment to read. Default: the process's.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const mode = outputModeOf(argv)
  const out = new Output(io, mode)
  let current: Command | undefined
  const run: CommandRunner =
    (load) =>
    async (...args) => {
      const command = args.pop() as Command
      current = command
      // The engine and the configuration are loaded only now that a command runs.
      const [{ CliContext }, { default: action }] = await Promise.all([import('./cli-context.js'), load()])
      const context = await CliContext.create(io, command.optsWithGlobals<GlobalOptions>(), mode)
      // commander passes the arguments and options the command declares, in that order.
      await (action as (context: unknown, ...rest: unknown[]) => ReturnType<CommandAction>)(context, ...args)
    }
  const program = buildProgram(io, out, run)
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return exitCodes.ok
  } catch (error) {
    if (error instanceof CommanderError) return commanderExit(error, out)
    out.error(error)
    if (usageCodes.has(codedError(error).code)) {
      if (!mode.json) io.stderr.write(usageHint(current))
      return exitCodes.usage
    }
    return exitCodes.failure
  }
}

function buildProgram(io: CliIo, out: Output, run: CommandRunner): Command {
  const { mode } = out
  const program = new Command('cinelayer')
    .description('cinelayer: pilot and monitor the data folder of a cinelayer movie engine')
    .version(packageJson.version, '-v, --version', 'print the version')
    .option('--data <dir>', 'data folder (default: dataDir of the config, else ./.cinelayer)')
    .option('--replay <dir>', 'answer from recorded provider responses in this folder (no network, no key)')
    .option('--config <file>', 'configuration file (default: cinelayer.config.{ts,mts,js,mjs,json} in the working folder)')
    .option('--json', 'machine-readable output: one JSON document on stdout, no colours, no progress bar')
    .option('-q, --quiet', 'print only what was asked for')
    .option('--debug', 'print stacks and causes with errors')
    .option('--progress', 'draw progress bars even when stderr is not a terminal')
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeOut: (text) => io.stdout.write(out.redact(text)),
      writeErr: (text) => {
        // Help asked for goes to stdout; help on stderr is commander's answer to a missing command,
        // replaced by one line and a hint (commanderExit).
        if (!mode.json && !text.startsWith('Usage:')) io.stderr.write(out.redact(text))
      },
      // The error line comes before the help commander prints after it; with --json, commanderExit prints it.
      outputError: (text) => {
        // commander's "(Did you mean …?)" joins the error's line: one line says what is wrong.
        if (!mode.json) io.stderr.write(out.redact(`CINELAYER_ERR_CLI_USAGE: ${text.replace(/^error: /, '').replace(/\n\(Did you mean /, ' (did you mean ')}`))
      },
    })
  registerCommands(program, run)
  // Subcommands inherit the error handling: they throw instead of exiting the process, and say
  // where their usage is after an error rather than printing all of it.
  for (const command of [program, ...program.commands, ...program.commands.flatMap((command) => command.commands)]) {
    command.exitOverride()
    if (!mode.json) command.showHelpAfterError(usageHint(command).trimEnd())
  }
  return program
}

/** The hint after a usage error: which `--help` to read. */
function usageHint(command: Command | undefined): string {
  const names: string[] = []
  for (let current = command; current; current = current.parent ?? undefined) names.unshift(current.name())
  return `Run "${names.length > 0 ? names.join(' ') : 'cinelayer'} --help" for its usage.\n`
}

function commanderExit(error: CommanderError, out: Output): number {
  if (error.exitCode === 0) return exitCodes.ok
  // `cinelayer` alone prints the help on stderr and asks for a command; other errors are printed already, unless --json.
  const missingCommand = error.code === 'commander.help'
  if (missingCommand || out.mode.json) {
    const message = missingCommand ? 'cinelayer: a command is required' : error.message.replace(/^error: /, '')
    out.error({ code: 'CINELAYER_ERR_CLI_USAGE', message, details: { reason: error.code } })
  }
  if (missingCommand && !out.mode.json) out.hint(usageHint(undefined).trimEnd())
  return exitCodes.usage
}

/** The output mode, read before parsing so that even a parse error is printed the way asked. */
function outputModeOf(argv: readonly string[]): OutputMode {
  const end = argv.indexOf('--')
  const flags = new Set(end < 0 ? argv : argv.slice(0, end))
  return { json: flags.has('--json'), quiet: flags.has('--quiet') || flags.has('-q'), debug: flags.has('--debug') }
}
