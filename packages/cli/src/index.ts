/**
 * `@cinelayer/cli`: the `cinelayer` command, an admin console over a cinelayer engine's data
 * folder. {@link runCli} runs it in-process; {@link defineConfig} types a `cinelayer.config.ts`.
 * @packageDocumentation
 */
export { runCli, exitCodes } from './run-cli.js'
export { type CliIo, type CliStream, processIo } from './cli-io.js'
export { type CinelayerConfig, type TmdbSettings, type WatchSettings, defineConfig } from './cli-config.js'
export { configFileNames, loadConfig, type LoadedConfig } from './config-file.js'
export {
  type CliErrorCode,
  CliConfigError,
  CliFileError,
  CliUsageError,
  ItemsFailedError,
  ResetRefusedError,
  ResetUnconfirmedError,
  ValidationFailedError,
  cliErrorCodes,
} from './errors.js'
