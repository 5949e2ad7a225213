import { filenameParse, parseSeason, parseEdition } from '@ctrl/video-filename-parser'
import { readFileSync } from 'node:fs'
for (const n of process.argv.slice(2)) console.log(JSON.stringify(n), JSON.stringify(filenameParse(n)), JSON.stringify(filenameParse(n, true).isTv ?? null))
if (!process.argv[2]) for (const f of ['guessit', 'video-filename-parser']) {
  const rows = readFileSync(`/work/shared/fixtures/filenames/${f}.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
  for (const r of rows) { const s = parseSeason(r.input); if (s) console.log('TV?', r.input, !!r.is_tv) }
}
