import { type CleanedSegment, cleanSegment, looksObfuscated } from './name-cleaning.js'
import { normalizeTitle } from '@cinelayer/core'
import { hasStrongTag } from './release-vocabulary.js'
import { type SegmentReading, readSegment } from './segment-reading.js'
import { cleanTitle, spacesForDots } from './title-cleaning.js'

/**
 * Chooses which segment of a path names the movie. A file name alone is often not enough:
 * libraries keep "Title (Year)/" folders (Plex, Jellyfin, Radarr), and scene releases keep their
 * real name on the folder and a short code on the file ("Somewhere.2010.DVDRip.XviD-iLG/i-smwhr.avi").
 */

/** Where the title came from. */
export type TitleOrigin = 'file' | 'organized-folder' | 'release-folder'

/** One cleaned and read segment. */
export interface SegmentContext {
  cleaned: CleanedSegment
  read: SegmentReading
}

/** The segment chosen for title and year, with the file's own reading for the other fields. */
export interface PathReading {
  file: SegmentContext
  /** The segment the title and year come from (the file itself when origin is "file"). */
  chosen: SegmentContext
  origin: TitleOrigin
  /** A year taken from a folder whose title is the file's. */
  folderYear?: number
  /** Folder segments nearest first, cleaned (read lazily by the rules that need them). */
  ancestors: CleanedSegment[]
}

/** How many folders above the file are looked at: a release folder may hold a hashed sub-folder. */
const ANCESTORS_READ = 3

/** "Title (1998)", optionally followed by bracket tags ("[1080p]", "{tmdb-603}"). */
const organizedFolder = /^(?<title>.*?[\p{L}\p{N}].*?)\s*\((?<year>(?:18|19|20)\d{2})\)(?:\s*(?:\[[^\]]*\]|\{[^}]*\}))*\s*$/u

/**
 * Splits a path on either separator, dropping empty, "." and ".." segments: the parser reads names,
 * it never walks them. A slash with a space on both sides separates two titles of one release
 * name ("Трон: Наследие / TRON: Legacy (2010)"), not two folders.
 */
export function pathSegments(pathOrName: string): string[] {
  return pathOrName
    .split(/(?<!\s)[\\/]+|[\\/]+(?!\s)/)
    .map((segment) => segment.trim())
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '..')
}

/**
 * Reads a cleaned segment. When removing leading brackets left no title, or only a number, the
 * brackets were the title: "[REC].2007.1080p" is the film "[REC]" of 2007.
 */
export function readCleaned(cleaned: CleanedSegment): SegmentReading {
  const bracketed = allBrackets(cleaned)
  if (bracketed !== undefined) return bracketed
  const read = readSegment(cleaned.text, cleaned.leadingGroup !== undefined)
  if ((read.title !== '' && !read.onlyNumber) || cleaned.removedLeadingBrackets.length === 0) return read
  const withBrackets = readSegment(`${cleaned.removedLeadingBrackets.map((b) => `[${b}]`).join(' ')} ${cleaned.text}`, false)
  return withBrackets.title !== '' && !withBrackets.onlyNumber ? withBrackets : read
}

/**
 * A fansub name made only of bracket groups ("[Group][Title][Movie][BDRip][1080P][简体内嵌]"):
 * the title is the first group after the release group that is neither a tag nor a bare word
 * of the kind ("Movie").
 */
function allBrackets(cleaned: CleanedSegment): SegmentReading | undefined {
  const removed = cleaned.removedLeadingBrackets
  if (removed.length < 2 || !/^[[【][^\]】]*[\]】]$/u.test(cleaned.text.trim())) return undefined
  const title = removed.slice(1).find((content) => /\p{L}{2}/u.test(content) && !hasStrongTag(content) && !/^(?:movie|film|the movie|gekijouban)$/iu.test(content))
  if (title === undefined) return undefined
  const read = readSegment(title, false)
  return read.title === '' ? undefined : read
}

function organized(cleaned: CleanedSegment): SegmentContext | undefined {
  const match = organizedFolder.exec(cleaned.text)
  const title = match?.groups?.title
  const year = match?.groups?.year
  if (title === undefined || year === undefined) return undefined
  const read = readSegment(cleaned.text, false)
  // A library folder writes a title's colon as " - " ("Thor - Ragnarok (2017)"), as this watcher does.
  const clean = cleanTitle(spacesForDots(title), '', { joinDashes: true })
  if (clean.title === '') return undefined
  return { cleaned, read: { ...read, title: clean.title, year: Number(year), alternativeTitles: clean.alternativeTitles, libraryAgrees: true } }
}

/** A folder can name an obfuscated file if it reads as a release, or the file name contains its title. */
function namesFile(folder: SegmentContext, file: CleanedSegment): boolean {
  if (folder.read.title === '' || folder.read.onlyNumber) return false
  if (folder.read.year !== undefined || hasStrongTag(folder.cleaned.text)) return true
  const compact = (text: string) => normalizeTitle(text).replace(/ /g, '')
  const title = compact(folder.read.title)
  return title.length >= 3 && compact(file.text).includes(title)
}

function releaseFolder(ancestors: CleanedSegment[], file: CleanedSegment): SegmentContext | undefined {
  for (const cleaned of ancestors) {
    if (looksObfuscated(cleaned)) continue
    const folder = { cleaned, read: readCleaned(cleaned) }
    return namesFile(folder, file) ? folder : undefined
  }
  return undefined
}

/** Reads a path: the file name, then the folders above it when the file name is not enough. */
export function readPath(segments: readonly string[]): PathReading {
  const fileName = segments[segments.length - 1] ?? ''
  const folders = segments.slice(0, -1)
  const ancestors = folders
    .slice(-ANCESTORS_READ)
    .reverse()
    .map((segment) => cleanSegment(segment, false))
  const cleaned = cleanSegment(fileName, true, folders[folders.length - 1])
  const file = { cleaned, read: readCleaned(cleaned) }

  const parent = ancestors[0]
  const library = parent === undefined ? undefined : organized(parent)
  if (library && !file.read.isTv && (file.read.year === undefined || file.read.year === library.read.year)) {
    return { file, chosen: library, origin: 'organized-folder', ancestors }
  }
  if (file.read.title === '' || looksObfuscated(cleaned)) {
    const folder = releaseFolder(ancestors, cleaned)
    if (folder) return { file, chosen: folder, origin: 'release-folder', ancestors }
  }
  if (file.read.year === undefined && parent !== undefined) {
    const folder = readCleaned(parent)
    if (folder.year !== undefined && normalizeTitle(folder.title) === normalizeTitle(file.read.title)) {
      return { file, chosen: file, origin: 'file', folderYear: folder.year, ancestors }
    }
  }
  return { file, chosen: file, origin: 'file', ancestors }
}
