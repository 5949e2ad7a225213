import type { CliContext } from './cli-context.js'

/** The body of a command: its context first, then commander's arguments and options. */
export type CommandAction<A extends unknown[]> = (context: CliContext, ...args: A) => Promise<void>

/** Turns a {@link CommandAction} into a commander action (it builds the context from the global options). */
export type CommandRunner = <A extends unknown[]>(action: CommandAction<A>) => (...args: unknown[]) => Promise<void>
