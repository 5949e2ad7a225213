import type { CliContext } from './cli-context.js'

/** The body of a command: its context first, then commander's arguments and options. */
export type CommandAction = (context: CliContext, ...args: never[]) => Promise<void>

/**
 * Loads a command's body. Bodies are imported only when their command runs, so that `--help` and
 * usage errors answer without loading the engine.
 */
export type ActionLoader = () => Promise<{ default: CommandAction }>

/** Turns an {@link ActionLoader} into a commander action (it builds the context from the global options). */
export type CommandRunner = (load: ActionLoader) => (...args: unknown[]) => Promise<void>
