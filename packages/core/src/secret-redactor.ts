/** The text put where a credential was. */
export const REDACTED = '[redacted]'

/** Shortest secret looked for: replacing every "abc" of a log line would hide everything and protect nothing. */
const MIN_SECRET_LENGTH = 4

/** Shortest base64 run looked for: a shorter one would match ordinary base64 data by chance. */
const MIN_BASE64_FORM = 10

/**
 * Removes every configured secret from what leaves the process or is stored. It knows each secret
 * in the forms it travels in: raw, percent-encoded (upper- and lower-case hex, `+` for spaces),
 * JSON-escaped, and base64 / base64url at any alignment (inside a `Basic` header, say). Call it on a
 * text; `value`, `error` and `with` cover the other shapes.
 */
export interface Redactor {
  /** The text with every form of every secret replaced by {@link REDACTED}. */
  (text: string): string
  /** Whether `text` holds a form of a secret. */
  finds(text: string): boolean
  /**
   * A JSON-like value (event, record, log object) with every string redacted, keys included. The
   * same value when nothing needed redacting, else a copy: the value given is never changed.
   */
  value<T>(value: T): T
  /**
   * Redacts an error in place (message, stack, `details`, and the same along its `cause` chain) and
   * returns it: errors are thrown on, so the one object must be clean.
   */
  error<T>(error: T): T
  /** A redactor that also knows these secrets. */
  with(secrets: Iterable<string | null | undefined>): Redactor
  /** Whether it knows no secret (then it changes nothing). */
  readonly empty: boolean
}

function percentForms(secret: string): string[] {
  const upper = encodeURIComponent(secret)
  const lower = upper.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase())
  return [upper, lower, upper.replace(/%20/g, '+'), encodeURI(secret)]
}

/**
 * The base64 characters that depend only on the secret's bytes, for each of the three offsets it
 * may start at inside a longer encoded text.
 */
function base64Forms(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret)
  const forms: string[] = []
  for (const offset of [0, 1, 2]) {
    // btoa takes one character per byte: the secret's UTF-8 bytes after `offset` zero bytes.
    const encoded = btoa(String.fromCharCode(...new Array<number>(offset).fill(0), ...bytes))
    const inner = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6))
    if (inner.length < MIN_BASE64_FORM) continue
    forms.push(inner, inner.replace(/\+/g, '-').replace(/\//g, '_'))
  }
  return forms
}

/** Every form a secret is looked for in. */
function secretForms(secret: string): string[] {
  return [secret, JSON.stringify(secret).slice(1, -1), ...percentForms(secret), ...base64Forms(secret)]
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object') return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/** A secret, and the password inside it when it is a URL (`redis://:password@host`): that travels alone too. */
function withUrlPassword(secret: string): string[] {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(secret)) return [secret]
  try {
    const { password } = new URL(secret)
    if (!password) return [secret]
    let decoded = password
    try {
      decoded = decodeURIComponent(password)
    } catch {
      // A malformed escape: the raw password is what there is to hide.
    }
    return [secret, password, decoded]
  } catch {
    return [secret]
  }
}

/**
 * A redactor for these secrets (empty and short values are ignored: see {@link Redactor}). A URL
 * given as a secret (a Redis URL) brings its password along. Build one per set of credentials and
 * share it: the secrets live only inside it.
 */
export function createRedactor(secrets: Iterable<string | null | undefined>): Redactor {
  const given = [...secrets].filter((secret): secret is string => typeof secret === 'string').flatMap(withUrlPassword)
  const known = [...new Set(given.filter((secret) => secret.length >= MIN_SECRET_LENGTH))]
  // Longest first, so that a secret containing another is replaced whole.
  const forms = [...new Set(known.flatMap(secretForms))].filter((form) => form.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length)
  const source = forms.map(escapeRegExp).join('|')
  const pattern = forms.length === 0 ? undefined : new RegExp(source, 'g')
  // Most texts hold no secret: V8 searches an alternation of literals fast, and a test keeps no state.
  const tester = forms.length === 0 ? undefined : new RegExp(source)
  const finds = (text: string) => tester !== undefined && tester.test(text)

  const redactText = (text: string): string => (pattern && finds(text) ? text.replace(pattern, REDACTED) : text)

  const redactValue = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return redactText(value)
    if (depth > 32 || value === null || typeof value !== 'object') return value
    if (Array.isArray(value)) {
      const items = value.map((item) => redactValue(item, depth + 1))
      return items.some((item, index) => item !== value[index]) ? items : value
    }
    if (!isPlainObject(value)) return value
    let changed = false
    const copy: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) {
      const cleanKey = redactText(key)
      const cleanItem = redactValue(item, depth + 1)
      changed ||= cleanKey !== key || cleanItem !== item
      copy[cleanKey] = cleanItem
    }
    return changed ? copy : value
  }

  const redactError = (error: unknown, seen: Set<unknown>): void => {
    if (!(error instanceof Error) || seen.has(error) || seen.size > 8) return
    seen.add(error)
    const writable = error as Error & { details?: unknown }
    const fields: Array<'message' | 'stack'> = ['message', 'stack']
    for (const field of fields) {
      const text = writable[field]
      if (typeof text === 'string' && redactText(text) !== text) {
        Object.defineProperty(writable, field, { value: redactText(text), writable: true, configurable: true, enumerable: false })
      }
    }
    if (writable.details !== undefined) {
      const details = redactValue(writable.details, 0)
      if (details !== writable.details) Object.defineProperty(writable, 'details', { value: details, writable: true, configurable: true, enumerable: true })
    }
    redactError(error.cause, seen)
  }

  // Most values hold no secret: a search of their strings, copying nothing, spares the copy.
  const holds = (value: unknown, depth: number): boolean => {
    if (typeof value === 'string') return finds(value)
    if (depth > 32 || value === null || typeof value !== 'object') return false
    if (Array.isArray(value)) return value.some((item) => holds(item, depth + 1))
    if (!isPlainObject(value)) return false
    for (const key in value) if (finds(key) || holds(value[key], depth + 1)) return true
    return false
  }

  const redactor = ((text: string) => redactText(text)) as Redactor
  return Object.assign(redactor, {
    finds,
    value: <T>(value: T) => (pattern !== undefined && holds(value, 0) ? (redactValue(value, 0) as T) : value),
    error<T>(error: T): T {
      if (pattern) redactError(error, new Set())
      return error
    },
    with: (more: Iterable<string | null | undefined>) => createRedactor([...known, ...more]),
    empty: pattern === undefined,
  })
}
