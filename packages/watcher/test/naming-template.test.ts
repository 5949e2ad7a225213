import { describe, expect, it } from 'vitest'
import { WatcherOptionsInvalidError, compileTemplate, defaultNamingTemplate } from '../src/index.js'

const bytes = (text: string) => Buffer.byteLength(text)

describe('compileTemplate', () => {
  const template = compileTemplate(defaultNamingTemplate)

  it('names a movie folder and file by title and year', () => {
    expect(template.render({ title: 'Fight Club', year: 1999, ext: '.mkv' })).toEqual(['Fight Club (1999)', 'Fight Club (1999).mkv'])
  })

  it('drops the brackets of a value it does not know', () => {
    expect(template.render({ title: 'Fight Club', ext: '.mkv' })).toEqual(['Fight Club', 'Fight Club.mkv'])
    const full = compileTemplate('{title} ({year}) [{resolution}] {edition}/{title} [imdbid-{imdbId}] {tmdbId}{ext}')
    expect(full.render({ title: 'Riddick', year: 2013, resolution: '1080p', edition: "Director's Cut", imdbId: 'tt1411250', tmdbId: 87421, ext: '.mkv' })).toEqual([
      "Riddick (2013) [1080p] Director's Cut",
      'Riddick [imdbid-tt1411250] 87421.mkv',
    ])
    expect(full.render({ title: 'Riddick', ext: '.mkv' })).toEqual(['Riddick', 'Riddick [imdbid-].mkv'])
  })

  it('replaces what Windows or POSIX refuse, so a title never makes folders', () => {
    const [folder, file] = template.render({ title: 'Mission: Impossible / Ghost <Protocol>? "Cut"*|\\ \u0007', year: 2011, ext: '.mkv' })
    expect(folder).toBe("Mission - Impossible - Ghost Protocol 'Cut'-- (2011)")
    expect(file).toBe(`${folder}.mkv`)
  })

  it('keeps path traversal in a value inside its segment', () => {
    const segments = template.render({ title: '../../../etc/passwd', ext: '.mkv' })
    expect(segments).toEqual(['-..-..-etc-passwd', '-..-..-etc-passwd.mkv'])
    expect(template.render({ title: '..', ext: '.mkv' })).toEqual(['_', '_.mkv'])
    expect(template.render({ title: '.hidden', year: 2001, ext: '.mkv' })[0]).toBe('hidden (2001)')
  })

  it('avoids names Windows reserves and trims trailing dots and spaces', () => {
    expect(compileTemplate('{title}/{title}{ext}').render({ title: 'CON', ext: '.mkv' })).toEqual(['CON_', 'CON_.mkv'])
    expect(compileTemplate('{title}/{title}{ext}').render({ title: 'nul', ext: '.srt' })).toEqual(['nul_', 'nul_.srt'])
    expect(compileTemplate('{title}/{title}{ext}').render({ title: 'Console', ext: '.mkv' })).toEqual(['Console', 'Console.mkv'])
    expect(compileTemplate('{title}/{title}{ext}').render({ title: 'Who Framed Roger Rabbit. . ', ext: '.mkv' })[0]).toBe('Who Framed Roger Rabbit')
  })

  it('bounds every segment to 255 bytes without splitting a character, keeping the extension', () => {
    const title = `${'Ω'.repeat(100)}👩‍👩‍👧${'é'.repeat(100)}`
    const [folder, file] = template.render({ title, year: 2020, ext: '.mkv' })
    expect(bytes(folder!)).toBeLessThanOrEqual(255)
    expect(bytes(file!)).toBeLessThanOrEqual(255 - 48)
    expect(file!.endsWith('.mkv')).toBe(true)
    expect(folder).not.toMatch(/\uFFFD/)
    expect([...new Intl.Segmenter().segment(folder!)].at(-1)!.segment).toMatch(/^(?:Ω|👩‍👩‍👧|é)$/u)
  })

  it('keeps names in the normalization form most file systems agree on', () => {
    expect(template.render({ title: 'Ame\u0301lie', year: 2001, ext: '.mkv' })[0]).toBe('Am\u00e9lie (2001)')
  })

  it.each([
    ['{title}/{titel}{ext}', /unknown token \{titel\}/],
    ['{title}', /must end with \{ext\}/],
    ['/movies/{title}{ext}', /relative to the library/],
    ['C:{title}{ext}', /relative to the library/],
    ['{title}/../{title}{ext}', /"\.\." segment/],
    ['{title}//{title}{ext}', /empty folder name/],
    ['', /empty/],
  ])('refuses the template %j', (source, message) => {
    expect(() => compileTemplate(source)).toThrow(WatcherOptionsInvalidError)
    expect(() => compileTemplate(source)).toThrow(message)
  })
})
