import { text } from './tmdb-fields.js'
import type { TmdbMovie, TmdbTranslation } from './tmdb-schemas.js'

/** The fields TMDB translates and cinelayer falls back on. */
const translatedFields = ['title', 'overview', 'tagline'] as const

type TranslatedField = (typeof translatedFields)[number]

/** `fr-FR` → `{ language: 'fr', region: 'FR' }`; `fr` → `{ language: 'fr' }`. */
function parseTag(tag: string): { language: string; region?: string } {
  const [language = '', region] = tag.split(/[-_]/)
  return region ? { language: language.toLowerCase(), region: region.toUpperCase() } : { language: language.toLowerCase() }
}

/**
 * The translations of one language tag, best first: the exact region, then the same language in
 * other regions (`fr-CA` may be blank where `fr-FR` is not).
 */
function translationsFor(all: readonly TmdbTranslation[], tag: string): TmdbTranslation[] {
  const { language, region } = parseTag(tag)
  const same = all.filter((translation) => translation.iso_639_1.toLowerCase() === language)
  return [...same.filter((translation) => region !== undefined && translation.iso_3166_1 === region), ...same.filter((translation) => translation.iso_3166_1 !== region)]
}

function firstText(translations: readonly TmdbTranslation[], field: TranslatedField): string | undefined {
  for (const translation of translations) {
    const value = text(translation.data?.[field])
    if (value !== undefined) return value
  }
  return undefined
}

/**
 * The movie with its `title`, `overview` and `tagline` filled in when TMDB left them missing or
 * blank in the language asked (`languages[0]`): from the `translations` section, in each following
 * language in order, then in the movie's original language; a title falls back last to
 * `original_title`. Fields with content are never replaced. Without a `translations` section only
 * the title's last resort applies.
 */
export function withTranslationFallback(movie: TmdbMovie, languages: readonly string[]): TmdbMovie {
  const all = movie.translations?.translations ?? []
  const chain = [...languages.slice(1), ...(movie.original_language ? [movie.original_language] : [])].map((tag) => translationsFor(all, tag))
  const filled: Partial<Record<TranslatedField, string>> = {}
  for (const field of translatedFields) {
    if (text(movie[field]) !== undefined) continue
    const found = chain.map((translations) => firstText(translations, field)).find((value) => value !== undefined)
    const value = found ?? (field === 'title' ? text(movie.original_title) : undefined)
    if (value !== undefined) filled[field] = value
  }
  return Object.keys(filled).length > 0 ? { ...movie, ...filled } : movie
}
