import { describe, expect, it } from 'vitest'
import { parseVideoFilename } from '../src/index.js'

/**
 * The failure classes of issue 14, each with names of several shapes (written for these tests,
 * realistic release and library names). Each class has its counter-cases: what must not change.
 */

function read(name: string) {
  const { title, year, alternativeTitles } = parseVideoFilename(name)
  return { title, year, alternativeTitles }
}

describe('a language word that is part of the title', () => {
  it.each([
    ['Johnny.English.2003.1080p.BluRay.x264-GRP', 'Johnny English', 2003],
    ['The.Good.German.2006.720p.BluRay.x264', 'The Good German', 2006],
    ['The.Italian.2005.DVDRip.XviD', 'The Italian', 2005],
    ['Shang-Chi (2021) 720p WEB-DL', 'Shang-Chi', 2021],
  ])('%s → %s', (name, title, year) => {
    expect(read(name)).toMatchObject({ title, year })
  })

  it.each([
    ['The.Outsiders.DC.German.1983.AC3.BDRip.XviD', 'The Outsiders', 1983],
    ['Some.Movie.2010.GERMAN.720p.BluRay', 'Some Movie', 2010],
    ['Some.Movie.GERMAN.2010.720p.BluRay', 'Some Movie', 2010],
    ['The.Social.Network.German.720p.BluRay.x264-DECENT', 'The Social Network', undefined],
  ])('still a tag: %s → %s', (name, title, year) => {
    expect(read(name)).toMatchObject({ title, year })
  })
})

describe('a year in front of the title', () => {
  it.each(['(1999) The Matrix.mkv', '[1999] The Matrix [1080p].mkv', '1999 - The Matrix.mkv', '1999 – The Matrix 1080p.mkv'])('%s is The Matrix of 1999', (name) => {
    expect(read(name)).toMatchObject({ title: 'The Matrix', year: 1999 })
  })

  it('reads a title and its year in a leading bracket', () => {
    expect(read('[Taxi 1998] [BDRemux].mkv')).toMatchObject({ title: 'Taxi', year: 1998 })
  })

  it.each([
    ['2012.Doomsday.2008.DVDRip.XviD', '2012 Doomsday', 2008],
    ['1917.2019.1080p.BluRay.x264', '1917', 2019],
    ['2001.A.Space.Odyssey.DVDRip.XviD.avi', '2001 A Space Odyssey', undefined],
    ['Blade.Runner.2049.1080p.BluRay.x264', 'Blade Runner 2049', undefined],
    ['Blade.Runner.2049.2017.1080p.BluRay.x264', 'Blade Runner 2049', 2017],
    ['2047 - Sights of Death (2014) 720p BrRip x264', '2047 - Sights of Death', 2014],
  ])('a number that is the title stays in it: %s', (name, title, year) => {
    expect(read(name)).toMatchObject({ title, year })
  })
})

describe('a title given in two scripts', () => {
  it.each([
    ['Трон: Наследие / TRON: Legacy (2010) WEB-DL 1080p', 'TRON: Legacy', 2010, 'Трон: Наследие'],
    ['TRON: Legacy / Трон: Наследие (2010) WEB-DL 1080p', 'TRON: Legacy', 2010, 'Трон: Наследие'],
    ['Голубая волна / Blue Crush (2002) DVDRip', 'Blue Crush', 2002, 'Голубая волна'],
    ['抓娃娃 Successor.2024.WEB-DL.1080p', 'Successor', 2024, '抓娃娃'],
    ['奥本海默[IMAX满屏版].Oppenheimer.2023.IMAX.2160p.BluRay.x265', 'Oppenheimer', 2023, '奥本海默'],
  ])('%s → %s', (name, title, year, other) => {
    const parsed = read(name)
    expect(parsed).toMatchObject({ title, year })
    expect(parsed.alternativeTitles).toContain(other)
  })

  it('keeps a title written in one script only, and a slash inside brackets is no folder', () => {
    expect(read('千と千尋の神隠し (2001) [1080p].mkv')).toMatchObject({ title: '千と千尋の神隠し', year: 2001 })
    expect(read('ドラゴンボールZ 神と神 (2013).mkv').title).toBe('ドラゴンボールZ 神と神')
    expect(read('Guardians of the Galaxy (CamRip / 2014)')).toMatchObject({ title: 'Guardians of the Galaxy', year: 2014 })
    // A path is still a path.
    expect(read('Movies/Heat (1995)/Heat.1080p.BluRay.mkv')).toMatchObject({ title: 'Heat', year: 1995 })
  })
})

describe('a subtitle after " - "', () => {
  it.each([
    ['[naiyas] Fate Stay Night - Unlimited Blade Works Movie [BD 1080P HEVC10 QAACx2 Dual Audio]', 'Fate Stay Night - Unlimited Blade Works Movie', undefined],
    ['[Judas] Kimetsu no Yaiba - Mugen Ressha-hen (2020) [BD 1080p].mkv', 'Kimetsu no Yaiba - Mugen Ressha-hen', 2020],
    ['[Beatrice-Raws] Neon Genesis Evangelion - The End of Evangelion [BDRip 1920x1080].mkv', 'Neon Genesis Evangelion - The End of Evangelion', undefined],
    ['The Twilight Saga Breaking Dawn - Part 2 (2012) 1080p BDRip x265', 'The Twilight Saga Breaking Dawn - Part 2', 2012],
    ['Kill Bill - Vol. 2 (2004) 720p BluRay', 'Kill Bill - Vol 2', 2004],
    ['Thor - Ragnarok (2017)/Thor.Ragnarok.2017.1080p.BluRay.mkv', 'Thor - Ragnarok', 2017],
  ])('%s keeps its subtitle', (name, title, year) => {
    expect(read(name)).toMatchObject({ title, year })
  })

  it('sets aside an alternative title, and a bare "Movie"', () => {
    expect(read('Le Prestige - The Prestige (2006).mkv')).toEqual({ title: 'Le Prestige', year: 2006, alternativeTitles: ['The Prestige'] })
    expect(read('[Erai-raws] Jujutsu Kaisen 0 - Movie [1080p][E3F5A1B2].mkv')).toMatchObject({ title: 'Jujutsu Kaisen 0', alternativeTitles: undefined })
    expect(read('[SubsGroup] Some Series - 05 [720p].mkv')).toMatchObject({ title: 'Some Series' })
  })
})

describe('"AKA" and "a.k.a." alternative titles', () => {
  it.each([
    ['Lock.Stock.and.Two.Smoking.Barrels.AKA.Lock.Stock.1998.720p.BluRay', 'Lock Stock and Two Smoking Barrels', 1998, 'Lock Stock'],
    ['Amelie a.k.a. Le Fabuleux Destin (2001) 720p', 'Amelie', 2001, 'Le Fabuleux Destin'],
    ['Dragon.aka.Li.Xiao.Long.2011.720p.BluRay', 'Dragon', 2011, 'Li Xiao Long'],
    ['Amelie.a.k.a.Le.Fabuleux.Destin.2001.1080p', 'Amelie', 2001, 'Le Fabuleux Destin'],
  ])('%s → %s', (name, title, year, other) => {
    expect(read(name)).toEqual({ title, year, alternativeTitles: [other] })
  })

  it('does not split a word that holds "aka"', () => {
    expect(read('Osaka.Elegy.1936.1080p.BluRay')).toMatchObject({ title: 'Osaka Elegy', year: 1936 })
    expect(read('Akira (1988) [BD 1080p].mkv')).toMatchObject({ title: 'Akira', year: 1988 })
  })
})

describe('other names the corpora showed', () => {
  it('reads a fansub name made only of bracket groups, and keeps "8 Bit" in a title', () => {
    expect(read('[SweetSub][Mutafukaz / MFKZ][Movie][BDRip][1080P][AVC 8bit][简体内嵌]')).toMatchObject({ title: 'Mutafukaz', alternativeTitles: ['MFKZ'] })
    expect(read('8.Bit.Christmas.2021.1080p.WEB.H264')).toMatchObject({ title: '8 Bit Christmas', year: 2021 })
    expect(read('Movie.2019.10 bit.1080p.mkv')).toMatchObject({ title: 'Movie', year: 2019 })
  })

  it('drops a site prefix whose dots became spaces or commas', () => {
    expect(read('www TamilBlasters tel - Sonic the Hedgehog 2 (2022) English 720p HDRip x264')).toMatchObject({ title: 'Sonic the Hedgehog 2', year: 2022 })
    expect(read('www,1TamilMV.phd - The Great Indian Suicide (2023) Tamil WEB-DL 1080p.mkv')).toMatchObject({ title: 'The Great Indian Suicide', year: 2023 })
  })
})
