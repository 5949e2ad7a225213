import { hasStrongTag, languageOf, trimTrailingTags } from './release-vocabulary.js'
import { splitTitle } from './title-parts.js'

/**
 * Turns a raw stretch of a release name into a title: dots and underscores to spaces (acronyms
 * such as "R.I.P.D." kept), brackets left open by a cut removed, alternative titles in trailing
 * brackets or after " - " set aside, release tags trimmed from the end.
 */

/** A title and the alternative titles found beside it. */
export interface CleanTitle {
  title: string
  alternativeTitles: string[]
}

/** Dots between words become spaces; dots of acronyms stay ("A.I.Artificial" → "A.I. Artificial"). */
export function spacesForDots(raw: string): string {
  const parts = raw.replace(/_/g, ' ').split('.')
  let result = ''
  let inAcronym = false
  parts.forEach((part, index) => {
    const next = parts[index + 1] ?? ''
    const single = /^\p{L}$/u.test(part)
    const acronymLetter = single && (part.toLowerCase() !== 'a' || inAcronym || /^\p{L}$/u.test(next))
    if (acronymLetter) {
      result += `${part}.`
      inAcronym = true
      return
    }
    if (inAcronym) result += ' '
    inAcronym = false
    result += index < parts.length - 1 ? `${part} ` : part
  })
  return collapse(result)
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

const openers: Record<string, string> = { '(': ')', '[': ']', '{': '}' }

/** Cuts the title at a bracket the cut left open: "REDLINE (BD" → "REDLINE". */
function withoutUnclosedBracket(text: string): string {
  const open: number[] = []
  const expected: string[] = []
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? ''
    if (char in openers) {
      open.push(i)
      expected.push(openers[char] ?? '')
    } else if (char === expected[expected.length - 1]) {
      open.pop()
      expected.pop()
    }
  }
  const first = open[0]
  return first === undefined ? text : text.slice(0, first)
}

const trailingBracketGroup = /\s*[([{]([^()[\]{}]*)[)\]}][\s.,_-]*$/u
const leadingLanguagePrefix = /^([\p{L}]{2,7})\s+-\s+/u

function trimPunctuation(text: string): string {
  let result = text.replace(/^[\s._\-~,;:+]+/u, '').replace(/[\s_\-~,;:+]+$/u, '')
  // A final dot belongs to an acronym ("U.N.C.L.E.") but not to a word ("Title.").
  if (result.endsWith('.') && !/(?:^|[\s.])\p{L}\.$/u.test(result)) result = result.replace(/\.+$/u, '')
  return collapse(result)
}

function hasLetters(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text)
}

/** What is known of the name around a raw title. */
export interface TitleContext {
  /**
   * The title ran up to the year: a language word spelled out before it ("Johnny English 2003")
   * is part of the title, since scene names put language tags after the year.
   */
  beforeYear?: boolean
  /** " - " continues the title (a fansub release, a library's "Title - Subtitle (Year)" folder). */
  joinDashes?: boolean
}

/**
 * Cleans a raw title. `rest` is the part of the name after the title, used to tell a language tag
 * from a title word.
 */
export function cleanTitle(raw: string, rest: string, context: TitleContext = {}): CleanTitle {
  const { beforeYear = false, joinDashes = false } = context
  const alternativeTitles: string[] = []
  let title = collapse(raw)
  for (let previous = ''; previous !== title; ) {
    previous = title
    title = trimPunctuation(withoutUnclosedBracket(title))
    const language = leadingLanguagePrefix.exec(title)
    if (language?.[1] && languageOf(language[1]) && hasLetters(title.slice(language[0].length))) {
      title = title.slice(language[0].length)
    }
    const parts = splitTitle(title, trimPunctuation, joinDashes)
    title = parts.title
    alternativeTitles.push(...parts.alternatives)
    const bracket = trailingBracketGroup.exec(title)
    if (bracket && bracket.index > 0 && hasLetters(title.slice(0, bracket.index))) {
      alternativeTitles.push(bracket[1] ?? '')
      title = title.slice(0, bracket.index)
    }
    title = trimPunctuation(trimTrailingTags(title, rest, beforeYear))
    const wrapped = /^[([{]([^()[\]{}]*)[)\]}]$/u.exec(title)
    if (wrapped?.[1] !== undefined && hasLetters(wrapped[1])) title = trimPunctuation(wrapped[1])
  }
  const alternatives = alternativeTitles
    .map((alternative) => trimPunctuation(trimTrailingTags(collapse(alternative), rest)))
    .filter((alternative) => /\p{L}{2}/u.test(alternative) && languageOf(alternative) === undefined && !hasStrongTag(alternative))
  return { title, alternativeTitles: [...new Set(alternatives)] }
}
