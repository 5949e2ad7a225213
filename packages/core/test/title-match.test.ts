import { describe, expect, it } from 'vitest'
import { chooseMatch, normalizeTitle } from '../src/index.js'

describe('normalizeTitle', () => {
  it('folds case, accents and punctuation', () => {
    expect(normalizeTitle('Amélie!')).toBe('amelie')
    expect(normalizeTitle('Fast & Furious')).toBe('fast and furious')
    expect(normalizeTitle('  Léon: The Professional ')).toBe('leon the professional')
  })
})

describe('chooseMatch', () => {
  const candidates = [
    { tmdb: 289732, title: 'Zombie Fight Club', year: 2014 },
    { tmdb: 550, title: 'Fight Club', year: 1999, popularity: 60 },
    { tmdb: 973534, title: 'Fight Club (Russian version)', year: 2021 },
  ]
  it('chooses the same title of the same year with full score', () => {
    expect(chooseMatch(candidates, 'fight club', 1999)).toMatchObject({ chosen: { tmdb: 550 }, score: 1 })
  })
  it('does not guess when the year is far off', () => {
    const decision = chooseMatch(candidates, 'Fight Club', 1975)
    expect(decision.chosen).toBeUndefined()
    expect(decision.candidates[0]?.tmdb).toBe(550)
  })
  it('does not guess between two equal titles without a year', () => {
    const twins = [
      { tmdb: 1, title: 'Solaris', year: 1972 },
      { tmdb: 2, title: 'Solaris', year: 2002 },
    ]
    expect(chooseMatch(twins, 'Solaris').chosen).toBeUndefined()
    expect(chooseMatch(twins, 'Solaris', 2002).chosen?.tmdb).toBe(2)
  })
  it('finds nothing in an empty result', () => {
    expect(chooseMatch([], 'Anything', 2000)).toEqual({ score: 0, candidates: [] })
  })
})
