import { resolve as resolvePath } from 'node:path'
import type { EventBus, Redactor } from '@cinelayer/core'
import type { MovieEngineOptions } from './engine-options.js'
import { type EventTrace, attachEventTrace, eventTraceFile } from './event-trace.js'

export type { EventTrace }

/**
 * The engine's event trace as its options ask: on by default only when the engine writes its own
 * data folder, where another process (the CLI) knows to look for it. A read-only engine leaves
 * the trace to the folder's writer.
 */
export function resolveEventTrace(options: MovieEngineOptions, bus: EventBus, ownFolder: boolean, redact?: Redactor): EventTrace | null {
  const setting = options.trace ?? ownFolder
  if (setting === false) return null
  const custom = typeof setting === 'object' ? setting : {}
  const file = custom.file ?? eventTraceFile(resolvePath(options.dataDir ?? '.cinelayer'))
  return attachEventTrace(bus, { ...custom, file, ...(redact && !redact.empty ? { redact } : {}) })
}
