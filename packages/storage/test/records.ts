// The records of the store contract suite, shared with the package's own tests.
export { T0, cast, crew, fightClub, hostileMovieIds, hostilePersonIds, largeCredits, movie, person, stats } from '../src/contract/fixtures.js'
