import { z } from 'zod'

/** An OMDb title answer as cinelayer reads it: a rating and votes, or `Response: "False"` with why. */
export const OmdbAnswerSchema = z.discriminatedUnion('Response', [
  z.looseObject({ Response: z.literal('True'), imdbID: z.string().optional(), imdbRating: z.string(), imdbVotes: z.string() }),
  z.looseObject({ Response: z.literal('False'), Error: z.string() }),
])

/** OMDb answers 200 with `Response: "False"` for ids it does not know; other such answers are refusals. */
export const omdbNotFound = /not found|incorrect imdb id/i
