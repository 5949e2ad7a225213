import { describe, expect, it } from 'vitest'
import { normalizeTitle } from '../src/index.js'

describe('normalizeTitle', () => {
  it.each([
    ['Thor: The Dark World', 'thor.the.dark.world'],
    ['La Science des Rêves', 'LA SCIENCE DES REVES'],
    ["Howl's Moving Castle", 'Howls Moving Castle'],
    ['The Director’s Notebook', "The Director's Notebook"],
    ['R.I.P.D.', 'RIPD'],
    ['V.H.S. 2', 'VHS 2'],
    ['Harold & Kumar', 'Harold and Kumar'],
    ['  Spider-Man   Far_from_Home ', 'spider man far from home'],
    ['Ame\u0301lie', 'Amélie'],
  ])('treats %j and %j as one title', (a, b) => {
    expect(normalizeTitle(a)).toBe(normalizeTitle(b))
  })

  it.each([
    ['Alien', 'Aliens'],
    ['1 Angry Man', '12 Angry Men'],
    ['The Godfather', 'The Godfather Part II'],
    ['Elle s en va', 'Elles en va'],
  ])('keeps %j and %j apart', (a, b) => {
    expect(normalizeTitle(a)).not.toBe(normalizeTitle(b))
  })

  it('gives a key without punctuation or outer spaces', () => {
    expect(normalizeTitle(' (500) Days of Summer! ')).toBe('500 days of summer')
    expect(normalizeTitle('Крик')).toBe('крик')
    expect(normalizeTitle('!!!')).toBe('')
  })
})
