import { type FakeMovieIdentity, fakeMovie, fakePersonName } from './fake-catalog.js'
import { type SeededRandom, hashText, seededRandom } from './seeded-random.js'

type Json = Record<string, unknown>

/** What the generator copies its shape from: the recorded Fight Club answer and configuration. */
export interface TmdbTemplates {
  /** The body of `replay/tmdb/movie/550.json` (details and appended sections). */
  movie: Json
  /** The body of `replay/tmdb/configuration.json`. */
  configuration: Json
}

const genres = [
  { id: 28, name: 'Action' },
  { id: 12, name: 'Adventure' },
  { id: 35, name: 'Comedy' },
  { id: 18, name: 'Drama' },
  { id: 14, name: 'Fantasy' },
  { id: 27, name: 'Horror' },
  { id: 9648, name: 'Mystery' },
  { id: 878, name: 'Science Fiction' },
  { id: 53, name: 'Thriller' },
]
const keywords = ['lighthouse', 'heist', 'road trip', 'time loop', 'small town', 'revenge', 'based on novel or book', 'coming of age', 'island', 'rivalry']
const jobs = [
  { job: 'Director', department: 'Directing' },
  { job: 'Screenplay', department: 'Writing' },
  { job: 'Producer', department: 'Production' },
  { job: 'Original Music Composer', department: 'Sound' },
]
/** People are drawn from a pool, so that fake movies share actors like real ones do. */
const PERSON_POOL = 20_000
const crewJobs = [
  ...jobs,
  { job: 'Executive Producer', department: 'Production' },
  { job: 'Director of Photography', department: 'Camera' },
  { job: 'Editor', department: 'Editing' },
  { job: 'Casting', department: 'Production' },
  { job: 'Production Design', department: 'Art' },
  { job: 'Costume Design', department: 'Costume & Make-Up' },
  { job: 'Sound Designer', department: 'Sound' },
  { job: 'Visual Effects Supervisor', department: 'Visual Effects' },
  { job: 'Stunt Coordinator', department: 'Crew' },
  { job: 'Makeup Artist', department: 'Costume & Make-Up' },
]

/**
 * How many credits a movie has, drawn like TMDB's: log-normal around a median, a long tail. Cast
 * has a median of 28 (a few to 200), crew of 22 (a few to 160): together a median near 50 and a
 * tail past 300, as a real catalog has (Fight Club: 250). The fake TMDB server draws its movies'
 * credits with it; benchmarks draw realistic catalogs with it too.
 * @param options.minCrew the fewest crew members (default: one per job the fake server knows, 11)
 */
export function creditCounts(random: Pick<SeededRandom, 'next'>, options: { minCrew?: number } = {}): { cast: number; crew: number } {
  const logNormal = (median: number, spread: number, min: number, max: number) => {
    // Box–Muller on the seeded source: one standard normal draw.
    const normal = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next())
    return Math.min(max, Math.max(min, Math.round(median * Math.exp(spread * normal))))
  }
  return { cast: logNormal(28, 0.65, 4, 200), crew: logNormal(22, 0.75, options.minCrew ?? jobs.length, 160) }
}
/** The `append_to_response` sections the fake answers; TMDB drops unknown ones silently, and so does the fake. */
const appendable = new Set(['credits', 'external_ids', 'images', 'keywords', 'release_dates', 'videos', 'translations'])

function imagePath(random: SeededRandom): string {
  return `/${Math.floor(random.next() * 36 ** 8).toString(36).padStart(8, '0')}Fake.jpg`
}

function image(random: SeededRandom, width: number, height: number, language: string | null): Json {
  return { aspect_ratio: Math.round((width / height) * 1000) / 1000, height, iso_639_1: language, file_path: imagePath(random), vote_average: 5, vote_count: random.int(0, 40), width }
}

function personId(random: SeededRandom): number {
  return random.int(1, PERSON_POOL)
}

function credits(movie: FakeMovieIdentity, seed: number): Json {
  const random = seededRandom(`${seed}:credits:${movie.id}`)
  const counts = creditCounts(random)
  const cast = Array.from({ length: counts.cast }, (_, order) => {
    const id = personId(random)
    const name = fakePersonName(id, seed)
    return { adult: false, gender: random.int(1, 2), id, known_for_department: 'Acting', name, original_name: name, popularity: random.int(1, 900) / 10, profile_path: imagePath(random), cast_id: order + 1, character: `Role ${order + 1}`, credit_id: `fake${movie.id}c${order}`, order }
  })
  const crew = Array.from({ length: counts.crew }, (_, index) => {
    const { job, department } = index < jobs.length ? jobs[index]! : crewJobs[random.int(0, crewJobs.length - 1)]!
    const id = personId(random)
    const name = fakePersonName(id, seed)
    return { adult: false, gender: random.int(1, 2), id, known_for_department: department, name, original_name: name, popularity: random.int(1, 300) / 10, profile_path: null, credit_id: `fake${movie.id}k${index}`, department, job }
  })
  return { cast, crew }
}

function sections(movie: FakeMovieIdentity, details: Json, seed: number): Record<string, () => unknown> {
  const random = () => seededRandom(`${seed}:sections:${movie.id}`)
  return {
    credits: () => credits(movie, seed),
    external_ids: () => ({ imdb_id: movie.imdbId, wikidata_id: movie.wikidataId, facebook_id: null, instagram_id: null, twitter_id: null }),
    images: () => {
      const r = random()
      return { backdrops: [image(r, 1280, 720, null), image(r, 1920, 1080, 'en')], logos: [image(r, 500, 200, 'en')], posters: [image(r, 500, 750, 'en'), image(r, 1000, 1500, null)] }
    },
    keywords: () => ({ keywords: random().sample(keywords, 4).map((name) => ({ id: hashText(name) % 100_000, name })) }),
    release_dates: () => ({ results: [{ iso_3166_1: 'US', release_dates: [{ certification: 'PG-13', iso_639_1: '', note: '', release_date: `${details.release_date}T00:00:00.000Z`, type: 3 }] }] }),
    videos: () => ({ results: [{ iso_639_1: 'en', iso_3166_1: 'US', name: 'Official Trailer', key: `fake${movie.id}`, site: 'YouTube', size: 1080, type: 'Trailer', official: true, id: `fakevideo${movie.id}` }] }),
    translations: () => ({
      translations: [
        { iso_3166_1: 'US', iso_639_1: 'en', name: 'English', english_name: 'English', data: { title: movie.title, overview: details.overview, tagline: details.tagline, homepage: '', runtime: details.runtime } },
        { iso_3166_1: 'FR', iso_639_1: 'fr', name: 'Français', english_name: 'French', data: { title: `${movie.title} (VF)`, overview: `Version française : ${String(details.overview)}`, tagline: '', homepage: '', runtime: details.runtime } },
      ],
    }),
  }
}

/** Details of fake movie `id` in `language`, with the `append` sections TMDB knows (others are dropped, as TMDB does). */
export function fakeTmdbMovie(templates: TmdbTemplates, id: number, options: { language: string; append: readonly string[]; seed: number }): Json {
  const movie = fakeMovie(id, options.seed)
  const random = seededRandom(`${options.seed}:details:${id}`)
  const english = options.language.startsWith('en')
  const details: Json = {}
  // The template gives the field order and every field we do not generate (budget, companies...).
  for (const [name, value] of Object.entries(templates.movie)) if (!appendable.has(name)) details[name] = structuredClone(value)
  const overview = `A story about the ${movie.title.replace(/^The /, '').toLowerCase()}, told over one long year.`
  Object.assign(details, {
    id,
    imdb_id: movie.imdbId,
    title: english ? movie.title : `${movie.title} (VF)`,
    original_title: movie.title,
    // TMDB sends '' for a field with no translation: the fallback of the enricher is exercised.
    overview: english ? overview : '',
    tagline: english ? `Every ${movie.title.split(' ')[2]?.toLowerCase() ?? 'story'} has a shadow.` : '',
    release_date: `${movie.year}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
    runtime: random.int(80, 180),
    genres: random.sample(genres, random.int(1, 3)),
    original_language: 'en',
    poster_path: imagePath(random),
    backdrop_path: imagePath(random),
    popularity: random.int(10, 5000) / 10,
    vote_average: Math.round(random.next() * 900 + 100) / 100,
    vote_count: random.int(10, 30_000),
    belongs_to_collection: null,
  })
  const generators = sections(movie, details, options.seed)
  for (const section of options.append) {
    const generate = generators[section]
    if (generate) details[section] = generate()
  }
  return details
}

/** A movie as lists (search, trending, discover, find) show it. */
export function fakeTmdbListItem(id: number, seed: number): Json {
  const movie = fakeMovie(id, seed)
  const random = seededRandom(`${seed}:details:${id}`)
  return {
    adult: false,
    backdrop_path: imagePath(random),
    genre_ids: [18],
    id,
    original_language: 'en',
    original_title: movie.title,
    overview: `A story about the ${movie.title.replace(/^The /, '').toLowerCase()}, told over one long year.`,
    popularity: random.int(10, 5000) / 10,
    poster_path: imagePath(random),
    release_date: `${movie.year}-06-15`,
    title: movie.title,
    video: false,
    vote_average: Math.round(random.next() * 900 + 100) / 100,
    vote_count: random.int(10, 30_000),
  }
}

/** A page of 20 fake movies, the same for the same `key` and page. */
export function fakeTmdbPage(key: string, page: number, seed: number, totalResults = 10_000): Json {
  const random = seededRandom(`${seed}:page:${key}:${page}`)
  const results = Array.from({ length: 20 }, () => fakeTmdbListItem(random.int(1, 999_999), seed))
  return { page, results, total_pages: Math.ceil(totalResults / 20), total_results: totalResults }
}

/** A fake person with the `append` sections (`movie_credits`, `external_ids`, `images`). */
export function fakeTmdbPerson(id: number, options: { append: readonly string[]; seed: number }): Json {
  const random = seededRandom(`${options.seed}:person-details:${id}`)
  const name = fakePersonName(id, options.seed)
  const person: Json = {
    adult: false,
    also_known_as: [],
    biography: `${name} is an invented performer of the fake TMDB server.`,
    birthday: `${random.int(1930, 2000)}-0${random.int(1, 9)}-1${random.int(0, 9)}`,
    deathday: null,
    gender: random.int(1, 2),
    homepage: null,
    id,
    imdb_id: `nm${String(id).padStart(7, '0')}`,
    known_for_department: 'Acting',
    name,
    place_of_birth: 'Nowhere, Fakeland',
    popularity: random.int(1, 900) / 10,
    profile_path: imagePath(random),
  }
  const movies = Array.from({ length: 4 }, () => fakeTmdbListItem(random.int(1, 999_999), options.seed))
  const generators: Record<string, () => unknown> = {
    movie_credits: () => ({
      cast: movies.slice(0, 3).map((movie, order) => ({ ...movie, character: `Role ${order + 1}`, credit_id: `fakep${id}c${order}`, order })),
      crew: movies.slice(3).map((movie, index) => ({ ...movie, credit_id: `fakep${id}k${index}`, department: 'Directing', job: 'Director' })),
    }),
    external_ids: () => ({ imdb_id: person.imdb_id, wikidata_id: null, facebook_id: null, instagram_id: null, twitter_id: null }),
    images: () => ({ profiles: [image(random, 500, 750, null)] }),
  }
  for (const section of options.append) {
    const generate = generators[section]
    if (generate) person[section] = generate()
  }
  return person
}

/** `/3/find/{id}?external_source=imdb_id` for a fake IMDb id: a title (`tt…`) names a movie, a name (`nm…`) a person. */
export function fakeTmdbFind(found: { movie?: number | undefined; person?: number | undefined }, seed: number): Json {
  const person = found.person ? [{ adult: false, id: found.person, name: fakePersonName(found.person, seed), known_for_department: 'Acting', known_for: [] }] : []
  return { movie_results: found.movie ? [fakeTmdbListItem(found.movie, seed)] : [], person_results: person, tv_results: [], tv_episode_results: [], tv_season_results: [] }
}

/** `/3/movie/changes`: ids changed in the window, 100 per page, three pages. */
export function fakeTmdbChanges(window: string, page: number, seed: number): Json {
  const random = seededRandom(`${seed}:changes:${window}:${page}`)
  return { results: Array.from({ length: 100 }, () => ({ id: random.int(1, 999_999), adult: false })), page, total_pages: 3, total_results: 300 }
}
