import { styleText } from 'node:util'

/** ANSI styles, or plain text when colours are off (pipes, `--json`, `NO_COLOR`). */
export interface TextStyle {
  bold(text: string): string
  dim(text: string): string
  red(text: string): string
  green(text: string): string
  yellow(text: string): string
  cyan(text: string): string
}

const plain = (text: string) => text

/** Styles that do nothing. */
export const plainStyle: TextStyle = { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain }

// Node's own styleText: no dependency. Whether colours are on is decided by the output (the
// stream it writes to, NO_COLOR, FORCE_COLOR, --json), not by styleText's look at process.stdout.
function ansi(format: 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan') {
  return (text: string) => styleText(format, text, { validateStream: false })
}

/** Styles with ANSI escape codes. */
export const ansiStyle: TextStyle = {
  bold: ansi('bold'),
  dim: ansi('dim'),
  red: ansi('red'),
  green: ansi('green'),
  yellow: ansi('yellow'),
  cyan: ansi('cyan'),
}
