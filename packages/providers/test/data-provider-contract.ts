import { describe, expect, it } from 'vitest'
import { type DataProvider, ProviderHttpError, type ReplayEntry, RequestAbortedError } from '../src/index.js'
import { requestKey } from '../src/data-provider.js'
import { datasetEntry } from './dataset.js'

/** Creates the provider under test, answering (or serving over HTTP) exactly these entries. */
export type DataProviderFactory = (entries: ReplayEntry[]) => DataProvider | Promise<DataProvider>

const secret = 'contract-secret-0123456789abcdef'

const notFound: ReplayEntry = {
  request: { source: 'tmdb', path: '/3/movie/999999999', query: { language: 'en-US' } },
  // TMDB's error body for an unknown id.
  response: { status: 404, body: { success: false, status_code: 34, status_message: 'The resource you requested could not be found.' } },
  meta: { origin: 'written', sources: [], license: 'MIT', note: 'TMDB error shape, written for the contract suite.' },
}

const summary: ReplayEntry = {
  request: { source: 'wikipedia', site: 'en', path: '/api/rest_v1/page/summary/Fight_Club' },
  response: { status: 200, body: { type: 'standard', title: 'Fight Club', extract: 'A short summary written for a test.' } },
  meta: { origin: 'written', sources: [], license: 'MIT', note: 'REST summary shape, prose written for the contract suite.' },
}

/**
 * The behaviour every {@link DataProvider} shares, whatever carries the bytes. A new data provider's
 * test is one call: `dataProviderContract('http', (entries) => ...)`.
 */
export function dataProviderContract(label: string, create: DataProviderFactory): void {
  describe(`DataProvider contract: ${label}`, () => {
    async function subject() {
      const fightClub = await datasetEntry('tmdb/movie/550.json')
      const provider = await create([fightClub, notFound, summary])
      return { provider, fightClub }
    }

    it('answers a request with the recorded body', async () => {
      const { provider, fightClub } = await subject()
      const body = await provider.request(fightClub.request)
      expect(body).toEqual(fightClub.response.body)
    })

    it('ignores parameter order and credentials in the query', async () => {
      const { provider, fightClub } = await subject()
      const query = { append_to_response: 'translations,keywords,images,external_ids,credits', api_key: secret, language: 'en-US' }
      const body = await provider.request({ source: 'tmdb', path: '/3/movie/550', query })
      expect(body).toEqual(fightClub.response.body)
    })

    it('counts answered requests per source, as a snapshot', async () => {
      const { provider, fightClub } = await subject()
      expect(provider.counters).toEqual({})
      await provider.request(fightClub.request)
      await provider.request(fightClub.request)
      await provider.request(summary.request)
      const counters = provider.counters
      expect(counters).toEqual({ tmdb: 2, wikipedia: 1 })
      ;(counters as Record<string, number>).tmdb = 100
      expect(provider.counters.tmdb).toBe(2)
    })

    it('turns a non-2xx answer into a ProviderHttpError with the status, never naming a credential', async () => {
      const { provider } = await subject()
      const request = { ...notFound.request, query: { ...notFound.request.query, api_key: secret } }
      const error = await provider.request(request).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(ProviderHttpError)
      expect(error).toMatchObject({ code: 'CINELAYER_ERR_PROVIDER_HTTP', status: 404, key: requestKey(notFound.request) })
      expect(String((error as Error).message)).not.toContain(secret)
      expect(JSON.stringify((error as ProviderHttpError).details)).not.toContain(secret)
    })

    it('rejects an aborted request with RequestAbortedError', async () => {
      const { provider, fightClub } = await subject()
      const controller = new AbortController()
      controller.abort(new Error('user left'))
      const error = await provider.request(fightClub.request, { signal: controller.signal }).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(RequestAbortedError)
      expect(error).toMatchObject({ code: 'CINELAYER_ERR_PROVIDER_ABORTED' })
    })

    it('gives each caller its own copy of the body', async () => {
      const { provider, fightClub } = await subject()
      const first = await provider.request<{ title: string }>(fightClub.request)
      first.title = 'changed by a caller'
      const second = await provider.request<{ title: string }>(fightClub.request)
      expect(second.title).toBe('Fight Club')
    })
  })
}
