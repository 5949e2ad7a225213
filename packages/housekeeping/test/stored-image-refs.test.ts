import { LevelSet, createMovieRecord } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import { withoutStoredSizes } from '../src/stored-image-refs.js'

const levels = new LevelSet()
const at = '2026-11-21T00:00:00.000Z'

function deepMovie() {
  const base = createMovieRecord({ id: 'tmdb:550', ids: { tmdb: 550 }, title: 'Fight Club' }, levels, Date.parse(at))
  return {
    ...base,
    facets: { ...base.facets, details: { at, provider: 'tmdb' }, poster: { at, provider: 'tmdb' }, images: { at, provider: 'tmdb' } },
    poster: { path: '/p.jpg', size: 'original', bytes: 10 },
    images: {
      backdrops: [{ path: '/b1.jpg', size: 'w1280', bytes: 5, width: 1280 }, { path: '/b2.jpg', size: 'w780', bytes: 3 }, { path: '/b3.jpg' }],
      logos: [{ path: '/l.png', size: 'w300', bytes: 1 }],
      posters: [],
    },
  }
}

describe('withoutStoredSizes', () => {
  it('takes bytes and size off the references of the dropped sizes only, and makes their facets stale', () => {
    const movie = deepMovie()
    const { movie: after, facets } = withoutStoredSizes(movie, ['original', 'w1280'], levels)
    expect(facets.sort()).toEqual(['images', 'poster'])
    expect(after.poster).toEqual({ path: '/p.jpg' })
    expect(after.images!.backdrops).toEqual([{ path: '/b1.jpg', width: 1280 }, { path: '/b2.jpg', size: 'w780', bytes: 3 }, { path: '/b3.jpg' }])
    expect(after.images!.logos).toBe(movie.images.logos)
    expect(after.facets.poster!.at).toBe(new Date(0).toISOString())
    expect(after.facets.images!.at).toBe(new Date(0).toISOString())
    expect(after.facets.details).toEqual({ at, provider: 'tmdb' })
    // The record given is not changed.
    expect(movie.poster).toEqual({ path: '/p.jpg', size: 'original', bytes: 10 })
  })

  it('gives the record back as it is when no reference has a dropped size', () => {
    const movie = deepMovie()
    expect(withoutStoredSizes(movie, ['w92'], levels)).toEqual({ movie, facets: [] })
    expect(withoutStoredSizes(movie, [], levels).movie).toBe(movie)
  })
})
