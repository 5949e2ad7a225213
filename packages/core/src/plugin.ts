import type { Enricher } from './enricher.js'
import { CinelayerError } from './errors.js'
import type { EventBus } from './event-bus.js'
import type { FacetDefinition, LevelDefinition } from './levels.js'
import type { HousekeepingRule } from './rule.js'

/** What a plugin's `setup` receives. */
export interface PluginContext {
  bus: EventBus
}

/**
 * A plugin adds enrichers, facets, housekeeping rules and bus behaviour to an engine.
 */
export interface CinelayerPlugin {
  /** Unique name; registering two plugins of one name is an error. */
  name: string
  /** Plugin version, for diagnostics. */
  version?: string
  /** Names of plugins that must be registered before this one. */
  dependencies?: readonly string[]
  enrichers?: readonly Enricher[]
  facets?: readonly FacetDefinition[]
  /** Facets to add to existing levels: `{ deep: ['trailers'] }`. */
  levelFacets?: Readonly<Record<string, readonly string[]>>
  /** Extra levels appended above the configured ones. */
  levels?: readonly LevelDefinition[]
  rules?: readonly HousekeepingRule[]
  /** Called once when the engine starts; may return a teardown run on close. */
  setup?(context: PluginContext): void | (() => void | Promise<void>)
}

/** Declares a plugin, checking its shape. */
export function definePlugin(plugin: CinelayerPlugin): CinelayerPlugin {
  if (!plugin.name || typeof plugin.name !== 'string') {
    throw new CinelayerError('CINELAYER_ERR_PLUGIN_INVALID', 'A plugin needs a name')
  }
  return plugin
}

/**
 * Checks a list of plugins: unique names, dependencies registered before their dependents.
 * @throws CinelayerError `CINELAYER_ERR_PLUGIN_INVALID`
 */
export function checkPlugins(plugins: readonly CinelayerPlugin[]): void {
  const seen = new Set<string>()
  for (const plugin of plugins) {
    if (seen.has(plugin.name)) throw new CinelayerError('CINELAYER_ERR_PLUGIN_INVALID', `Plugin "${plugin.name}" is registered twice`)
    for (const dependency of plugin.dependencies ?? []) {
      if (!seen.has(dependency)) {
        throw new CinelayerError('CINELAYER_ERR_PLUGIN_INVALID', `Plugin "${plugin.name}" needs "${dependency}" registered before it`)
      }
    }
    seen.add(plugin.name)
  }
}

/** Merges plugins' facets and levels into a base ladder. */
export function mergePluginLevels(
  levels: readonly LevelDefinition[],
  facets: readonly FacetDefinition[],
  plugins: readonly CinelayerPlugin[],
): { levels: LevelDefinition[]; facets: FacetDefinition[] } {
  const mergedLevels = levels.map((level) => ({ ...level, facets: [...level.facets] }))
  const mergedFacets = [...facets]
  for (const plugin of plugins) {
    mergedFacets.push(...(plugin.facets ?? []))
    for (const [levelName, extra] of Object.entries(plugin.levelFacets ?? {})) {
      const level = mergedLevels.find((entry) => entry.name === levelName)
      if (!level) throw new CinelayerError('CINELAYER_ERR_PLUGIN_INVALID', `Plugin "${plugin.name}" adds facets to unknown level "${levelName}"`)
      level.facets.push(...extra)
    }
    mergedLevels.push(...(plugin.levels ?? []).map((level) => ({ ...level, facets: [...level.facets] })))
  }
  return { levels: mergedLevels, facets: mergedFacets }
}
