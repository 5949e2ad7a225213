import { fakeMovie, tmdbIdOfFakeImdbId } from './fake-catalog.js'
import { type FakeAnswer, type FakeServer, type FakeServerOptions, startFakeHttpServer } from './fake-http-server.js'

/** Options of {@link startFakeOmdbServer}. */
export interface FakeOmdbServerOptions extends FakeServerOptions {
  /** The key the server insists on (`apikey`); anything else is answered `401` as OMDb does. Default: no check. */
  apiKey?: string
  /**
   * Status of a refusal (a wrong or missing key): OMDb answers `401`; some of its mirrors and older
   * versions answer `200` with `Response: "False"`. Default `401`.
   */
  refusalStatus?: number
}

function title(url: URL, seed: number): FakeAnswer | undefined {
  if (url.pathname !== '/') return undefined
  const imdbId = url.searchParams.get('i')
  if (imdbId === null) return { endpoint: 'title', body: { Response: 'False', Error: 'Something went wrong.' } }
  const tmdbId = tmdbIdOfFakeImdbId(imdbId)
  if (tmdbId === undefined) return { endpoint: 'title', body: { Response: 'False', Error: 'Incorrect IMDb ID.' } }
  const movie = fakeMovie(tmdbId, seed)
  const rating = movie.rated ? movie.rating.toFixed(1) : 'N/A'
  return {
    endpoint: 'title',
    body: {
      Title: movie.title,
      Year: String(movie.year),
      Rated: 'PG-13',
      Runtime: 'N/A',
      Genre: 'Drama',
      Plot: 'N/A',
      Language: 'English',
      Ratings: movie.rated ? [{ Source: 'Internet Movie Database', Value: `${rating}/10` }] : [],
      Metascore: 'N/A',
      imdbRating: rating,
      // OMDb groups thousands with commas: "2,345,678".
      imdbVotes: movie.rated ? movie.votes.toLocaleString('en-US') : 'N/A',
      imdbID: imdbId,
      Type: 'movie',
      Response: 'True',
    },
  }
}

/**
 * A fake OMDb on 127.0.0.1 answering `/?i=tt…` for any IMDb id in OMDb's shape (`imdbRating`
 * `"8.8"`, `imdbVotes` `"2,345,678"`, `Response: "True"`; `"N/A"` for about one movie in thirty);
 * the rating of a fake TMDB movie's `imdb_id` is the same whichever server is asked. Counter per
 * endpoint: `title`.
 */
export async function startFakeOmdbServer(options: FakeOmdbServerOptions = {}): Promise<FakeServer> {
  const seed = options.seed ?? 1
  return startFakeHttpServer(
    {
      answer: (url) => title(url, seed),
      authorize(_request, url) {
        if (options.apiKey === undefined || url.searchParams.get('apikey') === options.apiKey) return undefined
        const given = url.searchParams.get('apikey')
        // An echoing OMDb names the refused key, as some of its error texts do.
        const error = given === null ? 'No API key provided.' : options.echoCredentials ? `Invalid API key: ${given}` : 'Invalid API key!'
        return { endpoint: 'unauthorized', status: options.refusalStatus ?? 401, body: { Response: 'False', Error: error } }
      },
      throttleBody: () => ({ Response: 'False', Error: 'Request limit reached!' }),
      errorBody: (status) => ({ Response: 'False', Error: status === 404 ? 'Not found.' : 'Something went wrong.' }),
    },
    options,
  )
}
