import { Buffer } from 'node:buffer'
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { ImdbDatasetError } from './errors.js'

/** An IMDb rating: the weighted average (0 to 10) and the number of votes. */
export interface ImdbRating {
  rating: number
  votes: number
}

const header = 'tconst\taverageRating\tnumVotes'
const line = /^tt(\d{7,10})\t(\d{1,2}(?:\.\d)?)\t(\d+)$/

/**
 * IMDb's `title.ratings.tsv(.gz)` held in memory as three typed arrays sorted by title number:
 * about 9 bytes per title (1.5 million titles take some 14 MB), looked up by binary search.
 */
export class ImdbRatingsIndex {
  readonly #ids: Uint32Array
  readonly #tenths: Uint8Array
  readonly #votes: Uint32Array

  private constructor(ids: Uint32Array, tenths: Uint8Array, votes: Uint32Array) {
    this.#ids = ids
    this.#tenths = tenths
    this.#votes = votes
  }

  /** Number of titles indexed. */
  get size(): number {
    return this.#ids.length
  }

  /** The rating of an IMDb title id (`tt0137523`), or `null` when the dataset does not rate it. */
  get(imdbId: string): ImdbRating | null {
    const match = /^tt(\d{7,10})$/.exec(imdbId)
    if (!match) return null
    const wanted = Number(match[1])
    let low = 0
    let high = this.#ids.length - 1
    while (low <= high) {
      const middle = (low + high) >>> 1
      const id = this.#ids[middle]!
      if (id === wanted) return { rating: this.#tenths[middle]! / 10, votes: this.#votes[middle]! }
      if (id < wanted) low = middle + 1
      else high = middle - 1
    }
    return null
  }

  /**
   * Reads a `title.ratings.tsv` file, gzipped or not (told by its first bytes, not its name), as a
   * stream: the file is never held whole in memory.
   * @throws ImdbDatasetError when the file cannot be read, is not gzip it claims to be, lacks the
   *   header, or has a malformed line (the message names the line number).
   */
  static async load(file: string): Promise<ImdbRatingsIndex> {
    const rows = { ids: [] as number[], tenths: [] as number[], votes: [] as number[] }
    const input = await openDataset(file)
    const lines = createInterface({ input, crlfDelay: Infinity })
    let number = 0
    try {
      for await (const text of lines) {
        number++
        if (number === 1) {
          if (text.replace(/^\uFEFF/, '').trimEnd() !== header) throw new ImdbDatasetError(file, `line 1 is not the header "${header.replace(/\t/g, '\\t')}"`)
          continue
        }
        if (text.trim().length === 0) continue
        const match = line.exec(text.trimEnd())
        const tenths = match ? Math.round(Number(match[2]) * 10) : Number.NaN
        if (!match || tenths > 100 || Number(match[3]) > 0xffffffff) throw new ImdbDatasetError(file, `line ${number} is not "tt…<TAB>rating<TAB>votes": ${JSON.stringify(text.slice(0, 80))}`)
        rows.ids.push(Number(match[1]))
        rows.tenths.push(tenths)
        rows.votes.push(Number(match[3]))
      }
    } catch (error) {
      if (error instanceof ImdbDatasetError) throw error
      throw new ImdbDatasetError(file, `it could not be read to the end (line ${number})`, error)
    } finally {
      lines.close()
      input.destroy()
    }
    if (number === 0) throw new ImdbDatasetError(file, 'it is empty')
    return ImdbRatingsIndex.#sorted(rows)
  }

  // IMDb ships the file sorted by tconst, but a filtered or concatenated copy may not be.
  static #sorted(rows: { ids: number[]; tenths: number[]; votes: number[] }): ImdbRatingsIndex {
    const order = Array.from(rows.ids.keys())
    if (!rows.ids.every((id, index) => index === 0 || rows.ids[index - 1]! < id)) order.sort((a, b) => rows.ids[a]! - rows.ids[b]!)
    const ids = new Uint32Array(order.length)
    const tenths = new Uint8Array(order.length)
    const votes = new Uint32Array(order.length)
    order.forEach((from, to) => {
      ids[to] = rows.ids[from]!
      tenths[to] = rows.tenths[from]!
      votes[to] = rows.votes[from]!
    })
    return new ImdbRatingsIndex(ids, tenths, votes)
  }
}

async function openDataset(file: string): Promise<Readable> {
  const magic = Buffer.alloc(2)
  try {
    const handle = await open(file, 'r')
    try {
      await handle.read(magic, 0, 2, 0)
    } finally {
      await handle.close()
    }
  } catch (error) {
    throw new ImdbDatasetError(file, 'the file cannot be opened', error)
  }
  const raw = createReadStream(file)
  if (magic[0] !== 0x1f || magic[1] !== 0x8b) return raw
  const gunzip = createGunzip()
  // A read error of the file must end the decompressed stream too, or the reader would wait forever.
  raw.on('error', (error) => gunzip.destroy(error))
  return raw.pipe(gunzip)
}
