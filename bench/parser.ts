/**
 * Scores `parseVideoFilename` against the bare `@ctrl/video-filename-parser` on the filename
 * corpora of ../shared/fixtures/filenames (run: `pnpm bench:parser`).
 *
 * The corpora are read where they are and never copied into this repository: guessit's is
 * LGPL-3.0 data. Set FILENAME_CORPORA_DIR to read them from elsewhere.
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

interface CorpusRow {
  input: string
  title?: string | null
  year?: number | null
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

function readCorpus(file: string): CorpusRow[] | undefined {
  const path = join(corporaDirectory, file)
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

function scoreCorpus(file: string, rows: CorpusRow[]): boolean {
  const scored = rows.filter((row) => typeof row.title === 'string' && row.title !== '')
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
  const total = scored.length
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
if (!scoredAny) {
  process.exitCode = 1
} else if (!allReachTarget) {
  console.error(`\ntitle+year is below ${TARGET * 100}% on at least one corpus`)
  process.exitCode = 1
}
