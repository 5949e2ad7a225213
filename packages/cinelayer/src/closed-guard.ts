import { EngineClosedError } from '@cinelayer/core'

/**
 * `target` whose methods refuse to run once `closed()` says so, with `EngineClosedError` naming the
 * call (`movies.get`). Methods run on the target itself, so that private fields keep working.
 */
export function guardClosed<T extends object>(target: T, name: string, closed: () => boolean): T {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        if (closed()) throw new EngineClosedError(`${name}.${String(property)}`)
        return (value as (...args: unknown[]) => unknown).apply(object, args)
      }
    },
  })
}
