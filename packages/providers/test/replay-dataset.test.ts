import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { JsonReplayProvider, type ReplayEntry, defaultReplayDir } from '../src/index.js'
import { requestKey } from '../src/data-provider.js'

async function datasetFiles(): Promise<string[]> {
  const entries = await readdir(defaultReplayDir, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.json')).map((entry) => join(entry.parentPath, entry.name))
}

// A TMDB v3 key is 32 hex characters, a v4 token a JWT; OMDb keys ride in `apikey=`.
const keyLooking = [/\b[0-9a-f]{32}\b/i, /eyJ[\w-]{10,}\.[\w-]{10,}/, /(api_?key|access_token|token)=(?!REDACTED)\w/i, /REDACTED/]
const secretParams = /^(api_?key|access_token|token)$/i
const knownLicenses = new Set(['MIT', 'Apache-2.0', 'BSD-2-Clause'])
const knownRepos = new Set(['18Months/themoviedb-api', 'adamayoung/TMDb', 'c-eg/themoviedbapi', 'php-tmdb/api', 'jdrouet/tmdb-api'])
// Entries written by hand name the script that writes them.
const writtenSource = 'cinelayer/cinelayer packages/providers/scripts/written-entries.ts'
const folders = ['tmdb', 'wikidata', 'wikipedia', 'omdb']

describe('the shipped replay dataset', async () => {
  const files = await datasetFiles()
  const loaded = await Promise.all(files.map(async (file) => ({ file: relative(defaultReplayDir, file), text: await readFile(file, 'utf8') })))

  it('sits in replay/ beside src/ and holds TMDB, Wikidata, Wikipedia and OMDb entries', () => {
    expect(defaultReplayDir).toMatch(/packages[\\/]providers[\\/]replay$/)
    expect(files.length).toBe(27)
    const perFolder = Object.fromEntries(folders.map((folder) => [folder, loaded.filter(({ file }) => file.split(/[\\/]/)[0] === folder).length]))
    expect(perFolder).toEqual({ tmdb: 20, wikidata: 1, wikipedia: 4, omdb: 2 })
  })

  it('loads as a whole: every file parses as an entry, no two answer the same request', async () => {
    const provider = new JsonReplayProvider({ dir: defaultReplayDir })
    await expect(provider.request({ source: 'tmdb', path: '/3/configuration' })).resolves.toMatchObject({ images: expect.any(Object) })
    const keys = loaded.map(({ text }) => requestKey((JSON.parse(text) as ReplayEntry).request))
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('contains no key-looking string, and no credential parameter in any request', () => {
    for (const { file, text } of loaded) {
      for (const pattern of keyLooking) expect(text, `${file} matches ${pattern}`).not.toMatch(pattern)
      const { request } = JSON.parse(text) as ReplayEntry
      expect(Object.keys(request.query ?? {}).filter((name) => secretParams.test(name)), file).toEqual([])
    }
  })

  it('cites a source repository and path and a license for every entry', () => {
    for (const { file, text } of loaded) {
      const { meta, response } = JSON.parse(text) as ReplayEntry
      expect(meta, file).toBeDefined()
      expect(meta!.sources.length, file).toBeGreaterThan(0)
      for (const source of meta!.sources) {
        if (meta!.origin === 'written') {
          expect(source, file).toBe(writtenSource)
          continue
        }
        const [repo, path] = source.split(' ')
        expect(knownRepos.has(repo!), `${file}: ${source}`).toBe(true)
        expect(path, `${file}: ${source}`).toMatch(/\.(json|yml)$/)
      }
      for (const license of meta!.license.split(' AND ')) expect(knownLicenses.has(license), `${file}: ${meta!.license}`).toBe(true)
      if (meta!.origin !== 'recorded') expect(meta!.note, file).toBeTruthy()
      expect(response.status, file).toBe(200)
    }
  })

  it('asks every TMDB request in en-US (configuration and changes take no language)', () => {
    for (const { file, text } of loaded) {
      const { request } = JSON.parse(text) as ReplayEntry
      if (request.source !== 'tmdb') continue
      expect(request.query?.language, file).toBe(['/3/configuration', '/3/movie/changes'].includes(request.path) ? undefined : 'en-US')
    }
  })

  it('keeps each Wikipedia entry under the folder of its language, and the text of written summaries short', () => {
    for (const { file, text } of loaded) {
      const { request, response } = JSON.parse(text) as ReplayEntry
      if (request.source !== 'wikipedia') continue
      expect(file.split(/[\\/]/).slice(0, 2), file).toEqual(['wikipedia', request.site])
      const extract = (response.body as { extract?: string }).extract
      if (extract !== undefined) expect(extract.length, file).toBeLessThan(600)
    }
  })
})
