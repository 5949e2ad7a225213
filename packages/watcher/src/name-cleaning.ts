import { fileExtensions } from '@ctrl/video-filename-parser'
import { firstStrongTagIndex, hasStrongTag } from './release-vocabulary.js'

/**
 * Cleaning of one path segment before the parser library sees it: what it cannot strip itself
 * (site prefixes of any domain, anime group and CRC tags, ids in Plex/Jellyfin form, scene
 * group prefixes of lower-case file names), each recorded so the caller can report it.
 */

/** Sidecar files that travel with a video and are named after it. */
const sidecarExtensions = ['.srt', '.ass', '.ssa', '.sub', '.idx', '.vtt', '.smi', '.sup', '.nfo', '.mts']
const knownExtensions = new Set([...fileExtensions, ...sidecarExtensions])

/** What cleaning found and removed from a segment. */
export interface CleanedSegment {
  /** The segment without extension, site prefix/suffix, ids, leading group tags or CRC. */
  text: string
  /** The segment without its extension only, as the library would be given it. */
  stem: string
  /** Lower-case extension without the dot, when it is a known video or sidecar extension. */
  extension?: string
  imdbId?: string
  tmdbId?: number
  /** An edition written as a Plex `{edition-…}` tag. */
  edition?: string
  /** A `[Group]` tag at the start (anime and fansub convention). */
  leadingGroup?: string
  /** Content of the leading bracket groups removed, to fall back on when nothing else is left ("[REC]"). */
  removedLeadingBrackets: string[]
  /** A lower-case scene group prefix was removed (`blow-how.to.be.single…`). */
  groupPrefix?: string
}

// Any domain: names from trackers carry their own ("1337x.to", "tracker.xn--p1ai", "example.co.uk").
const domain = String.raw`(?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.(?:[a-z]{2,6}|xn--[a-z0-9]+)`
const sitePrefixes = [
  new RegExp(String.raw`^[\[(]\s*${domain}\s*[\])][\s._-]*`, 'i'),
  new RegExp(String.raw`^www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:\s+-\s+|[\s_]+)`, 'i'),
  new RegExp(String.raw`^${domain}(?:\s+-\s+|_)`, 'i'),
  // A site whose dots became spaces or commas on the way: "www TamilBlasters tel - ", "www,1TamilMV.phd - ".
  /^w{2,3}[\s.,]+[a-z0-9-]+(?:[\s.,]+[a-z0-9-]+){1,2}\s+-\s+/i,
]
/** A leading bracket holding a year, or a title and its year ("[1999] …", "[Taxi 1998]"): read, not dropped. */
const bracketWithYear = /^(?:.*\p{L}.*\s)?(?:18|19|20)\d{2}$/u
const siteSuffixes = [
  new RegExp(String.raw`[\s._-]*[\[(]\s*${domain}\s*[\])]$`, 'i'),
  new RegExp(String.raw`[\s._-]+(?:par-)?www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+$`, 'i'),
]
const leadingBracket = /^\s*(?:\[([^\]]*)\]|【([^】]*)】)[\s._-]*/u
const crcTag = /[\s._-]*[[(][0-9A-F]{8}[\])]/giu
const leadingOrdinal = /^\(\d{1,2}\)(?=\p{L})/u
const imdbPattern = /(?<![a-z0-9])(?:imdb(?:id)?[-=_ ])?(tt\d{7,10})(?!\d)/i
const tmdbPattern = /(?<![a-z0-9])tmdb(?:id)?[-=_](\d{1,10})(?!\d)/i
const idTag = /[\s._-]*[[{(]\s*(?:imdb|tmdb)(?:id)?[-=_ ][a-z0-9]+\s*[\]})]/gi
const bareIds = /[\s._-]*(?<![a-z0-9])(?:(?:imdb(?:id)?[-=_])?tt\d{7,10}|tmdb(?:id)?[-=_]\d{1,10})(?!\d)/gi
const editionTag = /[\s._-]*\{edition-([^}]+)\}/i
const colorSpaceTag = /(?<![a-z0-9])(?:BT|Rec)[.\s]?(?:2020|709|601)(?![0-9])/gi
const sceneGroupPrefix = /^([a-z0-9]{2,8})-(?=[\p{Ll}\p{N}]+[._ ])/u

// Film and extra numbers of collection folders: "James_Bond-f21-Casino_Royale-x02-Stunts".
const collectionMarker = /^.*?[\p{L}\p{N}].*?-f\d{2}-(?=.*[\p{L}])/u
const extraMarker = /-x\d{2}-(.*)$/u
const yearInExtra = /(?<!\d)(?:18|19|20)\d{2}(?!\d)/

function withoutCollectionAndExtra(text: string): string {
  const film = text.replace(collectionMarker, '')
  const extra = extraMarker.exec(film)
  if (!extra) return film
  const main = film.slice(0, extra.index)
  const year = yearInExtra.exec(extra[1] ?? '')?.[0]
  return year !== undefined && !yearInExtra.test(main) ? `${main} ${year}` : main
}

/** Removes a site name, unless what looks like one is a run of dotted tags ("(BD.720p.AAC.DA)"). */
function withoutSite(text: string, site: RegExp): string {
  const match = site.exec(text)
  if (!match || hasStrongTag(match[0])) return text
  return text.slice(0, match.index) + text.slice(match.index + match[0].length)
}

/** Splits a known extension off a file name. */
export function splitExtension(name: string): { stem: string; extension?: string } {
  const dot = name.lastIndexOf('.')
  if (dot < 0) return { stem: name }
  const extension = name.slice(dot).toLowerCase()
  if (!knownExtensions.has(extension)) return { stem: name }
  return { stem: name.slice(0, dot), extension: extension.slice(1) }
}

/** Whether the folder is a release of the group that prefixes the file ("…x264-BLOW" for "blow-how.to…"). */
function folderOfGroup(folder: string | undefined, group: string): boolean {
  if (folder === undefined) return false
  const escaped = group.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`-${escaped}(?:\\s*[[(][^\\])]*[\\])])*$`, 'i').test(folder.trim())
}

/**
 * Cleans one segment (file name or folder name); `isFile` decides whether an extension is looked
 * for; `parentFolder` is the raw name of the folder holding it, if any.
 */
export function cleanSegment(segment: string, isFile: boolean, parentFolder?: string): CleanedSegment {
  const { stem, extension } = isFile ? splitExtension(segment) : { stem: segment, extension: undefined }
  const removedLeadingBrackets: string[] = []
  let text = stem.replace(/\p{Cc}+/gu, ' ').trim()

  const imdb = imdbPattern.exec(text)?.[1]
  const tmdbRaw = tmdbPattern.exec(text)?.[1]
  const tmdb = tmdbRaw === undefined ? undefined : Number(tmdbRaw)
  const edition = editionTag.exec(text)?.[1]?.trim()
  text = text.replace(idTag, '').replace(bareIds, '').replace(editionTag, '').replace(colorSpaceTag, '').replace(crcTag, '')
  // Brackets an id was taken from ("[tt0137523].avi") are no title.
  text = text.replace(/[[({]\s*[\])}]/g, ' ').trim()

  for (let changed = true; changed; ) {
    changed = false
    for (const prefix of sitePrefixes) {
      const next = withoutSite(text, prefix)
      if (next !== text && /[\p{L}\p{N}]/u.test(next)) {
        text = next
        changed = true
      }
    }
    const bracket = leadingBracket.exec(text)
    const content = (bracket?.[1] ?? bracket?.[2] ?? '').trim()
    if (bracket && bracketWithYear.test(content)) {
      // "[1999] The Matrix" stays for the title reading; "[Taxi 1998] [BDRemux]" opens up.
      if (/\p{L}/u.test(content)) text = `${content} ${text.slice(bracket[0].length)}`
    } else if (bracket && bracket[0].length < text.length) {
      removedLeadingBrackets.push((bracket[1] ?? bracket[2] ?? '').trim())
      text = text.slice(bracket[0].length)
      changed = true
    }
  }
  for (const suffix of siteSuffixes) text = withoutSite(text, suffix)
  text = withoutCollectionAndExtra(text.replace(leadingOrdinal, ''))

  let groupPrefix: string | undefined
  const prefix = sceneGroupPrefix.exec(text)
  // Scene files inside a release folder are lower case with the group first ("…x264-BLOW/blow-how.to.be…").
  // Alone, "blow-how.to.be.single" and "spider-man.2002" look the same, so the folder must name the group.
  if (prefix?.[1] && text === text.toLowerCase() && folderOfGroup(parentFolder, prefix[1])) {
    groupPrefix = prefix[1]
    text = text.slice(prefix[0].length)
  }

  const leadingGroup = removedLeadingBrackets.find((content) => content !== '' && !hasStrongTag(content) && !/\./.test(content))
  return {
    text: text.replace(/_/g, ' ').trim(),
    stem,
    ...(extension === undefined ? {} : { extension }),
    ...(imdb === undefined ? {} : { imdbId: imdb.toLowerCase() }),
    ...(tmdb === undefined || tmdb < 1 ? {} : { tmdbId: tmdb }),
    ...(edition === undefined || edition === '' ? {} : { edition }),
    ...(leadingGroup === undefined ? {} : { leadingGroup }),
    removedLeadingBrackets,
    ...(groupPrefix === undefined ? {} : { groupPrefix }),
  }
}

/**
 * Whether a cleaned file name carries no title words: scene short names (`dmd-aw`, `personnea_mp`),
 * hashes (`XD607ebb-BRc59935-5155473f-1c5f49`). Such a file is named by its folder.
 */
export function looksObfuscated(cleaned: Pick<CleanedSegment, 'text' | 'groupPrefix'>): boolean {
  const cleanedText = cleaned.groupPrefix === undefined ? cleaned.text : `${cleaned.groupPrefix}-${cleaned.text}`
  const tagAt = firstStrongTagIndex(cleanedText)
  const head = (tagAt === -1 ? cleanedText : cleanedText.slice(0, tagAt)).replace(/[\s._-]+$/, '')
  if (/^[0-9a-f]{16,}$/i.test(head)) return true
  const groups = head.split('-')
  if (groups.length >= 3 && groups.every((g) => /^[a-z0-9]{4,}$/i.test(g)) && groups.filter((g) => /\d/.test(g)).length >= 2) return true
  const raw = head.replace(/ /g, '_')
  return raw === raw.toLowerCase() && /^[\p{Ll}\p{N}]+(?:[-_][\p{Ll}\p{N}]+)+$/u.test(raw)
}
