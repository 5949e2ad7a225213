import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { afterAll, expect } from 'vitest'

/**
 * Everything a test produced that a person, a client or a file could see, checked for credentials.
 * It searches on its own (raw, percent-encoded in either case, JSON-escaped, base64) rather than
 * through the redactor it checks: a test must not trust the code under test.
 */
export interface SecretAudit {
  /** A logger (`HttpDataProvider({ logger })`, a pino stream's `write`): every line is kept. */
  readonly logger: (line: string) => void
  /** Records an error: message, stack, details, inspection and every cause. Returns it. */
  error<T>(error: T): T
  /** Records events (bus events, anything JSON-serialisable). */
  event(event: unknown): void
  /** Records a text under a name (an HTTP answer with its headers, a CLI's output). */
  text(where: string, text: string): void
  /** Records every file under a folder, dot files and rotated traces included. Returns how many. */
  files(dir: string): Promise<number>
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
    else if (entry.isFile()) files.push(path)
  }
  return files
}

function errorTexts(error: unknown, depth = 0): string[] {
  if (depth > 6 || error === undefined || error === null) return []
  if (!(error instanceof Error)) return [inspect(error, { depth: 6 })]
  const details = (error as { details?: unknown }).details
  return [error.message, error.stack ?? '', JSON.stringify(details ?? {}), inspect(error, { depth: 6, showHidden: true }), ...errorTexts(error.cause, depth + 1)]
}

/** The forms a secret is searched in. */
function formsOf(secret: string): string[] {
  const encoded = encodeURIComponent(secret)
  return [secret, encoded, encoded.toLowerCase(), JSON.stringify(secret).slice(1, -1), Buffer.from(secret).toString('base64').replace(/=+$/, '')]
}

/** A fresh audit against these secrets (by name: `{ omdbApiKey: '…' }`). */
export function createSecretAudit(secrets: Readonly<Record<string, string>>): SecretAudit {
  const texts: Array<{ where: string; text: string }> = []
  const forms = Object.entries(secrets).map(([name, secret]) => [name, formsOf(secret)] as const)
  return {
    logger: (line) => texts.push({ where: `log line ${texts.length}`, text: line }),
    error(error) {
      for (const text of errorTexts(error)) texts.push({ where: `error ${(error as Error)?.name ?? typeof error}`, text })
      return error
    },
    event(event) {
      texts.push({ where: `event ${(event as { type?: string })?.type ?? ''}`, text: JSON.stringify(event) })
    },
    text(where, text) {
      texts.push({ where, text })
    },
    async files(dir) {
      const files = await listFiles(dir)
      // latin1: every byte is one character, so a binary file is searched byte for byte.
      for (const file of files) texts.push({ where: `file ${file}`, text: await readFile(file, 'latin1') })
      return files.length
    },
    findings() {
      const found = new Set<string>()
      for (const { where, text } of texts) {
        for (const [name, variants] of forms) if (variants.some((form) => text.includes(form))) found.add(`${where}: ${name}`)
      }
      return [...found]
    },
    get collected() {
      return texts.length
    },
  }
}

/** An audit checked after every test of the file: nothing collected may hold a secret. */
export function useSecretAudit(secrets: Readonly<Record<string, string>>): SecretAudit {
  const audit = createSecretAudit(secrets)
  afterAll(() => {
    expect(audit.collected, 'the audit collected something').toBeGreaterThan(0)
    expect(audit.findings()).toEqual([])
  })
  return audit
}
