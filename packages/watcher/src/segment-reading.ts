import { type ParsedFilename, filenameParse } from '@ctrl/video-filename-parser'
import { normalizeTitle } from '@cinelayer/core'
import { editionIn, firstStrongTagIndex, leadingStrongTagsLength } from './release-vocabulary.js'
import { type TitleContext, cleanTitle, spacesForDots } from './title-cleaning.js'

/**
 * Reads title and year from one cleaned path segment. The parser library is the first reading:
 * it finds the year and every quality field. Its title is checked against a second reading of the
 * raw text before the year (or before the first release tag); where they differ, the library has
 * cut a word that starts like a tag ("Multiplicity" → "plicity"), dropped a leading one ("Real
 * Steel" → "Steel") or split a non-ASCII letter ("Zoé" → "Zo"), and the raw reading wins.
 */

/** What one segment says. */
export interface SegmentReading {
  title: string
  year?: number
  alternativeTitles: string[]
  /** The library's title, cleaned the same way, agrees with the raw reading. */
  libraryAgrees: boolean
  /** The title is a bare number and there is no year: "1999.mkv", "2012". */
  onlyNumber: boolean
  isTv: boolean
  edition?: string
  library: ParsedFilename
}

const tvMarker = new RegExp(
  [
    String.raw`(?<![\p{L}\p{N}])S\d{1,2}[ ._-]?E\d{1,3}(?!\d)`,
    String.raw`(?<![\p{L}\p{N}])S\d{2}(?![\p{L}\p{N}])`,
    String.raw`(?<![\p{L}\p{N}])\d{1,2}x\d{2,3}(?![\p{L}\p{N}])`,
    String.raw`(?<![\p{N}])(?:19|20)\d{2}[ ._-](?:0[1-9]|1[0-2])[ ._-](?:0[1-9]|[12]\d|3[01])(?!\d)`,
  ].join('|'),
  'iu',
)
/** Absolute episode numbers of fansub releases: "[Group] Title - 01 [1080p]". */
const animeEpisode = /\s-\s\d{2,4}(?:v\d)?(?=\s|$|\[)/u

function yearIndex(text: string, year: string): number {
  const pattern = new RegExp(`(?<!\\d)${year}(?!\\d)`, 'g')
  for (const match of text.matchAll(pattern)) {
    if (match.index > 0) return match.index
  }
  return -1
}

/** What follows the title in its raw stretch ("Scarface Anniversary Edition" → "Anniversary Edition"). */
function afterTitle(raw: string, title: string): string {
  return raw.toLowerCase().startsWith(title.toLowerCase()) ? raw.slice(title.length) : ''
}

function reading(raw: string, rest: string, context: TitleContext = {}) {
  return cleanTitle(spacesForDots(raw.replace(akaWithDots, ' AKA ')), rest, context)
}

/** "a.k.a." between two titles: read as one word before dots become spaces (or it reads "a k.a."). */
const akaWithDots = /(?<=[\s._])a\.k\.a\.?(?=[\s._])/giu

/**
 * Latest year read as a release year: a later one is a title ("Blade.Runner.2049.1080p"). Two
 * years ahead, so that a long-running process stays right over a new year.
 */
const LATEST_RELEASE_YEAR = new Date().getUTCFullYear() + 2

/**
 * A year written before the title in brackets or followed by a dash ("(1999) The Matrix",
 * "[1999] The Matrix", "1999 - The Matrix"), when no year follows the title: the release year.
 * A bare leading number is the title's ("2001.A.Space.Odyssey", "2012.Doomsday.2008",
 * "1917.2019"): scene names put the year after the title.
 */
const leadingYear = /^\s*(?:[[(]((?:18|19|20)\d{2})[\])]\s*(?:[-–]\s*)?|((?:18|19|20)\d{2})\s*[-–]\s+)(?=[^\s._].*\p{L})/u

/** Where the title lies in a segment, and the year the library found for it. */
interface TitleSpan {
  start: number
  end: number
  /** Start of what follows title and year: tags, languages, editions. */
  restStart: number
  year?: string
}

/**
 * The title runs from after any leading tags ("h265 - HEVC Riddick") to the library's year, the
 * first strong tag or the episode marker, whichever comes first. An air date's year is no film year.
 */
function locateTitle(text: string, libraryYear: string | undefined, tv: RegExpExecArray | null): TitleSpan {
  const start = leadingStrongTagsLength(text)
  const yearAt = libraryYear === undefined ? -1 : yearIndex(text, libraryYear)
  const hasYear = libraryYear !== undefined && yearAt > start
  let end = hasYear ? yearAt : text.length
  let restStart = hasYear ? yearAt + (libraryYear?.length ?? 0) : text.length
  const tagAt = firstStrongTagIndex(text, start)
  if (tagAt !== -1 && tagAt < end) end = tagAt
  if (!hasYear && tagAt !== -1) restStart = tagAt
  let year = hasYear ? libraryYear : undefined
  if (tv && tv.index >= start && tv.index <= end) {
    end = tv.index
    if (yearAt >= tv.index) year = undefined
  }
  return { start, end, restStart, ...(year === undefined ? {} : { year }) }
}

/** Reads one segment; `hasLeadingGroup` tells a fansub name, where " - 01" is an episode. */
export function readSegment(text: string, hasLeadingGroup: boolean): SegmentReading {
  const library = filenameParse(text)
  const tv = tvMarker.exec(text) ?? (hasLeadingGroup ? animeEpisode.exec(text) : null)
  const libraryYear = library.year && Number(library.year) <= LATEST_RELEASE_YEAR ? library.year : undefined
  const span = locateTitle(text, libraryYear, tv)
  let { year } = span
  const rest = text.slice(span.restStart)
  const leading = year === undefined && tv === null ? leadingYear.exec(text.slice(span.start, span.end)) : null
  const written = leading?.[1] ?? leading?.[2]
  if (leading && written !== undefined && Number(written) <= LATEST_RELEASE_YEAR) {
    year = written
    span.start += leading[0].length
  }
  let ours = reading(text.slice(span.start, span.end), rest, { beforeYear: span.year !== undefined, joinDashes: hasLeadingGroup })
  if (!/[\p{L}\p{N}]/u.test(ours.title) && year !== undefined) {
    // "(1999).mkv": nothing but a year, which is then read as the title, as "1999.mkv" is.
    const tagAfterYear = firstStrongTagIndex(text, span.restStart)
    ours = reading(text.slice(span.start, tagAfterYear === -1 ? text.length : tagAfterYear), rest, { joinDashes: hasLeadingGroup })
    year = undefined
  }
  const fromLibrary = cleanTitle(library.title, rest)
  const beyondTitle = `${afterTitle(spacesForDots(text.slice(span.start, span.end)), ours.title)} ${spacesForDots(text.slice(span.end))}`
  const edition = editionIn(beyondTitle)
  return {
    title: ours.title,
    ...(year === undefined ? {} : { year: Number(year) }),
    alternativeTitles: ours.alternativeTitles,
    libraryAgrees: normalizeTitle(fromLibrary.title) === normalizeTitle(ours.title),
    onlyNumber: year === undefined && /^\d+$/.test(ours.title),
    isTv: tv !== null,
    ...(edition === undefined ? {} : { edition }),
    library,
  }
}
