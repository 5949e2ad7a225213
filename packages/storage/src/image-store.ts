import { InvalidIdError, parseMovieId } from '@cinelayer/core'
import { StorageWriteError } from './errors.js'
import type { KeyValueStore } from './key-value-store.js'
import { keyPrefixes } from './storage-keys.js'

/** One image held for a movie. */
export interface StoredImage {
  movieId: string
  /** Size it is stored in: `original`, `w780`, `h632`... */
  size: string
  /** File name, as TMDB names it without the leading slash: `abc.jpg`. */
  file: string
  /** Bytes of the image. */
  bytes: number
}

/** Which image of a movie: a size and a file (`/abc.jpg` or `abc.jpg`). */
export interface ImageRef {
  size: string
  file: string
}

/**
 * Image bytes by movie, size and file, one key each: `images:<movieId>:<size>:<file>` (on the fs
 * driver, `images/tmdb/550/w780/abc.jpg`).
 */
export interface ImageStore {
  /**
   * Stores the bytes of an image, replacing what was there.
   * @returns the number of bytes stored
   * @throws InvalidIdError for a malformed movie id, size or file name (it never becomes a key)
   */
  put(movieId: string, ref: ImageRef, bytes: Uint8Array): Promise<number>
  /** The bytes of an image, or `null`. */
  get(movieId: string, ref: ImageRef): Promise<Uint8Array | null>
  has(movieId: string, ref: ImageRef): Promise<boolean>
  /** Every image stored for a movie, by size then file. */
  list(movieId: string): Promise<StoredImage[]>
  /** Bytes of every image stored for a movie. */
  bytesOf(movieId: string): Promise<number>
  /** Every movie's stored image bytes per size, in one listing; movies without images are absent. */
  sizesByMovie(): Promise<Map<string, Record<string, number>>>
  remove(movieId: string, ref: ImageRef): Promise<void>
  /** Removes every image of a movie but those in `keep`. */
  prune(movieId: string, keep: Iterable<ImageRef>): Promise<{ removed: StoredImage[]; bytesFreed: number }>
}

const sizePattern = /^(original|[wh]\d{1,5})$/
const filePattern = /^[A-Za-z0-9_-]{1,128}\.(jpg|jpeg|png|svg|webp)$/i

/** The file name of a TMDB image path (`/abc.jpg` → `abc.jpg`), checked. */
function fileOf(file: string): string {
  const name = typeof file === 'string' && file.startsWith('/') ? file.slice(1) : file
  if (typeof name !== 'string' || !filePattern.test(name)) throw new InvalidIdError('image file', file, 'expected a file name such as "abc.jpg" (letters, digits, "_" and "-", then .jpg, .png, .svg or .webp)')
  return name
}

function sizeOf(size: string): string {
  if (typeof size !== 'string' || !sizePattern.test(size)) throw new InvalidIdError('image size', size, 'expected "original" or a width or height such as "w780" or "h632"')
  return size
}

function prefixOf(movieId: string): string {
  return `${keyPrefixes.images}:${parseMovieId(movieId).id}:`
}

function keyOf(movieId: string, ref: ImageRef): string {
  return `${prefixOf(movieId)}${sizeOf(ref.size)}:${fileOf(ref.file)}`
}

/**
 * Creates the image store on the store's key-value access (the one the records use, so that
 * `bytesStored()` counts images too). Image bytes can be fetched again: they are written on their
 * own, outside the commits of records.
 */
export function createImageStore(kv: KeyValueStore): ImageStore {
  async function read(key: string): Promise<Uint8Array | null> {
    const bytes = await kv.readBytes(key)
    // A copy: the caller must not be able to change what a memory driver keeps.
    return bytes && new Uint8Array(bytes)
  }

  const removeKey = async (key: string) => void (await kv.commit({ checks: [], writes: [{ key, value: null }] }))

  const store: ImageStore = {
    async put(movieId, ref, bytes) {
      const key = keyOf(movieId, ref)
      if (!(bytes instanceof Uint8Array)) throw new StorageWriteError(key, kv.driverName, new TypeError('expected the image as a Uint8Array'))
      // A copy: a memory driver keeps what it is given, and the caller may reuse its buffer.
      await kv.commit({ checks: [], writes: [{ key, value: bytes.slice() }] })
      return bytes.byteLength
    },

    get: async (movieId, ref) => read(keyOf(movieId, ref)),

    has: async (movieId, ref) => (await kv.size(keyOf(movieId, ref))) > 0,

    async list(movieId) {
      const prefix = prefixOf(movieId)
      const images: StoredImage[] = []
      for (const key of await kv.keys(prefix)) {
        const [size = '', file = '', ...rest] = key.slice(prefix.length).split(':')
        // Keys of another shape (a stray file under the folder) are not ours to count.
        if (rest.length > 0 || !sizePattern.test(size) || !filePattern.test(file)) continue
        const bytes = await kv.size(key)
        if (bytes > 0) images.push({ movieId: parseMovieId(movieId).id, size, file, bytes })
      }
      return images
    },

    async bytesOf(movieId) {
      return (await store.list(movieId)).reduce((sum, image) => sum + image.bytes, 0)
    },

    async sizesByMovie() {
      const byMovie = new Map<string, Record<string, number>>()
      for (const key of await kv.keys(`${keyPrefixes.images}:`)) {
        const [, namespace, id, size, file, ...rest] = key.split(':')
        // Keys of another shape (a stray file under the folder) are not images of ours.
        if (!namespace || !id || !size || !file || rest.length > 0 || !sizePattern.test(size) || !filePattern.test(file)) continue
        const sizes = byMovie.get(`${namespace}:${id}`) ?? {}
        sizes[size] = (sizes[size] ?? 0) + (await kv.size(key))
        byMovie.set(`${namespace}:${id}`, sizes)
      }
      return byMovie
    },

    remove: async (movieId, ref) => removeKey(keyOf(movieId, ref)),

    async prune(movieId, keep) {
      const kept = new Set([...keep].map((ref) => `${sizeOf(ref.size)}:${fileOf(ref.file)}`))
      const removed: StoredImage[] = []
      for (const image of await store.list(movieId)) {
        if (kept.has(`${image.size}:${image.file}`)) continue
        await removeKey(keyOf(movieId, image))
        removed.push(image)
      }
      return { removed, bytesFreed: removed.reduce((sum, image) => sum + image.bytes, 0) }
    },
  }
  return store
}
