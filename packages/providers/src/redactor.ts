/** The text put where a credential was. */
export const REDACTED = '[redacted]'

/** Removes every known credential from a text. Not part of the public API. */
export type Redactor = (text: string) => string

/**
 * A redactor for these secrets, in their raw and URL-encoded forms. Secrets of fewer than four
 * characters are ignored: replacing every "a" in a log line would hide everything and protect nothing.
 */
export function createRedactor(secrets: Iterable<string | undefined>): Redactor {
  const forms = new Set<string>()
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue
    forms.add(secret)
    forms.add(encodeURIComponent(secret))
  }
  // Longest first, so a secret that contains another is replaced whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length)
  if (ordered.length === 0) return (text) => text
  return (text) => {
    let result = text
    for (const form of ordered) result = result.split(form).join(REDACTED)
    return result
  }
}
