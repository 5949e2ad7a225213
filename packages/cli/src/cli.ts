import { runCli } from './run-cli.js'

// The bin: the exit code is set, never forced, so that pending output is flushed first.
void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
