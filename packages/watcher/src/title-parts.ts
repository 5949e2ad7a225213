/**
 * Splits a raw title into the title and the other names a release gives it. Release names join
 * names in a few ways, each read here as a class, not as a list of cases:
 * - `A / B`: one title in two scripts or languages ("Трон: Наследие / TRON: Legacy");
 * - a run of Chinese, Japanese or Korean text beside a Latin-script title ("抓娃娃 Successor");
 * - `A AKA B`, `A a.k.a. B`: an alternative title;
 * - `A - B`: an alternative title ("Le Prestige - The Prestige"), unless B continues A: a part
 *   ("Breaking Dawn - Part 2"), a film of a franchise ("Fate Stay Night - Unlimited Blade Works
 *   Movie"), A is only a number ("2047 - Sights of Death"), or the kind of name says so: a fansub
 *   release ("[Group] Kimetsu no Yaiba - Mugen Ressha-hen") or a library folder, where " - "
 *   stands for a colon. A bare "Movie" after the dash names nothing and is set aside.
 * When the parts are in different scripts, the Latin-script one is the title: that is what
 * TMDB's titles (and the matcher comparing with them) are written in.
 */

/** A title and its other names, as written. */
export interface TitleParts {
  title: string
  alternatives: string[]
}

const slashSeparator = /\s+\/\s+/u
const akaSeparator = /\s+(?:aka|a\.\s?k\.\s?a\.?)\s+/iu
const dashSeparator = /\s+[-–—]\s+|\s*--+\s*/u
const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u
const latinWord = /\p{Script=Latin}{2}/u
const nonLatinLetter = /(?!\p{Script=Latin})\p{L}/u

/** "Part 2", "Parte II", "Chapter Two", "Vol. 3": the rest of a title, not another name. */
const sequelMarker =
  /^(?:part|parte|partie|teil|chapter|chapitre|cap[ií]tulo|kapitel|vol(?:ume)?\.?|episode|[ée]pisode)\s*(?:\d+|[ivxlc]+|one|two|three|four|five|six|seven|eight|nine|ten)(?![\p{L}\p{N}])/iu
/** Words that say "the film of a franchise" ("… - Unlimited Blade Works Movie"). */
const filmMarker = /(?<![\p{L}\p{N}])(?:movie|film|gekijouban|gekij[ōo]ban)(?![\p{L}\p{N}])/iu
const filmMarkers = new RegExp(filmMarker.source, 'giu')

function hasLetters(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text)
}

function isLatin(text: string): boolean {
  return latinWord.test(text) && !nonLatinLetter.test(text.replace(/[\p{P}\p{S}\p{N}\s]/gu, ''))
}

/** The Latin-script part when the parts are in different scripts, else the first. */
function byScript(parts: string[]): TitleParts {
  const latin = parts.findIndex(isLatin)
  const chosen = latin !== -1 && parts.some((part) => !isLatin(part)) ? latin : 0
  return { title: parts[chosen] ?? '', alternatives: parts.filter((_, index) => index !== chosen) }
}

/** A CJK run before or after a Latin-script title: two names, not one. */
function splitScripts(title: string): TitleParts {
  const words = title.split(/\s+/u)
  const isCjk = words.map((word) => cjk.test(word))
  const boundary = isCjk.findIndex((flag, index) => index > 0 && flag !== isCjk[index - 1])
  // One change of script only: "抓娃娃 Successor", "Spirited Away 千と千尋の神隠し".
  if (boundary === -1 || isCjk.slice(boundary).some((flag) => flag !== isCjk[boundary])) return { title, alternatives: [] }
  const first = words.slice(0, boundary).join(' ')
  const second = words.slice(boundary).join(' ')
  const [cjkPart, latinPart] = isCjk[0] ? [first, second] : [second, first]
  if (!latinWord.test(latinPart)) return { title, alternatives: [] }
  // Bracket tags in the CJK run ("[IMAX满屏版]") describe the release, not the film.
  return { title: latinPart, alternatives: [cjkPart.replace(/\[[^\]]*\]|【[^】]*】/gu, '').trim()] }
}

/** "Movie", "The Movie": says what the release is, names nothing. */
const bareFilmMarker = /^(?:the\s+)?(?:movie|film|gekijouban|gekij[ōo]ban)$/iu

/** Whether `next` continues the title `head` after " - "; `joinDashes` when the name's kind says so. */
function continues(head: string, next: string, joinDashes: boolean): boolean {
  if (bareFilmMarker.test(next)) return false
  if (joinDashes || sequelMarker.test(next)) return true
  if (/^\d+$/u.test(head)) return true
  return filmMarker.test(next) && hasLetters(next.replace(filmMarkers, '').replace(/(?<![\p{L}])the(?![\p{L}])/giu, ''))
}

function splitDashes(title: string, trim: (text: string) => string, joinDashes: boolean): TitleParts {
  const parts = title.split(dashSeparator).map(trim)
  const first = parts.findIndex(hasLetters)
  if (parts.length < 2 || first === -1) return { title, alternatives: [] }
  let joined = parts[first] ?? ''
  let next = first + 1
  for (; next < parts.length; next += 1) {
    const part = parts[next] ?? ''
    if (!continues(joined, part, joinDashes)) break
    joined = `${joined} - ${part}`
  }
  return { title: joined, alternatives: parts.slice(next).filter((part) => !bareFilmMarker.test(part)) }
}

/**
 * Splits `title` into the title and its other names.
 * @param trim cleans each part (punctuation at the ends).
 * @param joinDashes " - " continues the title: fansub names ("[Group] Franchise - Subtitle") and
 *   library folders ("Thor - Ragnarok (2017)", a colon no file name may hold).
 */
export function splitTitle(title: string, trim: (text: string) => string, joinDashes = false): TitleParts {
  const alternatives: string[] = []
  let current = title
  const slashed = current.split(slashSeparator).map(trim).filter(hasLetters)
  if (slashed.length > 1) {
    const chosen = byScript(slashed)
    current = chosen.title
    alternatives.push(...chosen.alternatives)
  }
  const [beforeAka, ...afterAka] = current.split(akaSeparator).map(trim)
  if (afterAka.length > 0 && beforeAka !== undefined && hasLetters(beforeAka)) {
    current = beforeAka
    alternatives.push(...afterAka)
  }
  const dashed = splitDashes(current, trim, joinDashes)
  alternatives.push(...dashed.alternatives)
  const scripts = splitScripts(dashed.title)
  alternatives.push(...scripts.alternatives)
  return { title: scripts.title, alternatives }
}
