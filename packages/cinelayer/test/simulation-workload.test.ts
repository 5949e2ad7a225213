import { describe, expect, it } from 'vitest'
import { DEFAULT_LEVEL_MIX, WorkloadInvalidError, createWorkload, generateWorkload } from '../src/simulation/index.js'

const base = { movies: 1000, days: 60, requestsPerDay: 200, seed: 42 }

describe('createWorkload', () => {
  it('gives the very same requests for the same seed, other ones for another seed', () => {
    expect(createWorkload(base)).toEqual(createWorkload(base))
    expect(createWorkload({ ...base, seed: 43 })).not.toEqual(createWorkload(base))
    expect(createWorkload({ ...base, seed: 'lab' })).toEqual(createWorkload({ ...base, seed: 'lab' }))
  })

  it('asks levels in the default mix (70% basic, 20% medium, 10% deep), in time order', () => {
    const requests = createWorkload(base)
    expect(requests).toHaveLength(base.days * base.requestsPerDay)
    const share = (level: string) => requests.filter((request) => request.level === level).length / requests.length
    expect(share('basic')).toBeCloseTo(DEFAULT_LEVEL_MIX.basic, 1)
    expect(share('medium')).toBeCloseTo(DEFAULT_LEVEL_MIX.medium, 1)
    expect(share('deep')).toBeCloseTo(DEFAULT_LEVEL_MIX.deep, 1)
    expect(requests.every((request, index) => index === 0 || request.at >= requests[index - 1]!.at)).toBe(true)
    expect(requests.every((request) => request.tmdb >= 1 && request.tmdb <= base.movies && request.origin === 'user')).toBe(true)
  })

  it('draws movies by a Zipf law (s = 1): within one drift period the k-th most asked movie gets about 1/k of the first', () => {
    const requests = createWorkload({ ...base, days: 30, requestsPerDay: 2000 })
    const counts = new Map<number, number>()
    for (const request of requests) counts.set(request.tmdb, (counts.get(request.tmdb) ?? 0) + 1)
    const sorted = [...counts.values()].sort((a, b) => b - a)
    // With s = 1 over 1,000 movies, the top movie takes 1/H(1000) ≈ 13.4% and the top ten ≈ 39%.
    expect(sorted[0]! / requests.length).toBeGreaterThan(0.11)
    expect(sorted[0]! / requests.length).toBeLessThan(0.16)
    const topTen = sorted.slice(0, 10).reduce((sum, count) => sum + count, 0) / requests.length
    expect(topTen).toBeGreaterThan(0.35)
    expect(topTen).toBeLessThan(0.43)
    expect(sorted[9]! / sorted[0]!).toBeGreaterThan(0.05)
    expect(sorted[9]! / sorted[0]!).toBeLessThan(0.2)
  })

  it('drifts: the favourites of the first month are not all those of the second', () => {
    const requests = createWorkload({ ...base, days: 60, requestsPerDay: 2000 })
    const top = (from: number, to: number) => {
      const counts = new Map<number, number>()
      for (const request of requests) if (request.day >= from && request.day < to) counts.set(request.tmdb, (counts.get(request.tmdb) ?? 0) + 1)
      return new Set([...counts].sort((a, b) => b[1] - a[1]).slice(0, 50).map(([tmdb]) => tmdb))
    }
    const first = top(0, 30)
    const kept = [...top(30, 60)].filter((tmdb) => first.has(tmdb)).length
    expect(kept).toBeGreaterThan(10)
    expect(kept).toBeLessThan(50)
  })

  it('scan: the same user requests, and every movie once at basic on the event day', () => {
    const zipf = createWorkload(base)
    const scan = createWorkload({ ...base, kind: 'scan', eventDay: 10 })
    const scanned = scan.filter((request) => request.origin === 'scan')
    expect(scanned).toHaveLength(base.movies)
    expect(new Set(scanned.map((request) => request.tmdb)).size).toBe(base.movies)
    expect(scanned.every((request) => request.day === 10 && request.level === 'basic' && !request.viewed && !request.played)).toBe(true)
    expect(scan.filter((request) => request.origin === 'user')).toEqual(zipf)
    expect(scan.every((request, index) => index === 0 || request.at >= scan[index - 1]!.at)).toBe(true)
  })

  it('burst: a new release takes its share of the requests for a week, then nobody asks for it', () => {
    const requests = createWorkload({ ...base, kind: 'burst', eventDay: 20, burstShare: 0.3 })
    const release = base.movies + 1
    const during = requests.filter((request) => request.day >= 20 && request.day < 27)
    const share = during.filter((request) => request.tmdb === release).length / during.length
    expect(share).toBeGreaterThan(0.25)
    expect(share).toBeLessThan(0.35)
    expect(requests.some((request) => request.tmdb === release && (request.day < 20 || request.day >= 27))).toBe(false)
  })

  it('is computed lazily by generateWorkload', () => {
    const iterator = generateWorkload({ movies: 10, days: 1_000_000, requestsPerDay: 1_000_000, seed: 1 })
    expect(iterator.next().value).toMatchObject({ day: 0, origin: 'user' })
  })

  it('refuses options out of range with CINELAYER_ERR_WORKLOAD_INVALID', () => {
    expect(() => createWorkload({ ...base, movies: 0 })).toThrow(WorkloadInvalidError)
    expect(() => createWorkload({ ...base, levelMix: { basic: 0.5, medium: 0.2, deep: 0.1 } })).toThrow(/levelMix/)
    expect(() => createWorkload({ ...base, burstShare: 2 })).toThrow(expect.objectContaining({ code: 'CINELAYER_ERR_WORKLOAD_INVALID' }))
  })
})
