import { filenameParse, parseSource } from '@ctrl/video-filename-parser'
import { InvalidVideoNameError, UnparseableVideoNameError } from './errors.js'
import { looksObfuscated } from './name-cleaning.js'
import { normalizeTitle } from '@cinelayer/core'
import { type PathReading, type SegmentContext, pathSegments, readPath } from './path-context.js'

/** Vertical resolution of the video, as release names write it. */
export type VideoResolution = '2160p' | '1080p' | '720p' | '576p' | '540p' | '480p'

/** Where the video was taken from, as the release name says. */
export type VideoSource =
  | 'bluray'
  | 'webdl'
  | 'webrip'
  | 'dvd'
  | 'tv'
  | 'cam'
  | 'screener'
  | 'telesync'
  | 'telecine'
  | 'workprint'
  | 'ppv'

/** What a video file name says about the movie in it. */
export interface ParsedVideoName {
  /** The title as written in the name, release tags removed ("The Matrix"). Never empty. */
  title: string
  /** The release year, when the name or its folder gives one. */
  year?: number
  /** The resolution written in the name (or implied by it: a DVD source is 480p). */
  resolution?: VideoResolution
  /** The first source the name declares. */
  source?: VideoSource
  /** A named edition: "Director's Cut", "Extended", "IMAX", a Plex `{edition-…}` tag… */
  edition?: string
  /** An IMDb id written in the name (`tt0133093`, `[imdbid-tt0133093]`). */
  imdbId?: string
  /** A TMDB id written in the name (`{tmdb-603}`, `[tmdbid-603]`). */
  tmdbId?: number
  /** Lower-case extension without the dot, when it is a known video or sidecar extension. */
  extension?: string
  /** The release group (`SPARKS`, a fansub `[Group]`). */
  group?: string
  /** The name is an episode of a series (`S01E02`, `1x02`, an air date), not a movie. */
  isTv?: boolean
  /** Other titles the name gives: "Le Prestige (The Prestige)" → ["The Prestige"]. */
  alternativeTitles?: string[]
  /**
   * How far the title and year can be trusted, from 0 to 1: about 0.9 and above when the name has
   * a year and the library and the second reading agree (or a "Title (Year)" folder names it);
   * 0.5–0.8 without a year or when the second reading overrode the library; below 0.5 for a name
   * that is only a number or a short code. An id in the name is reported apart and not counted.
   */
  confidence: number
}

/** Longest input accepted: PATH_MAX on Linux. */
const MAX_INPUT_LENGTH = 4096
/**
 * Longest segment accepted. File systems stop at 255 bytes; release names given as text may be a
 * little longer. The library's regular expressions take quadratic time, so this bound is what
 * keeps a hostile name from blocking the event loop (about 0.1 s at this length).
 */
const MAX_SEGMENT_LENGTH = 1024

/** An id the name carries ("…-tt0137523.avi", "{imdb-tt0137523}") or a year ("[1999] …"): not a release group. */
const notAGroup = /^(?:(?:imdb|tmdb)(?:id)?[-=_: ]?\S*|tt\d{7,10}|(?:18|19|20)\d{2})$/i

const resolutions: Readonly<Record<string, VideoResolution>> = {
  '2160P': '2160p',
  '1080P': '1080p',
  '720P': '720p',
  '576P': '576p',
  '540P': '540p',
  '480P': '480p',
}

function validated(input: unknown): string[] {
  if (typeof input !== 'string') throw new InvalidVideoNameError(input, 'not-a-string', 'expected a string')
  if (input.trim() === '') throw new InvalidVideoNameError(input, 'empty', 'the name is empty')
  if (input.includes('\0')) throw new InvalidVideoNameError(input, 'nul-byte', 'a NUL byte cannot be part of a file name')
  if (input.length > MAX_INPUT_LENGTH) {
    throw new InvalidVideoNameError(input, 'too-long', `${input.length} characters, more than the ${MAX_INPUT_LENGTH} a path may have`)
  }
  const segments = pathSegments(input.normalize('NFC'))
  if (segments.length === 0) throw new InvalidVideoNameError(input, 'no-name-segment', 'no file or folder name, only separators, "." or ".."')
  const long = segments.find((segment) => segment.length > MAX_SEGMENT_LENGTH)
  if (long !== undefined) {
    throw new InvalidVideoNameError(input, 'too-long', `a name of ${long.length} characters, more than the ${MAX_SEGMENT_LENGTH} a file or release name may have`)
  }
  return segments
}

function confidenceOf(path: PathReading, year: number | undefined): number {
  const { read } = path.chosen
  let confidence = 0.5
  if (year !== undefined) confidence += 0.25
  confidence += read.libraryAgrees ? 0.15 : -0.05
  if (path.origin === 'organized-folder') confidence += 0.1
  if (path.origin === 'release-folder') confidence -= 0.05
  if (path.origin === 'file' && looksObfuscated(path.file.cleaned)) confidence -= 0.3
  if (read.onlyNumber) confidence = Math.min(confidence, 0.3)
  return Math.round(Math.min(1, Math.max(0.05, confidence)) * 100) / 100
}

/** Resolution as the library reads it (it infers 480p from DVD); source only when the name writes one. */
function qualityOf(file: SegmentContext, chosen: SegmentContext) {
  const resolution = resolutions[file.read.library.resolution ?? chosen.read.library.resolution ?? '']
  const written = parseSource(file.cleaned.text)[0] ?? parseSource(chosen.cleaned.text)[0]
  return { resolution, source: written?.toLowerCase() as VideoSource | undefined }
}

/**
 * Reads title, year and what else a video file name or path says, for matching it to a movie.
 *
 * Built on `@ctrl/video-filename-parser` (Radarr's rules), which finds the year and the quality
 * fields; around it: the folders above the file (a "Title (Year)" folder, a scene release folder
 * holding a short-coded file), site prefixes and suffixes of any domain, fansub group and CRC
 * tags, Plex/Jellyfin id and edition tags, and a second reading of the title where the library
 * cuts or drops words. Nothing is read from disk; "." and ".." segments are ignored.
 *
 * A name that is only a number ("1999.mkv", "2012") is read as that title, without a year, at
 * low confidence: films are called "1917" and "2012".
 *
 * @param pathOrName a file name, or a path with `/` or `\` separators (at most 4096 characters,
 *   1024 per segment).
 * @throws InvalidVideoNameError (`CINELAYER_ERR_WATCHER_NAME_INVALID`) when the input is not a
 *   string, is empty, holds a NUL byte, is too long, or has no name segment.
 * @throws UnparseableVideoNameError (`CINELAYER_ERR_WATCHER_NAME_UNPARSEABLE`) when no title is left;
 *   an id written in the name ("{tmdb-603}.mkv") is still given in the error's `details`.
 * @example parseVideoFilename('Movies/The Matrix (1999)/The.Matrix.1080p.BluRay.x264-GRP.mkv')
 *   // { title: 'The Matrix', year: 1999, resolution: '1080p', source: 'bluray', group: 'GRP', extension: 'mkv', confidence: 1 }
 */
export function parseVideoFilename(pathOrName: string): ParsedVideoName {
  const segments = validated(pathOrName)
  const path = readPath(segments)
  const { file, chosen } = path
  const everyCleaned = [file.cleaned, ...path.ancestors]
  const imdbId = everyCleaned.find((cleaned) => cleaned.imdbId)?.imdbId
  const tmdbId = everyCleaned.find((cleaned) => cleaned.tmdbId)?.tmdbId
  const title = chosen.read.title
  if (title === '') throw new UnparseableVideoNameError(pathOrName, { imdbId, tmdbId })
  const year = chosen.read.year ?? path.folderYear
  const { resolution, source } = qualityOf(file, chosen)
  const edition = file.cleaned.edition ?? file.read.edition ?? chosen.cleaned.edition ?? chosen.read.edition
  // A fansub "[Group]" comes first in its name; the library, given the name without it, would guess another.
  const { leadingGroup } = file.cleaned
  const fansubGroup = leadingGroup !== undefined && normalizeTitle(leadingGroup) !== normalizeTitle(title) ? leadingGroup : undefined
  // Cleaning may take a group for a site ("-[YTS.LT]"): then the library reads the name as it was.
  const group = [fansubGroup, file.read.library.group, filenameParse(file.cleaned.stem).group, chosen.read.library.group].find(
    (candidate): candidate is string => candidate != null && !notAGroup.test(candidate),
  )
  const alternativeTitles = chosen.read.alternativeTitles
  return {
    title,
    ...(year === undefined ? {} : { year }),
    ...(resolution === undefined ? {} : { resolution }),
    ...(source === undefined ? {} : { source }),
    ...(edition === undefined ? {} : { edition }),
    ...(imdbId === undefined ? {} : { imdbId }),
    ...(tmdbId === undefined ? {} : { tmdbId }),
    ...(file.cleaned.extension === undefined ? {} : { extension: file.cleaned.extension }),
    ...(group === undefined || group === '' || normalizeTitle(group) === normalizeTitle(title) ? {} : { group }),
    ...(file.read.isTv ? { isTv: true } : {}),
    ...(alternativeTitles.length === 0 ? {} : { alternativeTitles }),
    confidence: confidenceOf(path, year),
  }
}
