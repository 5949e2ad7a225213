import net from 'node:net'
import { describe, expect, it } from 'vitest'

// The guard in test-support/no-network.ts is loaded before every test file of the workspace.
describe('test network guard', () => {
  it('refuses a socket to a host outside this machine', () => {
    expect(() => net.connect({ host: '93.184.216.34', port: 80 })).toThrow(/tests must stay on this machine/)
    expect(() => net.connect(443, 'api.themoviedb.org')).toThrow(/api\.themoviedb\.org/)
  })

  it('lets loopback connections through', async () => {
    const server = net.createServer((socket) => socket.end())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as net.AddressInfo
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.end()
        resolve()
      })
      socket.on('error', reject)
    })
    await new Promise((resolve) => server.close(resolve))
  })
})
