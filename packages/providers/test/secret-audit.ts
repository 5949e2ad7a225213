import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { afterAll, expect } from 'vitest'

/** Credentials configured in the live-path tests: none may show up in anything they produce. */
export const secrets = {
  tmdbToken: 'tmdb-v4-token-7f3a9c2e1b8d4f60',
  tmdbApiKey: 'tmdb-v3-key-5e2b8a1c9d7f4036',
  omdbApiKey: 'omdb-key-a81f2c3d',
} as const

/** Everything a test produced that a person or a file could see. */
export interface SecretAudit {
  /** A logger for `HttpDataProvider({ logger })`. */
  readonly logger: (line: string) => void
  /** Records an error: message, stack, details, inspection and every cause. Returns it. */
  error<T>(error: T): T
  /** Records events (bus events, anything JSON-serialisable). */
  event(event: unknown): void
  /** Records every file under a folder (recordings). */
  files(dir: string): Promise<void>
  /** Where a secret was found, e.g. `["log line 3: tmdbToken"]`; empty when clean. */
  findings(): string[]
  /** How many texts were collected (an audit of nothing proves nothing). */
  readonly collected: number
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  const files: string[] = []
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) files.push(...(await listFiles(path)))
    else files.push(path)
  }
  return files
}

function errorTexts(error: unknown, depth = 0): string[] {
  if (depth > 6 || error === undefined || error === null) return []
  if (!(error instanceof Error)) return [inspect(error, { depth: 6 })]
  const details = (error as { details?: unknown }).details
  return [error.message, error.stack ?? '', JSON.stringify(details ?? {}), inspect(error, { depth: 6, showHidden: true }), ...errorTexts(error.cause, depth + 1)]
}

/** A fresh audit, checked against {@link secrets}. */
export function createSecretAudit(): SecretAudit {
  const texts: Array<{ where: string; text: string }> = []
  return {
    logger: (line) => texts.push({ where: `log line ${texts.length}`, text: line }),
    error(error) {
      for (const text of errorTexts(error)) texts.push({ where: `error ${(error as Error)?.name ?? typeof error}`, text })
      return error
    },
    event(event) {
      texts.push({ where: `event ${(event as { type?: string })?.type ?? ''}`, text: JSON.stringify(event) })
    },
    async files(dir) {
      for (const file of await listFiles(dir)) texts.push({ where: `file ${file}`, text: await readFile(file, 'utf8') })
    },
    findings() {
      const found = new Set<string>()
      for (const { where, text } of texts) {
        for (const [name, secret] of Object.entries(secrets)) {
          if (text.includes(secret) || text.includes(encodeURIComponent(secret))) found.add(`${where}: ${name}`)
        }
      }
      return [...found]
    },
    get collected() {
      return texts.length
    },
  }
}

/** An audit checked after every test of the file: nothing collected may hold a secret. */
export function useSecretAudit(): SecretAudit {
  const audit = createSecretAudit()
  afterAll(() => {
    expect(audit.collected, 'the audit collected something').toBeGreaterThan(0)
    expect(audit.findings()).toEqual([])
  })
  return audit
}
