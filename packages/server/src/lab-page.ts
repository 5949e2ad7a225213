import { readFile } from 'node:fs/promises'
import type { CinelayerApp } from './server.js'

const publicDir = new URL('../public/', import.meta.url)

const assets = [
  { route: '/', file: 'index.html', type: 'text/html; charset=utf-8' },
  { route: '/lab.js', file: 'lab.js', type: 'text/javascript; charset=utf-8' },
  { route: '/lab.css', file: 'lab.css', type: 'text/css; charset=utf-8' },
] as const

/** The lab page at `/`: plain HTML, CSS and a script, read once at start (no build step). */
export async function registerLabPage(app: CinelayerApp): Promise<void> {
  for (const asset of assets) {
    const body = await readFile(new URL(asset.file, publicDir))
    app.get(asset.route, { schema: { hide: true } }, (_request, reply) => {
      reply.header('content-type', asset.type).header('cache-control', 'no-cache').send(body)
    })
  }
}
