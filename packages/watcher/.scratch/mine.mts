import { parseVideoFilename, normalizeTitle as norm } from '../src/index.js'
import { filenameParse } from '@ctrl/video-filename-parser'
import { readFileSync } from 'node:fs'
const rows = readFileSync('../test/fixtures/names.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l))
let ok = 0, lib = 0
for (const r of rows) {
  const p = parseVideoFilename(r.input)
  const good = norm(p.title) === norm(r.title) && (p.year ?? null) === (r.year ?? null)
  const b = filenameParse(r.input.split(/[\\/]/).pop())
  lib += +(norm(b.title) === norm(r.title) && (b.year ? +b.year : null) === (r.year ?? null))
  ok += +good
  console.log(good ? 'ok ' : 'BAD', JSON.stringify(r.input), '=>', JSON.stringify(p))
}
console.log(ok, '/', rows.length, 'library', lib)
