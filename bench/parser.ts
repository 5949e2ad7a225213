/**
 * Scores `parseVideoFilename` against the bare `@ctrl/video-filename-parser` on the filename
 * corpora of ../shared/fixtures/filenames and packages/watcher/test/fixtures/corpora
 * (run: `pnpm bench:parser`).
 *
 * The shared corpora are read where they are and never copied into this repository: guessit's is
 * LGPL-3.0 data. Set FILENAME_CORPORA_DIR to read them from elsewhere. The watcher's own corpora
 * (MIT, see their PROVENANCE.md) mark about a third of their rows `heldOut`: those were set
 * aside by a hash of the input before any tuning, are scored apart, and their misses are never
 * printed, so that the held-out score says how the parser does on names nobody tuned it for.
 *
 * Scoring: every row with an expected title, input given as it is (full paths included).
 * Titles are compared after `normalizeTitle` (case, accents, punctuation, whitespace, acronym
 * dots), the same function for both parsers; years must be equal, "no year" included. Rows with no
 * expected title (one guessit row that tests a leading dash) are skipped and counted. TV rows are
 * scored like the others: the title is the series name and there is no year.
 * The process exits with code 1 when title+year is below the target on a corpus.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { filenameParse } from '@ctrl/video-filename-parser'
import { normalizeTitle, parseVideoFilename } from '@cinelayer/watcher'

const TARGET = 0.95
const corpora = ['guessit.jsonl', 'video-filename-parser.jsonl']
const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const corporaDirectory = resolve(process.env.FILENAME_CORPORA_DIR ?? join(repositoryRoot, '../shared/fixtures/filenames'))
const watcherCorporaDirectory = join(repositoryRoot, 'packages/watcher/test/fixtures/corpora')
const watcherCorpora = ['ptt-viren070.jsonl', 'ptn-platelminto.jsonl']

interface CorpusRow {
  input: string
  title?: string | null
  year?: number | null
  heldOut?: boolean
}

interface Reading {
  title: string
  year: number | null
}

interface Score {
  title: number
  year: number
  both: number
}

function bareLibrary(input: string): Reading {
  const parsed = filenameParse(input)
  return { title: parsed.title, year: parsed.year ? Number(parsed.year) : null }
}

function ours(input: string): Reading {
  try {
    const parsed = parseVideoFilename(input)
    return { title: parsed.title, year: parsed.year ?? null }
  } catch (error) {
    return { title: `<${error instanceof Error ? error.message : String(error)}>`, year: null }
  }
}

function judge(row: CorpusRow, reading: Reading) {
  const title = normalizeTitle(reading.title) === normalizeTitle(row.title ?? '')
  const year = reading.year === (row.year ?? null)
  return { title, year, both: title && year }
}

function percent(count: number, total: number): string {
  return `${((count / total) * 100).toFixed(1)}%`.padStart(7)
}

function readCorpus(file: string, directory = corporaDirectory): CorpusRow[] | undefined {
  const path = join(directory, file)
  if (!existsSync(path)) {
    console.error(
      `Corpus ${file} not found at ${path}.\n` +
        '  The filename corpora live outside this repository (guessit.jsonl is LGPL-3.0 data and is not copied in).\n' +
        '  Check out ../shared/fixtures next to the repository, or set FILENAME_CORPORA_DIR to the folder holding them.',
    )
    return undefined
  }
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CorpusRow)
}

function scoreRows(scored: CorpusRow[]) {
  const library: Score = { title: 0, year: 0, both: 0 }
  const mine: Score = { title: 0, year: 0, both: 0 }
  const misses: string[] = []
  for (const row of scored) {
    const fromLibrary = judge(row, bareLibrary(row.input))
    const reading = ours(row.input)
    const fromOurs = judge(row, reading)
    for (const key of ['title', 'year', 'both'] as const) {
      library[key] += Number(fromLibrary[key])
      mine[key] += Number(fromOurs[key])
    }
    if (!fromOurs.both) {
      misses.push(`  ${JSON.stringify(row.input)}\n      got ${JSON.stringify(reading.title)} ${reading.year ?? '-'}, expected ${JSON.stringify(row.title)} ${row.year ?? '-'}`)
    }
  }
  return { library, mine, misses }
}

const summary: { name: string; rows: number; library: number; ours: number }[] = []

function scoreCorpus(file: string, rows: CorpusRow[]): boolean {
  const scored = rows.filter((row) => typeof row.title === 'string' && row.title !== '')
  const { library, mine, misses } = scoreRows(scored)
  const total = scored.length
  summary.push({ name: file, rows: total, library: library.both / total, ours: mine.both / total })
  console.log(`\n${file}: ${total} rows scored, ${rows.length - total} skipped (no expected title)`)
  console.log(`  ${'exact match'.padEnd(12)} ${'library'.padStart(7)} ${'ours'.padStart(7)}`)
  for (const [label, key] of [['title', 'title'], ['year', 'year'], ['title+year', 'both']] as const) {
    console.log(`  ${label.padEnd(12)} ${percent(library[key], total)} ${percent(mine[key], total)}`)
  }
  if (misses.length > 0) console.log(`  still wrong (${misses.length}):\n${misses.join('\n')}`)
  return mine.both / total >= TARGET
}

let scoredAny = false
let allReachTarget = true
for (const file of corpora) {
  const rows = readCorpus(file)
  if (!rows) continue
  scoredAny = true
  if (!scoreCorpus(file, rows)) allReachTarget = false
}
const heldOut: CorpusRow[] = []
for (const file of watcherCorpora) {
  const rows = readCorpus(file, watcherCorporaDirectory)
  if (!rows) continue
  heldOut.push(...rows.filter((row) => row.heldOut))
  scoreCorpus(`${file} (tuning part)`, rows.filter((row) => !row.heldOut))
}
if (heldOut.length > 0) {
  // Scores only: the misses of the held-out rows stay unread, or they would be tuned on.
  const { library, mine } = scoreRows(heldOut)
  summary.push({ name: `held out (${watcherCorpora.join(' + ')})`, rows: heldOut.length, library: library.both / heldOut.length, ours: mine.both / heldOut.length })
}
console.log(`\ntitle+year exact, bare library and ours, in this run:`)
console.log(`  ${'corpus'.padEnd(52)} ${'rows'.padStart(5)} ${'library'.padStart(8)} ${'ours'.padStart(7)}`)
for (const { name, rows, library, ours } of summary) {
  console.log(`  ${name.padEnd(52)} ${String(rows).padStart(5)} ${percent(library * rows, rows).padStart(8)} ${percent(ours * rows, rows)}`)
}
if (!scoredAny) {
  process.exitCode = 1
} else if (!allReachTarget) {
  console.error(`\ntitle+year is below ${TARGET * 100}% on at least one corpus`)
  process.exitCode = 1
}
