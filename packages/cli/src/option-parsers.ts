import { type Command, InvalidArgumentError } from 'commander'

/** Parses a whole number of at least `min` (`--page 2`). */
export function integerOption(min: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected a whole number, got "${value}"`)
    const number = Number(value)
    if (!Number.isSafeInteger(number) || number < min) throw new InvalidArgumentError(`expected a whole number of at least ${min}, got "${value}"`)
    return number
  }
}

/** Parses a release year (`--year 1999`). */
export function yearOption(value: string): number {
  const year = integerOption(1)(value)
  if (year < 1870 || year > 2200) throw new InvalidArgumentError(`expected a year between 1870 and 2200, got "${value}"`)
  return year
}

const DAY_MS = 24 * 60 * 60 * 1000
const units: Record<string, number> = { h: DAY_MS / 24, d: DAY_MS, w: 7 * DAY_MS, y: 365 * DAY_MS }

/** Parses a duration in hours, days, weeks or years (`180d`, `12w`, `1y`, `36h`) into days. */
export function durationDays(value: string): number {
  const match = /^(\d+)([hdwy])$/.exec(value.trim())
  if (!match) throw new InvalidArgumentError(`expected a duration such as 180d, 12w, 1y or 36h, got "${value}"`)
  const days = (Number(match[1]) * units[match[2]!]!) / DAY_MS
  if (!Number.isFinite(days) || days <= 0) throw new InvalidArgumentError(`expected a duration above zero, got "${value}"`)
  return days
}

/** Collects a repeatable option into a list (`--category ui --category fs`). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value]
}

/**
 * Stops a command line that commander accepted but that does not make sense (ids and `--all`
 * together): printed and exited like commander's own usage errors, before any module of the
 * engine is loaded.
 */
export function failUsage(command: Command, message: string): never {
  command.error(`${command.name()}: ${message}`, { code: 'cinelayer.usage', exitCode: 2 })
}

/** A command's variadic `[ids...]` argument, as commander parsed it. */
export function idsOf(command: Command): string[] {
  const ids = command.processedArgs[0] as unknown
  return Array.isArray(ids) ? (ids as string[]) : []
}

/** A TCP port, 0 to 65535 (0: a free one). */
export function portOption(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected a port number, got "${value}"`)
  const port = Number(value)
  if (port > 65_535) throw new InvalidArgumentError(`expected a port from 0 to 65535, got "${value}"`)
  return port
}
