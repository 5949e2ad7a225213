// The matcher lives in @cinelayer/core, where the watcher uses it without the engine; engine modules import it from here.
export { type MatchCandidate, type MatchDecision, chooseMatch, normalizeTitle } from '@cinelayer/core'
