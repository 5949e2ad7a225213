/** A column of a text table. */
export interface TableColumn {
  header: string
  /** Numbers read better aligned right. Default `'left'`. */
  align?: 'left' | 'right'
  /** Longer cells are cut with an ellipsis. Default: no limit. */
  maxWidth?: number
}

/** Lays rows out as an aligned text table with a header line; one string per line. */
export function formatTable(columns: readonly TableColumn[], rows: readonly (readonly string[])[]): string[] {
  const cells = rows.map((row) => columns.map((column, index) => fit(row[index] ?? '', column.maxWidth)))
  const widths = columns.map((column, index) => Math.max(column.header.length, ...cells.map((row) => row[index]!.length)))
  const render = (row: readonly string[]) =>
    row
      .map((cell, index) => (columns[index]!.align === 'right' ? cell.padStart(widths[index]!) : cell.padEnd(widths[index]!)))
      .join('  ')
      .trimEnd()
  return [render(columns.map((column) => column.header)), ...cells.map(render)]
}

function fit(text: string, maxWidth: number | undefined): string {
  const oneLine = text.replace(/\s+/g, ' ')
  if (maxWidth === undefined || oneLine.length <= maxWidth) return oneLine
  return `${oneLine.slice(0, Math.max(0, maxWidth - 1))}…`
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
