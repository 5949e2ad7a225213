import { filenameParse } from '@ctrl/video-filename-parser'
import { parseVideoFilename, normalizeTitle as norm } from '../src/index.js'
import { readFileSync } from 'node:fs'
for (const f of ['guessit', 'video-filename-parser']) {
  const rows = readFileSync(`/work/shared/fixtures/filenames/${f}.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
  let t = 0, y = 0, ty = 0, n = 0
  for (const r of rows) {
    if (r.is_tv || r.title == null) continue
    n++
    let p: any
    try { p = parseVideoFilename(r.input) } catch (e) { p = { title: 'ERR ' + (e as Error).message } }
    const okT = norm(p.title) === norm(r.title)
    const okY = (p.year ?? null) === (r.year ?? null)
    t += +okT; y += +okY; ty += +(okT && okY)
    if (process.argv[2] === 'v' && !(okT && okY)) console.log(JSON.stringify(r.input), '=>', JSON.stringify(p.title), p.year, '| want', JSON.stringify(r.title), r.year, p.confidence)
  }
  console.log(f, n, (t / n * 100).toFixed(1), (y / n * 100).toFixed(1), (ty / n * 100).toFixed(1))
}
