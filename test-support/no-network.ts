/**
 * Loaded before every test file: a socket to anything but this machine fails at once, so a test
 * that would reach the network (a forgotten live URL, a provider default) fails loudly instead of
 * depending on what the network does. MSW intercepts before sockets are opened.
 */
import net from 'node:net'

const loopback = new Set(['localhost', '127.0.0.1', '::1', '0:0:0:0:0:0:0:1'])

function hostOf(args: unknown[]): string | undefined {
  // net.connect() passes its arguments already normalized, as one array [options, callback].
  if (Array.isArray(args[0])) return hostOf(args[0] as unknown[])
  const [first, second] = args
  if (typeof first === 'object' && first !== null && !Array.isArray(first)) {
    const options = first as { host?: string; path?: string }
    if (options.path) return undefined // a Unix socket stays on this machine
    return options.host ?? 'localhost'
  }
  if (typeof first === 'number') return typeof second === 'string' ? second : 'localhost'
  if (typeof first === 'string' && !/^\d+$/.test(first)) return undefined // a Unix socket path
  return 'localhost'
}

const connect = net.Socket.prototype.connect
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const host = hostOf(args)
  if (host !== undefined && !loopback.has(host) && !host.startsWith('127.')) {
    throw new Error(`Test tried to open a network connection to ${host}: tests must stay on this machine (use MSW or a loopback fake server)`)
  }
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args)
} as typeof net.Socket.prototype.connect
