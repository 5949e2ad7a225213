/**
 * Builds the replay dataset shipped in `replay/` from the recorded fixtures of `shared/fixtures`
 * (a sibling of the repository) and the entries written by hand in `written-entries.ts`. The
 * dataset is committed: tests and demos never need `shared/`.
 *
 *   npx tsx packages/providers/scripts/build-replay-dataset.ts [fixturesDir]
 *
 * `replay/{tmdb,wikidata,wikipedia,omdb}/` are owned by this script: emptied and written again on every run.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { requestKey } from '../src/data-provider.js'
import { type ReplayEntry, ReplayEntrySchema } from '../src/replay-entry.js'
import { writtenEntries } from './written-entries.js'

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const fixturesDir = resolve(process.argv[2] ?? join(packageDir, '../../../shared/fixtures'))
const replayDir = join(packageDir, 'replay')
const ownedFolders = ['tmdb', 'wikidata', 'wikipedia', 'omdb']
const language = 'en-US'

type Json = Record<string, unknown>

/** Each fixture folder: the repository it comes from, how a local file maps to its path there, and the license. */
const origins = {
  '18Months_themoviedb-api_vcr': {
    repo: '18Months/themoviedb-api',
    // Local `movie-detail.json` is the decoded body of the cassette `spec/vcr/movie/detail.yml`.
    path: (file: string) => `spec/vcr/${file.replace('-', '/').replace(/\.json$/, '.yml')}`,
    license: 'MIT',
  },
  adamayoung_TMDb: { repo: 'adamayoung/TMDb', path: (file: string) => `Tests/TMDbTests/Resources/json/${file}`, license: 'Apache-2.0' },
  'c-eg_themoviedbapi': { repo: 'c-eg/themoviedbapi', path: (file: string) => `src/test/resources/api_responses/${file}`, license: 'BSD-2-Clause' },
  'php-tmdb_api': { repo: 'php-tmdb/api', path: (file: string) => `test/Tmdb/Tests/Resources/${file}`, license: 'MIT' },
  'jdrouet_tmdb-api': { repo: 'jdrouet/tmdb-api', path: (file: string) => `assets/${file}`, license: 'MIT' },
} as const

type Origin = keyof typeof origins

interface Piece {
  body: Json
  source: string
  license: string
}

async function piece(origin: Origin, file: string): Promise<Piece> {
  const raw = JSON.parse(await readFile(join(fixturesDir, 'tmdb', origin, file), 'utf8')) as unknown
  const { repo, path, license } = origins[origin]
  let body = raw as Json
  if (origin === '18Months_themoviedb-api_vcr') {
    // A VCR cassette: one recorded interaction whose decoded body is the answer.
    const [interaction] = raw as Array<{ response: { status: number; body: Json } }>
    if (!interaction || interaction.response.status !== 200) throw new Error(`${file}: expected one recorded 200 answer`)
    body = interaction.response.body
  }
  return { body, source: `${repo} ${path(file)}`, license }
}

/** An appended section carries no `id` of its own: TMDB puts it under the parent's key. */
function asSection(body: Json): Json {
  const { id: _id, ...rest } = body
  return rest
}

const movieBaseFields = new Set([
  'adult', 'backdrop_path', 'belongs_to_collection', 'budget', 'genres', 'homepage', 'id', 'imdb_id', 'origin_country', 'original_language',
  'original_title', 'overview', 'popularity', 'poster_path', 'production_companies', 'production_countries', 'release_date', 'revenue',
  'runtime', 'spoken_languages', 'status', 'tagline', 'title', 'video', 'vote_average', 'vote_count',
])
const personBaseFields = new Set([
  'adult', 'also_known_as', 'biography', 'birthday', 'deathday', 'gender', 'homepage', 'id', 'imdb_id', 'known_for_department', 'name',
  'place_of_birth', 'popularity', 'profile_path',
])

/** The appended sections a recorded answer holds: its object-valued fields that are not base fields. */
function sectionsOf(body: Json, base: ReadonlySet<string>): string | undefined {
  const sections = Object.keys(body).filter((key) => !base.has(key) && body[key] !== null && typeof body[key] === 'object')
  return sections.length > 0 ? sections.sort().join(',') : undefined
}

function licenseOf(pieces: readonly Piece[]): string {
  return [...new Set(pieces.map((p) => p.license))].join(' AND ')
}

function recorded(file: string, request: ReplayEntry['request'], from: Piece, note?: string): [string, ReplayEntry] {
  return [`tmdb/${file}`, { request, response: { status: 200, body: from.body }, meta: { origin: 'recorded', sources: [from.source], license: from.license, ...(note ? { note } : {}) } }]
}

function composed(file: string, request: ReplayEntry['request'], body: Json, pieces: readonly Piece[], note: string): [string, ReplayEntry] {
  return [`tmdb/${file}`, { request, response: { status: 200, body }, meta: { origin: 'composed', sources: pieces.map((p) => p.source), license: licenseOf(pieces), note } }]
}

/**
 * A recorded search narrowed to one year, as TMDB answers it with `primary_release_year`: the
 * results of the recorded page first released that year (none is an answer too).
 */
function narrowedSearch(from: Piece, text: string, year: number): [string, ReplayEntry] {
  const results = (from.body.results as Json[]).filter((movie) => String(movie.release_date ?? '').startsWith(String(year)))
  const file = `tmdb/search/movie-${text.toLowerCase().replace(/\W+/g, '-')}-${year}.json`
  const note = `The recorded "${text}" search (page 1) narrowed to the results first released in ${year}, as TMDB answers with primary_release_year=${year}; totals recounted.`
  return [
    file,
    {
      request: { source: 'tmdb', path: '/3/search/movie', query: { language, page: 1, primary_release_year: year, query: text } },
      response: { status: 200, body: { ...from.body, results, total_pages: results.length > 0 ? 1 : 0, total_results: results.length } },
      meta: { origin: 'composed', sources: [from.source], license: from.license, note },
    },
  ]
}

function appendRequest(path: string, body: Json, base: ReadonlySet<string>): ReplayEntry['request'] {
  const append = sectionsOf(body, base)
  return { source: 'tmdb', path, query: append ? { language, append_to_response: append } : { language } }
}

async function entries(): Promise<Array<[string, ReplayEntry]>> {
  const vcr = '18Months_themoviedb-api_vcr' as const
  const [fcDetail, fcCredits, fcImages, fcKeywords, fcTranslations, fcAppend] = await Promise.all([
    piece(vcr, 'movie-detail.json'),
    piece(vcr, 'movie-cast.json'),
    piece(vcr, 'movie-backdrops.json'),
    piece(vcr, 'movie-keywords.json'),
    piece(vcr, 'movie-translations.json'),
    piece('adamayoung_TMDb', 'movie-details-append-response.json'),
  ])
  const fightClub = {
    ...fcDetail.body,
    credits: asSection(fcCredits.body),
    external_ids: fcAppend.body.external_ids as Json,
    images: asSection(fcImages.body),
    keywords: asSection(fcKeywords.body),
    translations: asSection(fcTranslations.body),
  }
  const rockCrystal = await piece('c-eg_themoviedbapi', 'movies/details_with_append_to_response.json')
  const riddick = await piece('php-tmdb_api', 'movie/all.json')
  const chariots = await piece('adamayoung_TMDb', 'movie-blank-homepage-release-date.json')
  // Two real answers of /3/movie/latest: the newest movie when each was recorded, sparse as new entries are.
  const calcutta = await piece(vcr, 'movie-latest.json')
  const betterThanMe = await piece('jdrouet_tmdb-api', 'movie-latest.json')
  const brad = await piece('adamayoung_TMDb', 'person-details-append-response.json')
  const anderson = await piece('c-eg_themoviedbapi', 'people/details_with_append_to_response.json')
  const sinise = await piece('php-tmdb_api', 'person/get.json')
  const [lucasDetail, lucasCredits, lucasIds] = await Promise.all([
    piece(vcr, 'person-detail.json'),
    piece(vcr, 'person-movie_credits.json'),
    piece(vcr, 'person-external_ids.json'),
  ])
  const [hanksDetail, hanksCredits, hanksIds] = await Promise.all([
    piece('adamayoung_TMDb', 'person-blank-homepage.json'),
    piece('c-eg_themoviedbapi', 'people/movie_credits.json'),
    piece('c-eg_themoviedbapi', 'people/external_ids.json'),
  ])
  const lists = {
    searchFightClub: await piece('c-eg_themoviedbapi', 'search/movie.json'),
    searchDisney: await piece(vcr, 'search-movie.json'),
    trending: await piece('c-eg_themoviedbapi', 'trending/movies.json'),
    discover: await piece('c-eg_themoviedbapi', 'discover/movies.json'),
    configuration: await piece('c-eg_themoviedbapi', 'configuration/details.json'),
    findFightClub: await piece('adamayoung_TMDb', 'find-imdb-id-movie.json'),
    changes: await piece('jdrouet_tmdb-api', 'movie-all-changes.json'),
  }
  const inEnglish = 'Recorded with language=en; served for language=en-US.'
  return [
    composed(
      'movie/550.json',
      { source: 'tmdb', path: '/3/movie/550', query: { language, append_to_response: 'credits,external_ids,images,keywords,translations' } },
      fightClub,
      [fcDetail, fcCredits, fcImages, fcKeywords, fcTranslations, fcAppend],
      'Fight Club as one append_to_response answer: details, credits, images, keywords and translations are five calls recorded separately by 18Months/themoviedb-api (Nov 2022, language=en); ' +
        'external_ids is the section of the same movie in the adamayoung/TMDb append fixture. The id field of each recorded sub-answer is dropped, as TMDB does for appended sections.',
    ),
    recorded('movie/12313.json', appendRequest('/3/movie/12313', rockCrystal.body, movieBaseFields), rockCrystal,
      'Hand-assembled upstream: the sections are real in shape but some belong to other movies (e.g. its external_ids values are placeholders).'),
    recorded('movie/87421.json', appendRequest('/3/movie/87421', riddick.body, movieBaseFields), riddick,
      'An older API answer: no external_ids section and no logos were recorded, so requests appending external_ids are replay misses.'),
    recorded('movie/9443.json', appendRequest('/3/movie/9443', chariots.body, movieBaseFields), chariots,
      'Details only (blank homepage and release date as recorded): any request appending a section is a replay miss.'),
    recorded('movie/1053760.json', appendRequest('/3/movie/1053760', calcutta.body, movieBaseFields), calcutta,
      'Recorded as /3/movie/latest (language=en, Nov 2022): the newest TMDB movie at that time, served for its own id and language=en-US. Sparse, as new entries are: no poster, no release date, no runtime, a blank overview.'),
    recorded('movie/1236474.json', appendRequest('/3/movie/1236474', betterThanMe.body, movieBaseFields), betterThanMe,
      'Recorded as /3/movie/latest (the request of this recording is not known): the newest TMDB movie at that time, served for its own id and language=en-US. Sparse: no poster, no release date, no IMDb id.'),
    recorded('person/287.json', appendRequest('/3/person/287', brad.body, personBaseFields), brad),
    recorded('person/12312.json', appendRequest('/3/person/12312', anderson.body, personBaseFields), anderson,
      'Hand-assembled upstream: its external_ids and credits belong to other people; normalizers trust only the ids that agree with the person\'s own imdb_id.'),
    recorded('person/33.json', appendRequest('/3/person/33', sinise.body, personBaseFields), sinise,
      'An older API answer without an external_ids section: the default person request (movie_credits,external_ids) is a replay miss; ask for movie_credits alone.'),
    composed(
      'person/1.json',
      { source: 'tmdb', path: '/3/person/1', query: { language, append_to_response: 'external_ids,movie_credits' } },
      { ...lucasDetail.body, movie_credits: asSection(lucasCredits.body), external_ids: asSection(lucasIds.body) },
      [lucasDetail, lucasCredits, lucasIds],
      `George Lucas: details, movie credits and external ids recorded as three calls by 18Months/themoviedb-api (Nov 2022), served as one append_to_response answer. ${inEnglish}`,
    ),
    composed(
      'person/31.json',
      { source: 'tmdb', path: '/3/person/31', query: { language, append_to_response: 'external_ids,movie_credits' } },
      { ...hanksDetail.body, movie_credits: asSection(hanksCredits.body), external_ids: asSection(hanksIds.body) },
      [hanksDetail, hanksCredits, hanksIds],
      'Tom Hanks: details from adamayoung/TMDb, movie credits and external ids from c-eg/themoviedbapi (recorded at different times), served as one append_to_response answer.',
    ),
    recorded('search/movie-fight-club.json', { source: 'tmdb', path: '/3/search/movie', query: { language, page: 1, query: 'Fight Club' } }, lists.searchFightClub),
    narrowedSearch(lists.searchFightClub, 'Fight Club', 1999),
    narrowedSearch(lists.searchFightClub, 'Fight Club', 1975),
    recorded('find/tt0137523.json', { source: 'tmdb', path: '/3/find/tt0137523', query: { external_source: 'imdb_id', language } }, lists.findFightClub,
      'The request of this recording is not known; it is served for language=en-US.'),
    recorded('changes/movie.json', { source: 'tmdb', path: '/3/movie/changes', query: { page: 1 } }, lists.changes,
      'Served for the default window (no start_date or end_date), whenever it was recorded.'),
    recorded('search/movie-disney.json', { source: 'tmdb', path: '/3/search/movie', query: { language, page: 1, query: 'Disney' } }, lists.searchDisney, inEnglish),
    recorded('trending/movie-week.json', { source: 'tmdb', path: '/3/trending/movie/week', query: { language, page: 1 } }, lists.trending),
    recorded('discover/movie.json', { source: 'tmdb', path: '/3/discover/movie', query: { language, page: 1 } }, lists.discover),
    recorded('configuration.json', { source: 'tmdb', path: '/3/configuration' }, lists.configuration),
  ]
}

async function main(): Promise<void> {
  const built = [...(await entries()), ...writtenEntries()]
  const keys = new Map<string, string>()
  for (const [file, entry] of built) {
    ReplayEntrySchema.parse(entry)
    const key = requestKey(entry.request)
    if (keys.has(key)) throw new Error(`${file} and ${keys.get(key)} answer the same request ${key}`)
    keys.set(key, file)
  }
  for (const folder of ownedFolders) await rm(join(replayDir, folder), { recursive: true, force: true })
  for (const [file, entry] of built) {
    const target = join(replayDir, file)
    await mkdir(dirname(target), { recursive: true })
    await writeFile(target, `${JSON.stringify(entry, null, 1)}\n`)
  }
  console.log(`Wrote ${built.length} replay entries from ${fixturesDir} and written-entries.ts to ${replayDir}`)
}

await main()
