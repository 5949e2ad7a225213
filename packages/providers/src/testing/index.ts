/**
 * `@cinelayer/providers/testing`: fake upstreams on loopback and fake timers, to test and measure
 * code that uses cinelayer's live data path without the network and without waiting.
 * @packageDocumentation
 */
export {
  type FakeMovieIdentity,
  fakeArticleTitle,
  fakeImdbId,
  fakeMovie,
  fakePersonName,
  fakeWikidataId,
} from './fake-catalog.js'
export type { FakeServer, FakeServerFaults, FakeServerOptions, FakeServerRateLimit } from './fake-http-server.js'
export { type FakeOmdbServerOptions, startFakeOmdbServer } from './fake-omdb-server.js'
export { type FakeTimers, createFakeTimers } from './fake-timers.js'
export { type SeededRandom, hashText, seededRandom } from './seeded-random.js'
export { creditCounts } from './fake-tmdb-data.js'
export { type FakeTmdbServerOptions, startFakeTmdbServer } from './fake-tmdb-server.js'
export { type FakeWikipediaServer, type FakeWikipediaServerOptions, startFakeWikipediaServer } from './fake-wikipedia-server.js'
