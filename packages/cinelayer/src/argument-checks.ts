import { OptionsInvalidError } from '@cinelayer/core'
import type { DowngradeSelection } from './manual-downgrade.js'

/**
 * The list given to a bulk call: an array of ids (and, for an import, seeds `{ tmdb }`, titles
 * `{ title, year? }` and files `{ path, title }`). Checked before any work, so that a `null` or a
 * number fails with a coded error naming the item.
 */
export function checkBulkList(call: string, list: unknown, seeds: boolean, argument = 'list'): void {
  if (!Array.isArray(list)) throw new OptionsInvalidError(`${call}(${argument})`, `expected an array of ids${seeds ? ' or seeds' : ''} (or 'all'), got ${describe(list)}`)
  list.forEach((item, index) => {
    if (typeof item === 'string') return
    if (seeds && isImportObject(item)) return
    const expected = seeds ? ', a seed { tmdb: 550 }, a title { title, year } or a file { path, title }' : ''
    throw new OptionsInvalidError(`${call}(${argument}[${index}])`, `expected an id such as "tmdb:550"${expected}, got ${describe(item)}`)
  })
}

function isImportObject(item: unknown): boolean {
  if (typeof item !== 'object' || item === null) return false
  const { tmdb, title, path, year } = item as Record<string, unknown>
  if (tmdb !== undefined) return Number.isInteger(tmdb) && (tmdb as number) > 0
  // A title's own checks (length, year range) come with its item: one bad title fails alone.
  const titled = typeof title === 'string' && (year === undefined || typeof year === 'number')
  return path === undefined ? titled : typeof path === 'string' && path !== '' && titled
}

/** The selection given to `engine.downgrade`. */
export function checkDowngradeSelection(selection: unknown): asserts selection is DowngradeSelection {
  const value = selection as Partial<Record<'ids' | 'to' | 'notReadForDays', unknown>> | null
  if (typeof value !== 'object' || value === null) throw new OptionsInvalidError('downgrade(selection)', `expected { ids, to } or { notReadForDays }, got ${describe(selection)}`)
  if ('notReadForDays' in value) {
    const days = value.notReadForDays
    if (typeof days !== 'number' || !Number.isFinite(days) || days < 0) throw new OptionsInvalidError('downgrade(selection.notReadForDays)', `expected a number of days >= 0, got ${describe(days)}`)
    if (value.to !== undefined && typeof value.to !== 'string') throw new OptionsInvalidError('downgrade(selection.to)', `expected a level name, got ${describe(value.to)}`)
    return
  }
  if (value.ids !== 'all') checkBulkList('downgrade', value.ids, false, 'selection.ids')
  if (typeof value.to !== 'string') throw new OptionsInvalidError('downgrade(selection.to)', `expected a level name, got ${describe(value.to)}`)
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`
}
