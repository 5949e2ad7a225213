import stringWidth from 'string-width'

/** A column of a text table. */
export interface TableColumn {
  header: string
  /** Numbers read better aligned right. Default `'left'`. */
  align?: 'left' | 'right'
  /** Longer cells are cut with an ellipsis. Default: no limit. */
  maxWidth?: number
}

/**
 * Lays rows out as an aligned text table with a header line; one string per line. Widths are the
 * columns' widths on screen (string-width): a Japanese title takes two columns per character.
 */
export function formatTable(columns: readonly TableColumn[], rows: readonly (readonly string[])[]): string[] {
  const cells = rows.map((row) => columns.map((column, index) => fit(row[index] ?? '', column.maxWidth)))
  const widths = columns.map((column, index) => Math.max(stringWidth(column.header), ...cells.map((row) => stringWidth(row[index]!))))
  const render = (row: readonly string[]) =>
    row
      .map((cell, index) => {
        const padding = ' '.repeat(widths[index]! - stringWidth(cell))
        return columns[index]!.align === 'right' ? padding + cell : cell + padding
      })
      .join('  ')
      .trimEnd()
  return [render(columns.map((column) => column.header)), ...cells.map(render)]
}

/** One line, at most `maxWidth` columns on screen (cut with an ellipsis). */
function fit(text: string, maxWidth: number | undefined): string {
  const oneLine = text.replace(/\s+/g, ' ')
  if (maxWidth === undefined || stringWidth(oneLine) <= maxWidth) return oneLine
  let cut = ''
  for (const character of oneLine) {
    if (stringWidth(cut + character) > maxWidth - 1) break
    cut += character
  }
  return `${cut}…`
}

/** `1536` → `1.5 KB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes)
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = Math.abs(bytes)
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  const sign = bytes < 0 ? '-' : ''
  return unit === 0 ? `${sign}${value} B` : `${sign}${value.toFixed(1)} ${units[unit]}`
}
