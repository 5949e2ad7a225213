import { describe, expect, it } from 'vitest'
import { defaultVideoExtensions } from '../src/index.js'
import { extensionSet, isIgnoredPath, kindOf, sidecarSuffix } from '../src/file-kinds.js'

const videos = extensionSet(defaultVideoExtensions)

describe('file kinds', () => {
  it.each([
    ['Movie.2000.mkv', 'video'],
    ['Movie.2000.MP4', 'video'],
    ['Movie.2000.en.srt', 'sidecar'],
    ['Movie.2000.nfo', 'sidecar'],
    ['Movie.2000.mkv.part', 'ignored'],
    ['Movie.2000.mkv.!qB', 'ignored'],
    ['Movie.2000.crdownload', 'ignored'],
    ['.Movie.2000.mkv', 'ignored'],
    ['.hidden/Movie.2000.mkv', 'ignored'],
    ['Movie.2000/Sample/movie-sample.mkv', 'ignored'],
    ['Movie.2000/movie-sample.mkv', 'ignored'],
    ['Movie.2000.txt', 'ignored'],
    ['Movie.2000.jpg', 'ignored'],
  ] as const)('%s is %s', (path, kind) => {
    expect(kindOf(path, videos)).toBe(kind)
  })

  it('keeps "Sample" as a movie title', () => {
    expect(isIgnoredPath('Sample.2021.1080p.mkv')).toBe(false)
  })

  it('takes only language and flag tags between a video name and a sidecar extension', () => {
    expect(sidecarSuffix('Movie.srt', 'Movie')).toBe('.srt')
    expect(sidecarSuffix('Movie.en.srt', 'Movie')).toBe('.en.srt')
    expect(sidecarSuffix('Movie.pt-BR.forced.srt', 'Movie')).toBe('.pt-BR.forced.srt')
    expect(sidecarSuffix('Movie.English.sdh.srt', 'Movie')).toBe('.English.sdh.srt')
    expect(sidecarSuffix('Movie.nfo', 'Movie')).toBe('.nfo')
    expect(sidecarSuffix('Movie.idx', 'Movie')).toBe('.idx')
    expect(sidecarSuffix('Movie.Part.2.srt', 'Movie')).toBeUndefined()
    expect(sidecarSuffix('Movie 2.srt', 'Movie')).toBeUndefined()
    expect(sidecarSuffix('Movie.en.txt', 'Movie')).toBeUndefined()
    expect(sidecarSuffix('Other.en.srt', 'Movie')).toBeUndefined()
  })
})
