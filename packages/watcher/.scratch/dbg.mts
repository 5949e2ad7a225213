import { parseVideoFilename } from '../src/index.js'
import { cleanSegment } from '../src/name-cleaning.js'
import { readSegment } from '../src/segment-reading.js'
for (const n of process.argv.slice(2)) {
  const c = cleanSegment(n.split('/').pop()!, true)
  console.log(JSON.stringify(c))
  const r = readSegment(c.text, false); console.log(JSON.stringify({ ...r, library: undefined }), JSON.stringify(r.library.title), r.library.year)
  try { console.log(parseVideoFilename(n)) } catch (e) { console.log(String(e)) }
}
