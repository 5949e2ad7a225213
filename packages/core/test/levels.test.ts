import { describe, expect, it } from 'vitest'
import { type FacetDefinition, LevelSet, LevelSetInvalidError, UnknownLevelError, defaultFacets, defaultLevels } from '../src/index.js'

const levelInvalid = { code: 'CINELAYER_ERR_LEVEL_INVALID' }

describe('LevelSet with the defaults', () => {
  const levels = new LevelSet()

  it('orders initial < basic < medium < deep', () => {
    expect(levels.names).toEqual(['initial', 'basic', 'medium', 'deep'])
    expect(levels.lowest).toBe('initial')
    expect(levels.highest).toBe('deep')
    expect(levels.rank('initial')).toBe(0)
    expect(levels.rank('deep')).toBe(3)
    expect(levels.compare('basic', 'medium')).toBeLessThan(0)
    expect(levels.compare('deep', 'basic')).toBeGreaterThan(0)
    expect(levels.compare('medium', 'medium')).toBe(0)
    expect(['deep', 'initial', 'medium', 'basic'].sort((a, b) => levels.compare(a, b))).toEqual(levels.names)
  })

  it('makes facets cumulative', () => {
    expect(levels.facetsFor('initial')).toEqual(['identity'])
    expect(levels.facetsFor('basic')).toEqual(['identity', 'details', 'poster'])
    expect(levels.facetsFor('medium')).toEqual(['identity', 'details', 'poster', 'credits', 'genres', 'ratings'])
    expect(levels.facetsFor('deep')).toEqual([
      ...levels.facetsFor('medium'),
      'externalIds',
      'images',
      'keywords',
      'wikipedia',
      'imdbRating',
    ])
  })

  it('finds the highest level whose every facet is present', () => {
    expect(levels.levelOf([])).toBe('initial')
    expect(levels.levelOf(['identity'])).toBe('initial')
    expect(levels.levelOf(['identity', 'details'])).toBe('initial')
    expect(levels.levelOf(['identity', 'details', 'poster'])).toBe('basic')
    // deep facets without the medium ones do not make a movie deep: levels are a ladder.
    expect(levels.levelOf(['identity', 'details', 'poster', 'externalIds', 'images', 'keywords', 'wikipedia', 'imdbRating'])).toBe('basic')
    expect(levels.levelOf(levels.facetsFor('deep'))).toBe('deep')
    expect(levels.levelOf(new Set([...levels.facetsFor('medium'), 'trailers']))).toBe('medium')
  })

  it('tells which facet owns a field', () => {
    expect(levels.facetOfField('cast')).toBe('credits')
    expect(levels.facetOfField('title')).toBe('identity')
    expect(levels.facetOfField('nothing')).toBeUndefined()
    expect(levels.fieldsOf('details')).toContain('overview')
    expect(levels.fieldsOf('unknown')).toEqual([])
  })

  it('throws UnknownLevelError for an unknown level, with the known ones', () => {
    for (const call of [() => levels.assert('ultra'), () => levels.rank('ultra'), () => levels.facetsFor('ultra'), () => levels.compare('basic', 'ultra')]) {
      expect(call).toThrow(UnknownLevelError)
      expect(call).toThrow('Unknown level "ultra" (known: initial, basic, medium, deep)')
    }
    expect(() => levels.assert('toString')).toThrow(UnknownLevelError)
    expect(levels.assert('medium')).toBe('medium')
  })
})

describe('LevelSet restricted to providable facets', () => {
  it('requires only the facets some enricher provides (the first level always)', () => {
    const levels = new LevelSet(defaultLevels, defaultFacets, ['details', 'credits', 'genres'])
    expect(levels.facetsFor('initial')).toEqual(['identity'])
    expect(levels.facetsFor('basic')).toEqual(['identity', 'details'])
    expect(levels.facetsFor('medium')).toEqual(['identity', 'details', 'credits', 'genres'])
    expect(levels.facetsFor('deep')).toEqual(['identity', 'details', 'credits', 'genres'])
    expect(levels.levelOf(['identity', 'details'])).toBe('basic')
    // With nothing providable above medium, having medium's facets is as deep as it gets.
    expect(levels.levelOf(['identity', 'details', 'credits', 'genres'])).toBe('deep')
  })

  it('keeps every facet when nothing is said about providers', () => {
    expect(new LevelSet(defaultLevels, defaultFacets).facetsFor('deep')).toHaveLength(defaultFacets.length)
  })
})

describe('invalid level sets', () => {
  const facets: FacetDefinition[] = [
    { name: 'identity', fields: ['title'], permanent: true },
    { name: 'details', fields: ['overview'] },
  ]

  it.each([
    ['no level', [], facets],
    ['a level defined twice', [{ name: 'a', facets: ['identity'] }, { name: 'a', facets: ['details'] }], facets],
    ['a level without a name', [{ name: '', facets: ['identity'] }], facets],
    ['a facet in two levels', [{ name: 'a', facets: ['identity'] }, { name: 'b', facets: ['identity'] }], facets],
    ['an undeclared facet', [{ name: 'a', facets: ['identity', 'trailers'] }], facets],
    ['a facet defined twice', [{ name: 'a', facets: ['identity'] }], [...facets, { name: 'details', fields: ['tagline'] }]],
    ['a field owned by two facets', [{ name: 'a', facets: ['identity'] }], [...facets, { name: 'more', fields: ['overview'] }]],
    ['a facet owning a reserved field', [{ name: 'a', facets: ['identity'] }], [...facets, { name: 'bad', fields: ['level'] }]],
    ['a facet owning the id', [{ name: 'a', facets: ['identity'] }], [...facets, { name: 'bad', fields: ['id'] }]],
    ['a facet without a name', [{ name: 'a', facets: ['identity'] }], [...facets, { name: '', fields: ['x'] }]],
  ])('rejects %s with a typed error', (_, levels, facetList) => {
    const build = () => new LevelSet(levels, facetList)
    expect(build).toThrow(LevelSetInvalidError)
    expect(build).toThrow(expect.objectContaining(levelInvalid))
  })

  it('names the culprit in the message', () => {
    expect(() => new LevelSet([{ name: 'a', facets: ['identity', 'trailers'] }], facets)).toThrow('Level "a" uses facet "trailers"')
    expect(() => new LevelSet([{ name: 'a', facets: ['identity'] }], [...facets, { name: 'more', fields: ['overview'] }])).toThrow(
      'Field "overview" is owned by facets "details" and "more"',
    )
  })

  it('is not affected by later changes to the arrays it was built from', () => {
    const ladder = [
      { name: 'initial', facets: ['identity'] },
      { name: 'basic', facets: ['details'] },
    ]
    const levels = new LevelSet(ladder, facets)
    ladder[1]!.facets.push('identity')
    ladder.push({ name: 'deep', facets: [] })
    expect(levels.names).toEqual(['initial', 'basic'])
    expect(levels.levels[1]!.facets).toEqual(['details'])
  })
})
