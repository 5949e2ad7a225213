import { filenameParse } from '@ctrl/video-filename-parser'
import { parseVideoFilename, normalizeTitle as norm } from '../src/index.js'
import { readFileSync } from 'node:fs'
for (const f of ['guessit', 'video-filename-parser']) {
  const rows = readFileSync(`/work/shared/fixtures/filenames/${f}.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
  for (const r of rows) {
    if (r.is_tv || r.title == null) continue
    const b = filenameParse(r.input); const p = parseVideoFilename(r.input)
    const libOk = norm(b.title) === norm(r.title) && (b.year ? +b.year : null) === (r.year ?? null)
    const ok = norm(p.title) === norm(r.title) && (p.year ?? null) === (r.year ?? null)
    if (libOk && !ok) console.log('REGRESSION', r.input, p.title, p.year)
  }
}
for (const n of ['.mkv', '[REC].2007.1080p.mkv', 'The Expanse - S01E02 - The Big Empty.mkv', '[HorribleSubs] One Piece - 1071 [1080p].mkv', 'NFL 2019 10 06 Chicago Bears vs Oakland Raiders Highlights 720p HEVC x265-MeGusta', 'Its Always Sunny in Philadelphia S14E04 720p WEB H264-METCON', 'Show.Name.S01.1080p.BluRay.x264-GRP']) { try { console.log(n, JSON.stringify(parseVideoFilename(n))) } catch (e) { console.log(n, String(e)) } }
