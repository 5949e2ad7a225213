import { filenameParse } from '@ctrl/video-filename-parser'
import { parseVideoFilename } from '../src/index.js'
for (const n of ['(2009).mkv', '(1999) 1080p.mkv', 'Movie (2009).mkv', '[2019].mkv']) { console.log(n, filenameParse(n.replace('.mkv','')).year, JSON.stringify(parseVideoFilename(n))) }
