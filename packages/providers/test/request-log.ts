import type { DataProvider, DataRequest, DataRequestOptions } from '../src/index.js'

/**
 * A data provider that passes every request on and keeps a copy of it, so a test can see what a
 * logical provider asked for (the append list, the language) as well as how many times.
 */
export class RequestLog implements DataProvider {
  readonly name = 'request-log'
  readonly requests: DataRequest[] = []

  constructor(private readonly inner: DataProvider) {}

  get counters(): Readonly<Record<string, number>> {
    return this.inner.counters
  }

  request<T = unknown>(request: DataRequest, options?: DataRequestOptions): Promise<T> {
    this.requests.push(structuredClone(request))
    return this.inner.request<T>(request, options)
  }
}
