/**
 * The words of release names that are not titles. The parser library recognises most of them
 * for its own fields; these lists exist for the places where it does not say *where* a tag is
 * (a title cut at the first tag, a run of tags left at the end of a title).
 *
 * Two strengths: a strong tag is never part of a title (`1080p`, `x264`, `DVDRip`), so the title
 * ends before the first one; a weak tag (`Extended`, `French`, `3D`) may be a title word, so it is
 * only removed from the end of a title.
 */

/** Letters or digits on neither side, Unicode-aware (`\b` is ASCII-only and splits "Zoé"). */
const before = String.raw`(?<![\p{L}\p{N}])`
const after = String.raw`(?![\p{L}\p{N}])`

function wordsRegex(alternatives: readonly string[], flags: string): RegExp {
  return new RegExp(`${before}(?:${alternatives.join('|')})${after}`, flags)
}

const strongAnyCase = [
  // resolutions, frame sizes, bit depth, frame rate, dynamic range
  String.raw`\d{3,4}[pi](?:\d{2})?`,
  String.raw`\d{3,4} ?[x×*] ?\d{3,4}`,
  '[48]k',
  'uhd',
  'ultrahd',
  String.raw`hdr(?:10(?:\+|plus)?)?`,
  String.raw`dolby[ .]vision`,
  // "10bit", "10-bit"; with a space only in lower case or capitals ("8 Bit Christmas" is a film).
  String.raw`\d{1,2}-?bits?`,
  String.raw`\d{2,3}fps`,
  'hfr',
  // sources
  'blu-?ray',
  String.raw`b[dr](?:rip)?-?mux`,
  String.raw`(?:b[dr]|hd|dvd|web|web-?dl|tv|hdtv|pdtv|sdtv|vhs|dm|sat|dvb|hdtc|ppv|vod|dsr)-?rip(?:hd)?`,
  'web-?dl',
  'web-?cap',
  'bdremux',
  'remux',
  'hdtv',
  'pdtv',
  'sdtv',
  'hd-?dvd',
  'dvd-?r',
  'dvd[59]',
  'dvd-?scr',
  'dvdivx',
  'dvd',
  'hdcam',
  'hdts',
  'hdtc',
  'hdlight',
  'mhd',
  'telesync',
  'telecine',
  'screener',
  String.raw`bd(?:25|50)`,
  'amzn',
  'dsnp',
  'hmax',
  'atvp',
  'netflixuhd',
  // video codecs
  String.raw`[xh]\.?26[2345]`,
  String.raw`hevc\d*`,
  'avc',
  'xvid',
  String.raw`divx\d*`,
  'vp9',
  'vc-?1',
  'mpe?g-?[24]',
  'dxva',
  // audio
  'ac3d?',
  'e-?ac-?3',
  String.raw`aac[\d.]*`,
  String.raw`dts(?:-?(?:hd|x|es|ma|hra))*`,
  String.raw`ddp[\w.]*`,
  String.raw`dd[+-]?\d(?:[._ ]?\d)?`,
  String.raw`dd\+`,
  'truehd',
  'atmos',
  String.raw`flac[\d.]*`,
  'l?pcm',
  'opus',
  'mp3',
  String.raw`lame\d*`,
  String.raw`\dch`,
  // subtitles, bit rates, disc counts
  'subforced',
  'vostfr',
  'nlsubs',
  'esubs?',
  'truefrench',
  'subfrench',
  'vff',
  'vfq',
  'vfi',
  String.raw`\d+(?:\.\d+)? ?(?:mbps|kbps|gb|mb)`,
  String.raw`cd\d(?:of\d)?`,
  String.raw`\d ?cd`,
]

/** Strong tags that are also ordinary words in lower or title case: only their capitalised form counts. */
const strongUpperCase = [String.raw`\d{1,2} (?:bit|BIT)s?`, 'CAM', 'TS', 'TC', 'SCR', 'R5', 'R6', 'BD', 'DVDR', 'HC', 'PAL', 'NTSC', 'SECAM', 'MD', 'MKV', 'MP4', 'AVI']

const strongAnyCaseRegex = wordsRegex(strongAnyCase, 'iu')
const strongUpperCaseRegex = wordsRegex(strongUpperCase, 'u')

/** Where the first strong release tag starts in `text` at or after `from`, or -1. */
export function firstStrongTagIndex(text: string, from = 0): number {
  const rest = text.slice(from)
  const found = [strongAnyCaseRegex.exec(rest)?.index, strongUpperCaseRegex.exec(rest)?.index].filter(
    (index): index is number => index !== undefined,
  )
  return found.length === 0 ? -1 : from + Math.min(...found)
}

/** Whether `text` holds any strong release tag: it reads as a release name, not a plain title. */
export function hasStrongTag(text: string): boolean {
  return firstStrongTagIndex(text) !== -1
}

const anchoredAnyCase = new RegExp(`^[\\s._-]*${before}(?:${strongAnyCase.join('|')})${after}`, 'iu')
const anchoredUpperCase = new RegExp(`^[\\s._-]*${before}(?:${strongUpperCase.join('|')})${after}`, 'u')

/** Length of the run of strong tags and separators at the start of `text` (`h265 - HEVC Riddick` → 12). */
export function leadingStrongTagsLength(text: string): number {
  let consumed = 0
  for (;;) {
    const rest = text.slice(consumed)
    const match = anchoredAnyCase.exec(rest) ?? anchoredUpperCase.exec(rest)
    if (!match || match[0].length === 0) break
    consumed += match[0].length
  }
  if (consumed === 0) return 0
  return consumed + (/^[\s._-]*/.exec(text.slice(consumed))?.[0].length ?? 0)
}

/** A language word, its canonical name, and the spellings releases use for it. */
const languages: Readonly<Record<string, readonly string[]>> = {
  English: ['english', 'eng'],
  French: ['french', 'fre', 'fra', 'fr', 'truefrench', 'vf', 'vff', 'vfq', 'vo', 'vostfr'],
  German: ['german', 'ger', 'deu', 'swissgerman'],
  Spanish: ['spanish', 'spa', 'esp', 'castellano', 'latino'],
  Italian: ['italian', 'ita'],
  Russian: ['russian', 'rus'],
  Japanese: ['japanese', 'jpn', 'jap'],
  Korean: ['korean', 'kor'],
  Chinese: ['chinese', 'chi', 'mandarin', 'cantonese'],
  Hindi: ['hindi', 'hin'],
  Telugu: ['telugu'],
  Tamil: ['tamil'],
  Dutch: ['dutch', 'nld', 'flemish'],
  Swedish: ['swedish', 'swe'],
  Norwegian: ['norwegian', 'nor'],
  Danish: ['danish', 'dan'],
  Finnish: ['finnish', 'fin'],
  Polish: ['polish', 'pol'],
  Portuguese: ['portuguese', 'por', 'brazilian'],
  Turkish: ['turkish', 'tur'],
  Multiple: ['multi', 'dual'],
}

/** Spellings that are also names or words ("Dan", "Fin", "Dual", "Latino"): a tag only in capitals. */
const capitalsOnlySpellings = new Set(['dan', 'fin', 'nor', 'pol', 'por', 'tur', 'kor', 'dual', 'latino'])

/** The language a release word names ("FRENCH", "Ita", "MULTi", "Fr"), or undefined for ordinary words. */
export function languageOf(word: string): string | undefined {
  const lower = word.toLowerCase()
  const capitalsOnly = capitalsOnlySpellings.has(lower) || lower.length === 2
  // Two-letter codes count as "FR" or "Fr", never "fr": in lower case they are syllables of words.
  if (capitalsOnly && (lower.length === 2 ? word === lower : word !== word.toUpperCase())) return undefined
  for (const [language, spellings] of Object.entries(languages)) {
    if (spellings.includes(lower)) return language
  }
  return undefined
}

/** Edition phrases, each with the label reported in `edition`. Matched at the end of a title, or anywhere after it. */
export const editionPhrases: ReadonlyArray<readonly [label: string, pattern: string]> = [
  ["Director's Cut", String.raw`directors?['’]?s?[ .-]?(?:cut|edition|version)`],
  ['Extended', String.raw`(?:ultimate[ .])?extended(?:[ .](?:cut|edition|version))?(?:[ .]ultimate[ .]edition)?`],
  ['Theatrical', String.raw`theatrical(?:[ .](?:cut|edition|version))?`],
  ['Unrated', 'unrated'],
  ['Uncut', String.raw`(?:the[ .])?uncut(?:[ .](?:cut|edition|version))?`],
  ['IMAX', String.raw`imax(?:[ .]edition)?`],
  ['Remastered', String.raw`(?:4k[ .])?remastered`],
  ['Restored', String.raw`(?:4k[ .])?restored`],
  ['Criterion', String.raw`criterion(?:[ .](?:collection|edition))?`],
  ["Collector's Edition", String.raw`(?:ultimate[ .])?collector['’]?s(?:[ .]edition)?|edition[ .]collector`],
  ['Special Edition', String.raw`special[ .]edition`],
  ['Ultimate Edition', String.raw`ultimate[ .]edition`],
  ['Anniversary Edition', String.raw`(?:\d{1,3}(?:th|st|nd|rd)?[ .])?anniversary(?:[ .]edition)?`],
  ['Final Cut', String.raw`final[ .]cut`],
  ['Alternative Cut', String.raw`alternative[ .]cut`],
  ['Open Matte', String.raw`open[ .]matte`],
  ['Fan Edit', String.raw`fan[ .]?edit`],
  ['Colorized', 'colori[sz]ed'],
  ['Extended', String.raw`version[ .]longue|integral[ .]version`],
]

/** Edition abbreviations that are words in lower case ("se", "dc"): only capitalised. */
const editionAbbreviations: ReadonlyArray<readonly [label: string, word: string]> = [
  ["Director's Cut", 'DC'],
  ['Special Edition', 'SE'],
  ['Open Matte', 'OM'],
  ['Original Aspect Ratio', 'OAR'],
]

/**
 * Release flags that may end a title ("Rifkin's Festival", "The Hybrid"): trimmed from a title's
 * end in capitals, scene case or lower case ("FESTiVAL", "repack"), never in title case.
 */
const weakFlags = [
  'repack',
  'proper',
  'rerip',
  'internal',
  'limited',
  String.raw`read[ .]?nfo`,
  'nfofix',
  'prooffix',
  'dirfix',
  'syncfix',
  'convert',
  'stv',
  'doku',
  'docu',
  'festival',
  'dubbed',
  'subbed',
  'custom',
  'hybrid',
  'upscaled?',
  '3d',
  'half-(?:sbs|ou)',
]
const weakUpperCase = ['COMPLETE', 'EDITION', 'XXX', 'HQ', 'DL', 'REAL', 'QC', 'DV', 'SDR', 'WEB', 'HD', 'AC3D', 'OU', 'HOU', 'SBS', 'HSBS']

const editionRegexes = [
  ...editionPhrases.map(([label, pattern]) => [label, new RegExp(`${before}(?:${pattern})${after}`, 'iu')] as const),
  ...editionAbbreviations.map(([label, word]) => [label, new RegExp(`${before}${word}${after}`, 'u')] as const),
]
const trailingEdition = new RegExp(`[\\s.,+~-]*${before}(?:${editionPhrases.map(([, p]) => p).join('|')})$`, 'iu')
const trailingEditionAbbreviation = new RegExp(`[\\s.,+~-]+(?:${editionAbbreviations.map(([, w]) => w).join('|')})$`, 'u')
const trailingWeakFlag = new RegExp(`[\\s.,+~-]*${before}(?:${weakFlags.join('|')})$`, 'iu')
const trailingWeakUpperCase = new RegExp(`[\\s.,+~-]*${before}(?:${weakUpperCase.join('|')})$`, 'u')
const trailingWord = /[\s.,+~-]*([\p{L}\p{N}]+)$/u
/** A hyphen between letters joins words ("Shang-Chi"): the word after it is no tag of its own. */
const joinedByHyphen = /[\p{L}\p{N}]-$/u

/**
 * Removes the release tags at the end of a title, one at a time, never the last word.
 * A language word stays when the same language is declared again in `rest` (the part of the name
 * after the title): "Immersion.French.2011…FRENCH" is a film called "Immersion French".
 */
export function trimTrailingTags(title: string, rest: string, beforeYear = false): string {
  let current = title
  for (;;) {
    const next = withoutTrailingTag(current, rest, beforeYear)
    if (next === current || !/[\p{L}\p{N}]/u.test(next)) return current
    current = next
  }
}

function withoutTrailingTag(title: string, rest: string, beforeYear: boolean): string {
  for (const pattern of [trailingEdition, trailingEditionAbbreviation, trailingWeakUpperCase]) {
    const match = pattern.exec(title)
    if (match && match.index > 0) return title.slice(0, match.index)
  }
  const flag = trailingWeakFlag.exec(title)
  if (flag && flag.index > 0 && !/^\p{Lu}\p{Ll}+$/u.test(flag[0].replace(/^[\s.,+~-]+/u, ''))) return title.slice(0, flag.index)
  const last = trailingWord.exec(title)
  const word = last?.[1]
  if (last && word && last.index > 0 && !joinedByHyphen.test(title.slice(0, title.length - word.length))) {
    const language = languageOf(word)
    const before = title.slice(0, last.index)
    // Before the year, a spelled-out language is a title word ("Johnny English 2003"), unless it
    // follows another release tag ("The Outsiders DC German 1983").
    const titleWord = beforeYear && spelledOut(word) && withoutTrailingTag(before, rest, false) === before
    if (language && !titleWord && !declaresLanguageAgain(word, rest, language)) return before
  }
  return title
}

/** A language written out, not in capitals: "English", "german" (not "ENG", "GERMAN", "Fr"). */
function spelledOut(word: string): boolean {
  return word.length >= 5 && word !== word.toUpperCase()
}

/**
 * A language written out in title case ("French") reads as a title word when the release declares
 * that language again later in capitals; codes ("VO", "Ita") and capitals are always tags.
 */
function declaresLanguageAgain(word: string, rest: string, language: string): boolean {
  if (word.length < 5 || word === word.toUpperCase()) return false
  const words = rest.split(/[^\p{L}\p{N}]+/u).filter(Boolean)
  return words.some((word) => word === word.toUpperCase() && languageOf(word) === language)
}

/** The first edition named in `text` ("Director's Cut"), or undefined. */
export function editionIn(text: string): string | undefined {
  let best: { label: string; index: number } | undefined
  for (const [label, regex] of editionRegexes) {
    const match = regex.exec(text)
    if (match && (best === undefined || match.index < best.index)) best = { label, index: match.index }
  }
  return best?.label
}
