import { Buffer } from 'node:buffer'
import { InvalidIdError, parseMovieId } from '@cinelayer/core'
import type { Storage } from './unstorage-types.js'
import { StorageReadError, StorageWriteError } from './errors.js'
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
 * driver, `images/tmdb/550/w780/abc.jpg`). Bytes go through unstorage's raw methods; a driver
 * without them (redis) keeps them as a base64 string, which is read back as bytes.
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
 * A plain `Uint8Array` copy of whatever the driver answers (a Buffer on fs, the stored array in
 * memory, which the caller must not be able to change); `null` when it is not bytes.
 */
function asBytes(raw: unknown): Uint8Array | null {
  if (raw instanceof ArrayBuffer) return new Uint8Array(raw.slice(0))
  if (ArrayBuffer.isView(raw)) return new Uint8Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength))
  // unstorage decodes its own "base64:" strings; a driver may still hand one back as it is.
  if (typeof raw === 'string' && raw.startsWith('base64:')) return new Uint8Array(Buffer.from(raw.slice('base64:'.length), 'base64'))
  return null
}

function driverOf(storage: Storage, key: string): string {
  try {
    return storage.getMount(key).driver.name ?? 'unnamed'
  } catch {
    return 'unnamed'
  }
}

/**
 * Creates the image store on an unstorage instance (the one the records use, so that
 * `bytesStored()` counts images too).
 */
export function createImageStore(storage: Storage): ImageStore {
  async function read(key: string): Promise<Uint8Array | null> {
    let raw: unknown
    try {
      raw = await storage.getItemRaw(key)
    } catch (error) {
      throw new StorageReadError(key, driverOf(storage, key), error)
    }
    if (raw === null || raw === undefined) return null
    if (raw instanceof Error) throw new StorageReadError(key, driverOf(storage, key), raw)
    const bytes = asBytes(raw)
    if (!bytes) throw new StorageReadError(key, driverOf(storage, key), new TypeError(`expected image bytes, got a ${typeof raw}`))
    return bytes
  }

  async function removeKey(key: string): Promise<void> {
    try {
      await storage.removeItem(key)
    } catch (error) {
      throw new StorageWriteError(key, driverOf(storage, key), error)
    }
  }

  const store: ImageStore = {
    async put(movieId, ref, bytes) {
      const key = keyOf(movieId, ref)
      if (!(bytes instanceof Uint8Array)) throw new StorageWriteError(key, driverOf(storage, key), new TypeError('expected the image as a Uint8Array'))
      try {
        // A copy: a memory driver keeps what it is given, and the caller may reuse its buffer.
        await storage.setItemRaw(key, bytes.slice())
      } catch (error) {
        throw new StorageWriteError(key, driverOf(storage, key), error)
      }
      return bytes.byteLength
    },

    get: (movieId, ref) => read(keyOf(movieId, ref)),

    async has(movieId, ref) {
      const key = keyOf(movieId, ref)
      try {
        return await storage.hasItem(key)
      } catch (error) {
        throw new StorageReadError(key, driverOf(storage, key), error)
      }
    },

    async list(movieId) {
      const prefix = prefixOf(movieId)
      let keys: string[]
      try {
        keys = await storage.getKeys(prefix)
      } catch (error) {
        throw new StorageReadError(prefix, driverOf(storage, prefix), error)
      }
      const images: StoredImage[] = []
      for (const key of keys.sort()) {
        const [size = '', file = '', ...rest] = key.slice(prefix.length).split(':')
        // Keys of another shape (a stray file under the folder) are not ours to count.
        if (rest.length > 0 || !sizePattern.test(size) || !filePattern.test(file)) continue
        const bytes = await read(key)
        if (bytes) images.push({ movieId: parseMovieId(movieId).id, size, file, bytes: bytes.byteLength })
      }
      return images
    },

    async bytesOf(movieId) {
      return (await store.list(movieId)).reduce((sum, image) => sum + image.bytes, 0)
    },

    remove: (movieId, ref) => removeKey(keyOf(movieId, ref)),

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
