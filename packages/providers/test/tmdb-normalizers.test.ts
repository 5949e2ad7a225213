import { LevelSet, MovieSchema, RelationSchema, createMovieRecord } from '@cinelayer/core'
// Internal to core: how the engine applies an enricher's patch, reached by path in this test only.
import { applyPatch } from '../../core/src/movie-record.js'
import { describe, expect, it } from 'vitest'
import { JsonReplayProvider, ProviderResponseError, TmdbProvider, defaultReplayDir, normalizeMovieListItem } from '../src/index.js'
import { normalizeMovie, normalizeMovieDetails, normalizeMoviePoster, tmdbMovieFacets } from '../src/tmdb-normalizers.js'

const tmdb = new TmdbProvider({ data: new JsonReplayProvider({ dir: defaultReplayDir }) })
const deepSections = ['credits', 'external_ids', 'images', 'keywords']

describe('TMDB movie normalizers on Fight Club (composed from recorded answers)', async () => {
  const movie = await tmdb.movie(550, { append: deepSections })
  const all = normalizeMovie(movie, tmdbMovieFacets)

  it('fills details, including title, year, the IMDb id and the countries of production', () => {
    expect(normalizeMovieDetails(movie)).toEqual({
      ids: { tmdb: 550, imdb: 'tt0137523' },
      productionCountries: [
        { code: 'DE', name: 'Germany' },
        { code: 'US', name: 'United States of America' },
      ],
      title: 'Fight Club',
      year: 1999,
      originalTitle: 'Fight Club',
      overview: expect.stringContaining('insomniac'),
      tagline: 'Mischief. Mayhem. Soap.',
      releaseDate: '1999-10-15',
      runtime: 139,
      originalLanguage: 'en',
      status: 'Released',
    })
  })

  it('keeps only a valid IMDb id and countries with a code and a name from the details', () => {
    const odd = { ...movie, imdb_id: 'nm0000093', production_countries: [{ iso_3166_1: '', name: 'Nowhere' }, { iso_3166_1: 'FR', name: 'France' }] }
    expect(normalizeMovieDetails(odd)).toMatchObject({ ids: { tmdb: 550 }, productionCountries: [{ code: 'FR', name: 'France' }] })
    expect(normalizeMovieDetails(odd).ids).not.toHaveProperty('imdb')
    expect(normalizeMovieDetails({ ...movie, production_countries: undefined })).not.toHaveProperty('productionCountries')
  })

  it('fills the poster, genres and ratings', () => {
    expect(all.patch.poster).toEqual({ path: '/pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK.jpg' })
    expect(all.patch.genres).toEqual([
      { id: 18, name: 'Drama' },
      { id: 53, name: 'Thriller' },
      { id: 35, name: 'Comedy' },
    ])
    expect(all.patch.tmdbRating).toEqual({ average: 8.428, count: 25223 })
  })

  it('fills cast and crew with person ids', () => {
    expect(all.patch.cast?.slice(0, 2)).toEqual([
      { personId: 'tmdb:819', name: 'Edward Norton', character: 'The Narrator', order: 0 },
      { personId: 'tmdb:287', name: 'Brad Pitt', character: 'Tyler Durden', order: 1 },
    ])
    expect(all.patch.cast).toHaveLength(movie.credits!.cast.length)
    expect(all.patch.crew).toContainEqual({ personId: 'tmdb:7467', name: 'David Fincher', job: 'Director', department: 'Directing' })
  })

  it('names every credited person once, as a seed with their TMDB id', () => {
    const ids = all.people.map((person) => person.id)
    expect(new Set(ids).size).toBe(ids.length)
    const everyone = new Set([...all.patch.cast!, ...all.patch.crew!].map((credit) => credit.personId))
    expect(new Set(ids)).toEqual(everyone)
    expect(all.people.find((person) => person.id === 'tmdb:287')).toMatchObject({ name: 'Brad Pitt', ids: { tmdb: 287 }, knownForDepartment: 'Acting' })
  })

  it('links every credit to the movie with valid relations naming its title and year', () => {
    expect(all.relations).toHaveLength(movie.credits!.cast.length + movie.credits!.crew.length)
    for (const relation of all.relations) expect(RelationSchema.parse(relation)).toEqual(relation)
    expect(all.relations).toContainEqual({
      personId: 'tmdb:287',
      movieId: 'tmdb:550',
      role: 'cast',
      character: 'Tyler Durden',
      order: 1,
      movieTitle: 'Fight Club',
      movieYear: 1999,
    })
  })

  it('fills external ids and the valid IMDb and Wikidata ids', () => {
    expect(all.patch.externalIds).toEqual({ imdb: 'tt0137523', wikidata: 'Q190050', facebook: 'FightClub' })
    expect(all.patch.ids).toEqual({ tmdb: 550, imdb: 'tt0137523', wikidata: 'Q190050' })
  })

  it('fills images and keywords', () => {
    const images = all.patch.images!
    expect([images.backdrops.length, images.logos.length, images.posters.length]).toEqual([5, 13, 44])
    expect(images.backdrops[0]).toEqual({ path: '/fygeMr16EcxJiYhdiO1LEr7iHtI.jpg', width: 1280, height: 720, language: 'en' })
    expect(all.patch.keywords).toContain('dissociative identity disorder')
    expect(all.patch.keywords).toHaveLength(14)
  })

  it('makes a record that matches the movie schema', () => {
    const record = createMovieRecord({ id: 'tmdb:550', ids: { tmdb: 550 } }, new LevelSet(), Date.UTC(2026, 10, 21))
    expect(() => MovieSchema.parse(applyPatch(record, all.patch as Record<string, unknown>))).not.toThrow()
  })

  it('returns only the fields of the facets asked for', () => {
    expect(Object.keys(normalizeMovie(movie, ['poster']).patch)).toEqual(['poster'])
    expect(Object.keys(normalizeMovie(movie, ['keywords', 'ratings']).patch).sort()).toEqual(['keywords', 'tmdbRating'])
    const noCredits = normalizeMovie(movie, ['details', 'genres'])
    expect(noCredits.people).toEqual([])
    expect(noCredits.relations).toEqual([])
    expect(noCredits.patch).not.toHaveProperty('cast')
  })

  it('gives a null poster when TMDB has none', () => {
    expect(normalizeMoviePoster({ ...movie, poster_path: null })).toEqual({ poster: null })
    expect(normalizeMoviePoster({ ...movie, poster_path: '' })).toEqual({ poster: null })
  })
})

describe('TMDB movie normalizers on Rock Crystal (recorded append answer)', async () => {
  const movie = await tmdb.movie(12313, { append: deepSections })
  const all = normalizeMovie(movie, tmdbMovieFacets)

  it('leaves a blank tagline absent rather than empty', () => {
    expect(movie.tagline).toBe('')
    expect(all.patch).not.toHaveProperty('tagline')
    expect(all.patch).toMatchObject({ title: 'Rock Crystal', originalTitle: 'Bergkristall', originalLanguage: 'de', year: 2004, runtime: 92 })
  })

  it('keeps placeholder Wikidata values out of the ids', () => {
    expect(movie.external_ids?.wikidata_id).toBe('wikidata')
    expect(all.patch.ids).toEqual({ tmdb: 12313, imdb: 'tt0409732' })
    expect(all.patch.externalIds).not.toHaveProperty('wikidata')
  })

  it('reads credits with a person in several crew jobs as one person', () => {
    const vilsmaier = all.patch.crew!.filter((credit) => credit.personId === 'tmdb:14614').map((credit) => credit.job)
    expect(vilsmaier).toEqual(['Director', 'Director of Photography', 'Producer'])
    expect(all.people.filter((person) => person.id === 'tmdb:14614')).toHaveLength(1)
  })
})

describe('TMDB movie normalizers on Riddick (older recorded answer)', async () => {
  const movie = await tmdb.movie(87421, { append: ['credits', 'images', 'keywords'] })

  it('reads what is there despite numbers recorded as strings where it does not read', () => {
    expect(movie.popularity).toBe('93.4917224393659')
    const { patch } = normalizeMovie(movie, ['details', 'credits', 'images', 'keywords'])
    expect(patch).toMatchObject({ title: 'Riddick', tagline: 'Survival Is His Revenge', year: 2013 })
    expect(patch.cast?.[0]).toEqual({ personId: 'tmdb:12835', name: 'Vin Diesel', character: 'Riddick', order: 0 })
    expect(patch.keywords).toEqual(['planet', 'aliens', 'revenge', 'riddick'])
  })

  it('gives empty logos when none were recorded', () => {
    const { images } = normalizeMovie(movie, ['images']).patch
    expect(images?.logos).toEqual([])
    expect(images?.posters).toHaveLength(34)
  })

  it('refuses a facet whose section is not in the answer', () => {
    expect(() => normalizeMovie(movie, ['externalIds'])).toThrow(ProviderResponseError)
  })
})

describe('TMDB movie normalizers on Chariots of Fire (blank release date)', async () => {
  const movie = await tmdb.movie(9443)

  it('leaves a blank release date, and so the year, absent', () => {
    const details = normalizeMovieDetails(movie)
    expect(movie.release_date).toBe('')
    expect(details).not.toHaveProperty('releaseDate')
    expect(details).not.toHaveProperty('year')
    expect(details).toMatchObject({ title: 'Chariots of Fire', runtime: 124 })
  })
})

describe('normalizeMovieListItem', async () => {
  const page = await tmdb.searchMovies('Fight Club')

  it('turns a list item into a summary', () => {
    expect(normalizeMovieListItem(page.results[0]!)).toEqual({
      tmdb: 550,
      title: 'Fight Club',
      originalTitle: 'Fight Club',
      year: 1999,
      releaseDate: '1999-10-15',
      overview: expect.stringContaining('insomniac'),
      posterPath: '/pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK.jpg',
      popularity: 73.433,
      voteAverage: 8.433,
      voteCount: 26279,
    })
  })

  it('leaves a blank release date absent', () => {
    const russian = page.results.find((item) => item.id === 973534)!
    expect(russian.release_date).toBe('')
    const summary = normalizeMovieListItem(russian)
    expect(summary).not.toHaveProperty('year')
    expect(summary).not.toHaveProperty('releaseDate')
  })
})
