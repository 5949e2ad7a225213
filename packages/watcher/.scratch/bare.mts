import { filenameParse } from '@ctrl/video-filename-parser'
import { readFileSync } from 'node:fs'
const norm = (s: string | null | undefined) => (s ?? '').normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/['’`]/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim().replace(/\b(\p{L})((?: \p{L}\b)+)/gu, (m) => m.replace(/ /g, ''))
for (const f of ['guessit', 'video-filename-parser']) {
  const rows = readFileSync(`/work/shared/fixtures/filenames/${f}.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
  let t = 0, y = 0, ty = 0, n = 0
  for (const r of rows) {
    if (r.is_tv || r.title == null) continue
    n++
    const p = filenameParse(r.input)
    const okT = norm(p.title) === norm(r.title)
    const okY = (p.year ? Number(p.year) : null) === (r.year ?? null)
    t += +okT; y += +okY; ty += +(okT && okY)
    if (process.argv[2] === 'v' && !(okT && okY)) console.log(JSON.stringify(r.input), '=>', JSON.stringify(p.title), p.year, '| want', JSON.stringify(r.title), r.year)
  }
  console.log(f, n, (t / n * 100).toFixed(1), (y / n * 100).toFixed(1), (ty / n * 100).toFixed(1))
}
