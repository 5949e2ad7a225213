#!/usr/bin/env node
// `npx cinelayer` in a project that installed the library: the command is @cinelayer/cli's (a
// dependency of this package), run as its own bin runs it. The exit code is set, never forced, so
// that pending output is flushed first.
import { runCli } from '@cinelayer/cli'

process.exitCode = await runCli(process.argv.slice(2))
