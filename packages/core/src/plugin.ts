import type { Enricher } from './enricher.js'
import { PluginInvalidError } from './errors.js'
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

/**
 * Declares a plugin, checking its shape.
 * @throws PluginInvalidError (`CINELAYER_ERR_PLUGIN_INVALID`) without a name or with a setup that is not a function.
 */
export function definePlugin(plugin: CinelayerPlugin): CinelayerPlugin {
  if (!plugin.name || typeof plugin.name !== 'string') {
    throw new PluginInvalidError(String(plugin.name ?? '?'), 'A plugin needs a name')
  }
  if (plugin.setup !== undefined && typeof plugin.setup !== 'function') {
    throw new PluginInvalidError(plugin.name, `Plugin "${plugin.name}" has a setup that is not a function`)
  }
  return plugin
}

/**
 * Checks a list of plugins: unique names, dependencies registered before their dependents.
 * @throws PluginInvalidError (`CINELAYER_ERR_PLUGIN_INVALID`)
 */
export function checkPlugins(plugins: readonly CinelayerPlugin[]): void {
  const seen = new Set<string>()
  for (const plugin of plugins) {
    if (seen.has(plugin.name)) throw new PluginInvalidError(plugin.name, `Plugin "${plugin.name}" is registered twice`)
    for (const dependency of plugin.dependencies ?? []) {
      if (!seen.has(dependency)) {
        throw new PluginInvalidError(plugin.name, `Plugin "${plugin.name}" needs "${dependency}" registered before it`)
      }
    }
    seen.add(plugin.name)
  }
}

/**
 * Merges plugins' facets and levels into a base ladder. A plugin may add facets to a level it
 * appends itself or that an earlier plugin appended.
 * @throws PluginInvalidError when a plugin adds facets to a level that does not exist.
 */
export function mergePluginLevels(
  levels: readonly LevelDefinition[],
  facets: readonly FacetDefinition[],
  plugins: readonly CinelayerPlugin[],
): { levels: LevelDefinition[]; facets: FacetDefinition[] } {
  const mergedLevels = levels.map((level) => ({ ...level, facets: [...level.facets] }))
  const mergedFacets = [...facets]
  for (const plugin of plugins) {
    mergedFacets.push(...(plugin.facets ?? []))
    mergedLevels.push(...(plugin.levels ?? []).map((level) => ({ ...level, facets: [...level.facets] })))
    for (const [levelName, extra] of Object.entries(plugin.levelFacets ?? {})) {
      const level = mergedLevels.find((entry) => entry.name === levelName)
      if (!level) throw new PluginInvalidError(plugin.name, `Plugin "${plugin.name}" adds facets to unknown level "${levelName}"`)
      level.facets.push(...extra)
    }
  }
  return { levels: mergedLevels, facets: mergedFacets }
}
