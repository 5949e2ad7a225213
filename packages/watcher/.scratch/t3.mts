import { filenameParse } from '@ctrl/video-filename-parser'
import { readSegment } from '../src/segment-reading.js'
import { cleanSegment } from '../src/name-cleaning.js'
const t = (label: string, f: () => unknown) => { const a = performance.now(); f(); console.log(label, (performance.now() - a).toFixed(1), 'ms') }
for (const n of [255, 512, 1024, 2048, 4096]) {
  const s = '-_'.repeat(n / 2)
  t(`lib ${n}`, () => filenameParse(s))
  t(`clean ${n}`, () => cleanSegment(s, true))
  t(`read ${n}`, () => readSegment(s.replace(/_/g, ' '), false))
  const d = '--'.repeat(n / 2)
  t(`lib-- ${n}`, () => filenameParse(d))
  t(`read-- ${n}`, () => readSegment(d, false))
}
