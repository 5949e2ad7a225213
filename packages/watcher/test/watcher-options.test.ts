import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type MovieEngine, normalizeTitle as engineNormalizeTitle } from 'cinelayer'
import { type LibraryWatcherOptions, WatcherOptionsInvalidError, createLibraryWatcher, normalizeTitle } from '../src/index.js'
import { type Sandbox, createSandbox, sandboxEngine } from './helpers.js'

describe('createLibraryWatcher options', () => {
  let sandbox: Sandbox
  let engine: MovieEngine

  beforeEach(async () => {
    sandbox = await createSandbox()
    engine = sandboxEngine(sandbox)
  })

  afterEach(async () => {
    await engine.close()
    await sandbox.cleanup()
  })

  const invalid: [string, (s: Sandbox) => Partial<LibraryWatcherOptions>, RegExp][] = [
    ['a library inside incoming', (s) => ({ library: join(s.incoming, 'library') }), /overlap/],
    ['incoming inside the library', (s) => ({ incoming: join(s.library, 'incoming') }), /overlap/],
    ['one folder for both', (s) => ({ library: s.incoming }), /overlap/],
    ['an empty incoming path', () => ({ incoming: ' ' }), /"incoming": expected a folder path/],
    ['a negative stability window', () => ({ stableMs: -1 }), /"stableMs"/],
    ['a sidecar extension as a video', () => ({ videoExtensions: ['mkv', '.srt'] }), /"srt" is a sidecar extension/],
    ['an extension with a separator', () => ({ videoExtensions: ['m/kv'] }), /letters and digits/],
    ['an unknown collision policy', () => ({ onCollision: 'overwrite' as never }), /"suffix" or "skip"/],
    ['a template leaving the library', () => ({ template: '../{title}{ext}' }), /"\.\." segment/],
  ]

  it.each(invalid)('refuses %s', (_, options, message) => {
    const create = () => createLibraryWatcher({ engine, incoming: sandbox.incoming, library: sandbox.library, ...options(sandbox) })
    expect(create).toThrow(WatcherOptionsInvalidError)
    expect(create).toThrow(message)
  })

  it('creates both folders on start, resolved to absolute paths', async () => {
    const watcher = createLibraryWatcher({ engine, incoming: sandbox.incoming, library: sandbox.library, stableMs: 50 })
    try {
      expect(watcher.incoming).toBe(sandbox.incoming)
      const scan = await watcher.start()
      expect(scan).toEqual({ incoming: [], adopted: [], removed: [], symlinks: [] })
      expect(await watcher.start()).toBe(scan)
    } finally {
      await watcher.close()
    }
  })

  it('shares one title key with the engine', () => {
    expect(normalizeTitle).toBe(engineNormalizeTitle)
    expect(normalizeTitle('R.I.P.D.')).toBe('ripd')
  })
})
