import { describe, expect, it } from 'vitest'
import {
  EnricherInvalidError,
  LevelSet,
  PluginInvalidError,
  checkPlugins,
  createEventBus,
  defaultFacets,
  defaultLevels,
  defineEnricher,
  definePlugin,
  defineRule,
  mergePluginLevels,
} from '../src/index.js'

const trailers = definePlugin({
  name: 'trailers',
  version: '1.0.0',
  facets: [{ name: 'trailers', fields: ['trailers'] }],
  levelFacets: { deep: ['trailers'] },
  enrichers: [
    defineEnricher({ name: 'tmdb-videos', provider: 'tmdb', provides: ['trailers'], needs: ['details'], enrich: async () => ({ patch: {} }) }),
  ],
})

describe('definePlugin', () => {
  it('returns the plugin as declared', () => {
    expect(trailers.name).toBe('trailers')
  })

  it.each([
    ['no name', { name: '' }],
    ['a name that is not a string', { name: 42 }],
    ['a setup that is not a function', { name: 'p', setup: 'run' }],
  ])('refuses %s', (_, plugin) => {
    const define = () => definePlugin(plugin as never)
    expect(define).toThrow(PluginInvalidError)
    expect(define).toThrow(expect.objectContaining({ code: 'CINELAYER_ERR_PLUGIN_INVALID' }))
  })

  it('lets setup subscribe to the bus and return a teardown', () => {
    const bus = createEventBus()
    const seen: string[] = []
    const plugin = definePlugin({
      name: 'audit',
      setup: ({ bus: context }) => context.onAny((event) => void seen.push(event.type)),
    })
    const teardown = plugin.setup!({ bus })
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:1' } })
    if (typeof teardown === 'function') void teardown()
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:1' } })
    expect(seen).toEqual(['MovieViewed'])
  })
})

describe('checkPlugins', () => {
  it('accepts unique plugins with dependencies registered first', () => {
    expect(() => checkPlugins([trailers, definePlugin({ name: 'trailer-lock', dependencies: ['trailers'] })])).not.toThrow()
  })

  it('refuses a name registered twice', () => {
    expect(() => checkPlugins([trailers, trailers])).toThrow('Plugin "trailers" is registered twice')
  })

  it('refuses a dependency missing or registered after', () => {
    const lock = definePlugin({ name: 'trailer-lock', dependencies: ['trailers'] })
    expect(() => checkPlugins([lock])).toThrow(PluginInvalidError)
    expect(() => checkPlugins([lock, trailers])).toThrow('Plugin "trailer-lock" needs "trailers" registered before it')
    expect(() => checkPlugins([definePlugin({ name: 'self', dependencies: ['self'] })])).toThrow(PluginInvalidError)
  })
})

describe('mergePluginLevels', () => {
  it('adds facets to existing levels and levels above, without changing the base', () => {
    const extra = definePlugin({
      name: 'archive',
      facets: [{ name: 'archive', fields: ['archive'] }, { name: 'reviews', fields: ['reviews'] }],
      levels: [{ name: 'archival', facets: ['archive'] }],
      // A plugin may add facets to the level it appends itself.
      levelFacets: { archival: ['reviews'] },
    })
    const merged = mergePluginLevels(defaultLevels, defaultFacets, [trailers, extra])
    expect(merged.levels.map((level) => level.name)).toEqual(['initial', 'basic', 'medium', 'deep', 'archival'])
    expect(merged.levels.find((level) => level.name === 'deep')!.facets).toContain('trailers')
    expect(merged.levels.at(-1)!.facets).toEqual(['archive', 'reviews'])
    expect(defaultLevels.find((level) => level.name === 'deep')!.facets).not.toContain('trailers')
    expect(defaultFacets).toHaveLength(11)
    const levels = new LevelSet(merged.levels, merged.facets)
    expect(levels.facetsFor('archival')).toEqual([...levels.facetsFor('deep'), 'archive', 'reviews'])
    expect(levels.facetOfField('trailers')).toBe('trailers')
  })

  it('refuses facets added to an unknown level', () => {
    const stray = definePlugin({ name: 'stray', facets: [{ name: 'x', fields: ['x'] }], levelFacets: { ultra: ['x'] } })
    expect(() => mergePluginLevels(defaultLevels, defaultFacets, [stray])).toThrow('Plugin "stray" adds facets to unknown level "ultra"')
  })

  it('lets the level set catch a plugin facet that clashes', () => {
    const clash = definePlugin({ name: 'clash', facets: [{ name: 'posters', fields: ['poster'] }], levelFacets: { deep: ['posters'] } })
    const merged = mergePluginLevels(defaultLevels, defaultFacets, [clash])
    expect(() => new LevelSet(merged.levels, merged.facets)).toThrow('Field "poster" is owned by facets "poster" and "posters"')
  })
})

describe('defineEnricher', () => {
  const enrich = async () => ({ patch: {} })

  it.each([
    ['no name', { name: '', provider: 'tmdb', provides: ['details'], enrich }, 'a name'],
    ['no provider', { name: 'e', provider: '', provides: ['details'], enrich }, 'a provider'],
    ['no facet', { name: 'e', provider: 'tmdb', provides: [], enrich }, 'at least one provided facet'],
    ['no enrich()', { name: 'e', provider: 'tmdb', provides: ['details'] }, 'an enrich() function'],
    ['a need it provides itself', { name: 'e', provider: 'tmdb', provides: ['details'], needs: ['details'], enrich }, 'needs facets it provides itself'],
  ])('refuses %s', (_, enricher, message) => {
    const define = () => defineEnricher(enricher as never)
    expect(define).toThrow(EnricherInvalidError)
    expect(define).toThrow(message)
  })
})

describe('defineRule', () => {
  it('accepts a rule and refuses one without a name or evaluate()', () => {
    const rule = defineRule({ name: 'keep-favourites', evaluate: () => ({ weight: 10, reason: 'favourite' }) })
    expect(rule.name).toBe('keep-favourites')
    expect(() => defineRule({ name: '', evaluate: () => null })).toThrow(PluginInvalidError)
    expect(() => defineRule({ name: 'x' } as never)).toThrow('Housekeeping rule "x" needs a name and an evaluate() function')
  })
})
