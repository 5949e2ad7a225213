import { seededRandom } from './seeded-random.js'

// Word lists for generated names: invented, short, and obviously not real films or people.
const adjectives = ['Silent', 'Crimson', 'Hidden', 'Last', 'Broken', 'Golden', 'Distant', 'Hollow', 'Wild', 'Quiet', 'Burning', 'Paper', 'Iron', 'Velvet', 'Northern', 'Lost']
const nouns = ['Harbor', 'Signal', 'Orchard', 'Machine', 'Winter', 'Garden', 'Frontier', 'Mirror', 'Lantern', 'Parade', 'Station', 'Tide', 'Archive', 'Comet', 'Meridian', 'Voyage']
const givenNames = ['Ada', 'Bruno', 'Celia', 'Dmitri', 'Elena', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Kiri', 'Luca', 'Mira', 'Nils', 'Olga', 'Pablo', 'Rosa', 'Sven', 'Talia', 'Umar']
const familyNames = ['Abernathy', 'Brandt', 'Castellanos', 'Duval', 'Eriksen', 'Fontaine', 'Galloway', 'Hartley', 'Ivanova', 'Jourdan', 'Kowalski', 'Lindqvist', 'Moreau', 'Novak', 'Okafor', 'Pereira']

/** Offset between a fake movie's TMDB id and its Wikidata item number (`Q<id + offset>`). */
const WIKIDATA_OFFSET = 5_000_000

/** The fake IMDb id of a fake TMDB movie: `tt` and the TMDB id on at least seven digits. */
export function fakeImdbId(tmdbId: number): string {
  return `tt${String(tmdbId).padStart(7, '0')}`
}

/** The fake Wikidata item of a fake TMDB movie. */
export function fakeWikidataId(tmdbId: number): string {
  return `Q${tmdbId + WIKIDATA_OFFSET}`
}

/** The TMDB id behind a fake IMDb id, or `undefined` when it is not one. */
export function tmdbIdOfFakeImdbId(imdbId: string): number | undefined {
  const match = /^tt(\d{7,10})$/.exec(imdbId)
  const id = match ? Number(match[1]) : 0
  return id > 0 ? id : undefined
}

/** The TMDB id behind a fake person IMDb id (`nm` and the TMDB id on seven digits), or `undefined`. */
export function tmdbIdOfFakeImdbName(imdbId: string): number | undefined {
  const match = /^nm(\d{7,10})$/.exec(imdbId)
  const id = match ? Number(match[1]) : 0
  return id > 0 ? id : undefined
}

/** The TMDB id behind a fake Wikidata item, or `undefined` when it is not one. */
export function tmdbIdOfFakeWikidataId(item: string): number | undefined {
  const match = /^Q(\d+)$/.exec(item)
  const id = match ? Number(match[1]) - WIKIDATA_OFFSET : 0
  return id > 0 ? id : undefined
}

/** Who a fake movie is, the same for every fake server (TMDB, Wikipedia, OMDb) given the same seed. */
export interface FakeMovieIdentity {
  id: number
  title: string
  year: number
  imdbId: string
  wikidataId: string
  /** Rating on IMDb's 1–10 scale, one decimal. */
  rating: number
  votes: number
  /** `false` for the few movies IMDb has no rating for (OMDb says `N/A`): about one in thirty. */
  rated: boolean
}

/** The identity of fake movie `id` under `seed`. */
export function fakeMovie(id: number, seed = 1): FakeMovieIdentity {
  const random = seededRandom(`${seed}:movie:${id}`)
  const title = `The ${random.pick(adjectives)} ${random.pick(nouns)}`
  const year = random.int(1950, 2025)
  const rating = Math.round((3 + random.next() * 6.5) * 10) / 10
  const votes = random.int(50, 2_500_000)
  const rated = random.next() >= 1 / 30
  return { id, title, year, imdbId: fakeImdbId(id), wikidataId: fakeWikidataId(id), rating, votes, rated }
}

/** The name of fake person `id` under `seed`. */
export function fakePersonName(id: number, seed = 1): string {
  const random = seededRandom(`${seed}:person:${id}`)
  return `${random.pick(givenNames)} ${random.pick(familyNames)}`
}

/** The Wikipedia article title of a fake movie (`Title (year film)`, as Wikipedia disambiguates films). */
export function fakeArticleTitle(movie: FakeMovieIdentity, lang: string): string {
  return lang === 'en' ? `${movie.title} (${movie.year} film)` : `${movie.title} (film, ${movie.year})`
}
