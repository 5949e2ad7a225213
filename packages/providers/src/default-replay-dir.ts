import { fileURLToPath } from 'node:url'

/**
 * Absolute path of the replay dataset shipped with `@cinelayer/providers` (`replay/` in the
 * package): recorded TMDB answers for a handful of movies, people and lists, usable with no key
 * and no network. See the package README for what it holds and where each answer comes from.
 */
// `src/` (in-repo) and `dist/` (published) both sit one level below the package root.
export const defaultReplayDir: string = fileURLToPath(new URL('../replay', import.meta.url))
