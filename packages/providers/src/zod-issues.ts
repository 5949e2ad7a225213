import type { z } from 'zod'

/** How many issues a message lists; the full list stays on the error's `cause`. */
const LISTED_ISSUES = 3

/** One line naming the first issues of a zod error, e.g. `id: expected number, received string`. */
export function describeIssues(error: z.ZodError): string {
  const listed = error.issues.slice(0, LISTED_ISSUES).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)'
    return `${path}: ${issue.message.replace(/^Invalid input: /, '')}`
  })
  const more = error.issues.length - listed.length
  return more > 0 ? `${listed.join('; ')} (and ${more} more)` : listed.join('; ')
}
