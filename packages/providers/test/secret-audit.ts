import { type SecretAudit, createSecretAudit as createAudit, useSecretAudit as useAudit } from '../../../test-support/secret-audit.js'

export type { SecretAudit }

/** Credentials configured in the live-path tests: none may show up in anything they produce. */
export const secrets = {
  tmdbToken: 'tmdb-v4-token-7f3a9c2e1b8d4f60',
  tmdbApiKey: 'tmdb-v3-key-5e2b8a1c9d7f4036',
  omdbApiKey: 'omdb-key-a81f2c3d',
} as const

/** A fresh audit, checked against {@link secrets}. */
export const createSecretAudit = (): SecretAudit => createAudit(secrets)

/** An audit checked after every test of the file against {@link secrets}. */
export const useSecretAudit = (): SecretAudit => useAudit(secrets)
