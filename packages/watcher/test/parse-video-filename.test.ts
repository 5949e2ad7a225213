import { readFileSync } from 'node:fs'
import { CinelayerError } from '@cinelayer/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  InvalidVideoNameError,
  type ParsedVideoName,
  UnparseableVideoNameError,
  normalizeTitle,
  parseVideoFilename,
  watcherErrorCodes,
} from '../src/index.js'

/**
 * Release names quoted from the test suite of scttcper/video-filename-parser (MIT), the library
 * this parser is built on: each is a case the library alone gets wrong.
 */
describe('parseVideoFilename: where the library alone fails', () => {
  it.each([
    ['www.Torrenting.com - Revenge.2008.720p.X264-DIMENSION'],
    ['[ www.Torrenting.com ] - Revenge.2008.720p.X264-DIMENSION'],
    ['1337x.to - Revenge.2008.720p.X264-DIMENSION'],
    ['(tracker.xn--p1ai) Revenge.2008.720p.X264-DIMENSION'],
    ['Revenge.2008.720p.X264-DIMENSION [example.co.uk]'],
  ])('drops the site prefix or suffix of %s', (name) => {
    expect(parseVideoFilename(name)).toMatchObject({ title: 'Revenge', year: 2008, resolution: '720p', group: 'DIMENSION' })
  })

  it.each([
    ['Multiplicity.1996.1080p.BluRay.X264-AMIABLE', 'Multiplicity', 1996],
    ['Multiplicity (1996) [REPACK] [720p]', 'Multiplicity', 1996],
    ['Doctor.Strange.in.the.Multiverse.of.Madness.2022.2160p.WEB.H265-SLOT', 'Doctor Strange in the Multiverse of Madness', 2022],
    ['Reality.2023.1080p.WEB.H264-GROUP', 'Reality', 2023],
    ['Real.Steel.2011.1080p.BluRay.x264-GROUP', 'Real Steel', 2011],
    ['A.Real.Pain.2024.1080p.WEB.H264-GROUP', 'A Real Pain', 2024],
    ['Uncut.Gems.2019.2160p.UHD.BluRay.x265-B0MBARDiERS', 'Uncut Gems', 2019],
  ])('keeps the words the library swallows as tags: %s', (name, title, year) => {
    const parsed = parseVideoFilename(name)
    expect(parsed).toMatchObject({ title, year })
    // The library read these differently; the second reading overrode it, so confidence is lower.
    expect(parsed.confidence).toBeLessThan(0.9)
  })

  it('does not take "Uncut" in a title for an edition', () => {
    expect(parseVideoFilename('Uncut.Gems.2019.2160p.UHD.BluRay.x265-B0MBARDiERS').edition).toBeUndefined()
  })

  it('still drops edition words that follow the title', () => {
    expect(parseVideoFilename('Scarface.Anniversary.Edition.1983.INTERNAL.DVDRip.XviD-VoMiT')).toMatchObject({
      title: 'Scarface',
      year: 1983,
      edition: 'Anniversary Edition',
      source: 'dvd',
    })
  })

  it('reads non-Latin and accented titles whole (the library splits "Zoé" into "Zo")', () => {
    expect(parseVideoFilename('Zoé.2019.1080p.WEB-DL.mkv')).toMatchObject({ title: 'Zoé', year: 2019 })
    expect(parseVideoFilename('Амели.2001.1080p.BluRay.mkv')).toMatchObject({ title: 'Амели', year: 2001 })
  })
})

describe('parseVideoFilename: anime group and hash tags', () => {
  it('removes a leading [Group] and a trailing CRC, and reports the group', () => {
    expect(parseVideoFilename('[Group] Title (2009) [ABCD1234].mkv')).toEqual({
      title: 'Title',
      year: 2009,
      extension: 'mkv',
      group: 'Group',
      confidence: 0.9,
    })
  })

  it('marks an absolute episode number of a fansub release as TV', () => {
    expect(parseVideoFilename('[SubsGroup] Some Series - 05 [720p].mkv')).toMatchObject({ title: 'Some Series', isTv: true })
  })

  it('keeps a bracketed title when nothing else is left ("[REC]")', () => {
    expect(parseVideoFilename('[REC].2007.1080p.BluRay.mkv')).toMatchObject({ title: 'REC', year: 2007 })
    expect(parseVideoFilename('[REC].2007.1080p.BluRay.mkv').group).toBeUndefined()
  })
})

describe('parseVideoFilename: path context', () => {
  it('takes title and year from a "Title (Year)" parent folder', () => {
    expect(parseVideoFilename('Movies/Title (1998)/file.mkv')).toMatchObject({ title: 'Title', year: 1998, confidence: 1 })
    expect(parseVideoFilename('Movies/The Insider (1999)/The.Insider.720p.BluRay.x264-GRP.mkv')).toMatchObject({
      title: 'The Insider',
      year: 1999,
      resolution: '720p',
      group: 'GRP',
    })
  })

  it('keeps the file when it gives another year than its folder', () => {
    expect(parseVideoFilename('Trilogy (2009)/Part.Two.2010.720p.mkv')).toMatchObject({ title: 'Part Two', year: 2010 })
  })

  it('reads a scene release folder when the file is a short code or a hash', () => {
    expect(parseVideoFilename('Movies/Somewhere.2010.DVDRip.XviD-iLG/i-smwhr.avi')).toMatchObject({ title: 'Somewhere', year: 2010 })
    expect(parseVideoFilename('dl/Brick.2005.1080p.BluRay.x264-GRP/0f3a9c21b7d44e8a9e1d.mkv')).toMatchObject({ title: 'Brick', year: 2005 })
  })

  it('does not take a generic folder for a title', () => {
    const parsed = parseVideoFilename('Downloads/xk-aw.mkv')
    expect(parsed.title).toBe('xk-aw')
    expect(parsed.confidence).toBeLessThan(0.5)
  })

  it('takes the year of a folder that has the same title', () => {
    expect(parseVideoFilename('Heat.1995.1080p.BluRay-GRP/Heat.1080p.BluRay-GRP.mkv')).toMatchObject({ title: 'Heat', year: 1995 })
  })

  it('reads Windows separators', () => {
    expect(parseVideoFilename('D:\\Films\\Gattaca (1997)\\gattaca.avi')).toMatchObject({ title: 'Gattaca', year: 1997 })
  })
})

describe('parseVideoFilename: ids, editions and other fields', () => {
  it('reads TMDB ids in Plex and Jellyfin forms and keeps them out of the title', () => {
    expect(parseVideoFilename('The Matrix (1999) {tmdb-603}.mkv')).toMatchObject({ title: 'The Matrix', year: 1999, tmdbId: 603 })
    expect(parseVideoFilename('The.Matrix.1999.tmdbid-603.mkv')).toMatchObject({ title: 'The Matrix', tmdbId: 603 })
    expect(parseVideoFilename('Movies/The Matrix (1999) [tmdbid-603]/movie.mkv')).toMatchObject({ title: 'The Matrix', tmdbId: 603 })
  })

  it('reads an IMDb id anywhere in the name', () => {
    expect(parseVideoFilename('The.Matrix.1999.tt0133093.1080p.mkv')).toMatchObject({ title: 'The Matrix', imdbId: 'tt0133093' })
    expect(parseVideoFilename('The Matrix (1999) [imdbid-tt0133093].mkv').imdbId).toBe('tt0133093')
  })

  it('reads a Plex edition tag, and editions written in the name', () => {
    expect(parseVideoFilename("Blade Runner (1982) {edition-Director's Cut}.mkv")).toMatchObject({ edition: "Director's Cut", title: 'Blade Runner' })
    expect(parseVideoFilename('Aliens.1986.Extended.Cut.1080p.BluRay.mkv').edition).toBe('Extended')
  })

  it('gives the source only when the name writes one', () => {
    expect(parseVideoFilename('Heat.1995.1080p.mkv').source).toBeUndefined()
    expect(parseVideoFilename('Heat.1995.1080p.WEB-DL.mkv').source).toBe('webdl')
  })

  it('sets alternative titles aside', () => {
    expect(parseVideoFilename('Le.Prestige.(The.Prestige).2006.DVDRip.mkv')).toMatchObject({
      title: 'Le Prestige',
      alternativeTitles: ['The Prestige'],
    })
  })

  it('marks episodes of series', () => {
    expect(parseVideoFilename('Show.Name.S02E05.720p.HDTV.x264-GRP.mkv')).toMatchObject({ title: 'Show Name', isTv: true })
    expect(parseVideoFilename('Show Name 2019 10 06 Highlights 720p.mkv')).toMatchObject({ title: 'Show Name', isTv: true })
    expect(parseVideoFilename('Show Name 2019 10 06 Highlights 720p.mkv').year).toBeUndefined()
    expect(parseVideoFilename('Open Season 2 (2008).mkv').isTv).toBeUndefined()
  })

  it('reports the extension of videos and sidecars only', () => {
    expect(parseVideoFilename('Heat.1995.SRT').extension).toBe('srt')
    expect(parseVideoFilename('FlexGet.epic').extension).toBeUndefined()
    expect(parseVideoFilename('FlexGet.epic').title).toBe('FlexGet epic')
  })
})

describe('parseVideoFilename: bad and unusual input', () => {
  function invalid(input: unknown) {
    try {
      parseVideoFilename(input as string)
    } catch (error) {
      return error
    }
    throw new Error(`expected ${JSON.stringify(input)} to be refused`)
  }

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['..', 'no-name-segment'],
    ['../../', 'no-name-segment'],
    ['./.', 'no-name-segment'],
    ['Heat\0.mkv', 'nul-byte'],
    ['a'.repeat(4097), 'too-long'],
    [`${'a'.repeat(1025)}.mkv`, 'too-long'],
  ])('refuses %j with a typed error (%s)', (input, reason) => {
    const error = invalid(input)
    expect(error).toBeInstanceOf(InvalidVideoNameError)
    expect(error).toBeInstanceOf(CinelayerError)
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_WATCHER_NAME_INVALID', reason })
    expect(Object.keys(watcherErrorCodes)).toContain((error as CinelayerError).code)
  })

  it('refuses what is not a string, naming its type', () => {
    const error = invalid(42)
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_WATCHER_NAME_INVALID', reason: 'not-a-string' })
    expect((error as Error).message).toContain('a number')
  })

  it.each([['[1080p].mkv'], ['---.mkv'], ['.mkv'], ['x264.DTS.mkv']])('finds no title in %j and says so', (input) => {
    const error = invalid(input)
    expect(error).toBeInstanceOf(UnparseableVideoNameError)
    expect((error as Error).message).toContain(JSON.stringify(input))
  })

  it('still gives the ids of a name that has nothing else', () => {
    expect(invalid('{tmdb-603}.mkv')).toMatchObject({ code: 'CINELAYER_ERR_WATCHER_NAME_UNPARSEABLE', ids: { tmdbId: 603 } })
  })

  it('reads a name that is only a year as that title, without a year, at low confidence', () => {
    for (const name of ['1999.mkv', '1999', '(1999).mkv']) {
      const parsed = parseVideoFilename(name)
      expect(parsed.title).toBe('1999')
      expect(parsed.year).toBeUndefined()
      expect(parsed.confidence).toBeLessThanOrEqual(0.3)
    }
    expect(parseVideoFilename('1917.2019.2160p.UHD.BluRay.mkv')).toMatchObject({ title: '1917', year: 2019 })
  })

  it('ignores "../" segments: the result never holds a path', () => {
    const parsed = parseVideoFilename('../../../etc/The.Matrix.1999.1080p.mkv')
    expect(parsed).toMatchObject({ title: 'The Matrix', year: 1999 })
    expect(parseVideoFilename('..\\..\\Heat.1995.mkv')).toMatchObject({ title: 'Heat', year: 1995 })
  })

  it('reads 255-byte names, in one-byte and in multi-byte characters', () => {
    const ascii = `${'Long.Title.'.repeat(30).slice(0, 240)}.1999.1080p.mkv`
    expect(Buffer.byteLength(ascii)).toBe(255)
    const parsed = parseVideoFilename(ascii)
    expect(parsed).toMatchObject({ year: 1999, resolution: '1080p', extension: 'mkv' })
    expect(parsed.title).toMatch(/^Long Title Long Title /)
    const accented = `${'é'.repeat(120)}.2001.1080p.mkv`
    expect(Buffer.byteLength(accented)).toBe(255)
    expect(parseVideoFilename(accented)).toMatchObject({ title: 'é'.repeat(120), year: 2001 })
  })

  it('reads decomposed Unicode as its composed form', () => {
    expect(parseVideoFilename('Ame\u0301lie.2001.mkv').title).toBe('Amélie')
  })

  it('parses a hostile 1024-character name in bounded time', () => {
    const started = performance.now()
    expect(() => parseVideoFilename('-_'.repeat(512))).toThrow(UnparseableVideoNameError)
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it('never throws anything but its two typed errors, and never returns an empty title or a path', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), (input) => {
        let parsed: ParsedVideoName
        try {
          parsed = parseVideoFilename(input)
        } catch (error) {
          expect(error instanceof InvalidVideoNameError || error instanceof UnparseableVideoNameError).toBe(true)
          return
        }
        expect(parsed.title.trim()).not.toBe('')
        expect(parsed.title).not.toMatch(/[\\/]/)
        expect(parsed.confidence).toBeGreaterThan(0)
        expect(parsed.confidence).toBeLessThanOrEqual(1)
      }),
      { numRuns: 500 },
    )
  })
})

interface SampleRow {
  input: string
  title: string
  year: number | null
  family: string
  edition?: string
  imdbId?: string
  tmdbId?: number
  group?: string
}

const sample = readFileSync(new URL('./fixtures/names.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as SampleRow)

describe('parseVideoFilename: the project sample (test/fixtures/names.jsonl)', () => {
  it('has 30 cases or more, across the failure families', () => {
    expect(sample.length).toBeGreaterThanOrEqual(30)
    expect(new Set(sample.map((row) => row.family)).size).toBeGreaterThanOrEqual(8)
  })

  it.each(sample.map((row) => [row.input, row] as const))('%s', (_, row) => {
    const parsed = parseVideoFilename(row.input)
    expect(parsed.title).toBe(row.title)
    expect(normalizeTitle(parsed.title)).toBe(normalizeTitle(row.title))
    expect(parsed.year ?? null).toBe(row.year)
    for (const field of ['edition', 'imdbId', 'tmdbId', 'group'] as const) {
      if (row[field] !== undefined) expect(parsed[field]).toBe(row[field])
    }
  })
})
