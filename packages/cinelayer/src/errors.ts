/** Codes raised by the `cinelayer` package itself. Kept in step with docs/errors.md by a test. */
export const engineErrorCodes = {
  CINELAYER_ERR_ENGINE_DATA_UNAVAILABLE: 'The data mode asked for cannot be built with the options given.',
} as const
