/**
 * Flushes run when the process is about to exit, for engines whose host forgot `close()`: one set
 * of process listeners for every engine of the process (so that many engines never pile up
 * listeners), each engine adding its flush while open and taking it back on close.
 */
const flushes = new Set<() => Promise<unknown>>()
const SIGNALS = ['SIGINT', 'SIGTERM'] as const
let installed = false

async function flushAll(): Promise<void> {
  await Promise.allSettled([...flushes].map((flush) => flush()))
}

function onBeforeExit(): void {
  // beforeExit fires again once the flush's work is done: nothing is left then, and the process exits.
  if (flushes.size > 0) void flushAll()
}

function onSignal(signal: NodeJS.Signals): void {
  // Counted before any other listener runs (ours is prepended): a host's `process.once` listener
  // removes itself when called, and must not leave us thinking no one else handles the signal.
  const alone = process.listenerCount(signal) === 1
  void flushAll().finally(() => {
    if (!alone) return
    // No one else listens: leave as the signal would have, once the uses are written.
    uninstall()
    process.kill(process.pid, signal)
  })
}

function install(): void {
  if (installed) return
  installed = true
  process.on('beforeExit', onBeforeExit)
  for (const signal of SIGNALS) process.prependListener(signal, onSignal)
}

function uninstall(): void {
  if (!installed) return
  installed = false
  process.off('beforeExit', onBeforeExit)
  for (const signal of SIGNALS) process.off(signal, onSignal)
}

/** Runs `flush` on `beforeExit`, SIGINT and SIGTERM until the returned function is called. */
export function flushOnExit(flush: () => Promise<unknown>): () => void {
  flushes.add(flush)
  install()
  return () => {
    flushes.delete(flush)
    if (flushes.size === 0) uninstall()
  }
}
