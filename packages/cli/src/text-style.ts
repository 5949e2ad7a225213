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

function ansi(open: number, close: number) {
  return (text: string) => `\u001b[${open}m${text}\u001b[${close}m`
}

/** Styles with ANSI escape codes. */
export const ansiStyle: TextStyle = {
  bold: ansi(1, 22),
  dim: ansi(2, 22),
  red: ansi(31, 39),
  green: ansi(32, 39),
  yellow: ansi(33, 39),
  cyan: ansi(36, 39),
}
