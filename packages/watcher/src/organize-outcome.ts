import type { CinelayerError } from '@cinelayer/core'
import type { OrganizeFailureReason } from './errors.js'

/** What became of one file the watcher handled. */
export type OrganizeOutcome =
  | {
      status: 'organized'
      movieId: string
      /** Where the video is now. */
      path: string
      /** Where it was (absent for a file adopted where it lies in the library). */
      from?: string
      /** Where its sidecars went. */
      sidecars: string[]
      /** `link`/`rename` on one device, `copy` across devices; absent when nothing moved. */
      method?: 'link' | 'rename' | 'copy'
      /** The name wanted first, when a collision gave the file a suffixed one. */
      collidedWith?: string
    }
  | {
      /** Matched to nothing good enough: the movie is `local:` with its candidates; the file did not move. */
      status: 'unmatched'
      movieId: string
      path: string
    }
  | {
      /** The file stays where it was; `error` says why. */
      status: 'failed'
      path: string
      reason: OrganizeFailureReason
      error: CinelayerError
      movieId?: string
    }
  | {
      /** Nothing to do: the file is gone, or the store already knows it there. */
      status: 'skipped'
      path: string
    }
