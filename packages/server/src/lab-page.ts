import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import type { CinelayerApp } from './server.js'

const publicDir = new URL('../public/', import.meta.url)
const require = createRequire(import.meta.url)
/** uPlot (MIT, no dependencies) draws the plots: its browser build is served from the installed package, never a CDN. */
const uplotFile = (file: string) => pathToFileURL(require.resolve(`uplot/dist/${file}`))

const javascript = 'text/javascript; charset=utf-8'
const css = 'text/css; charset=utf-8'

/** Every file of the lab page: its route, where it is read from, its content type. */
export const labAssets = [
  { route: '/', file: new URL('index.html', publicDir), type: 'text/html; charset=utf-8' },
  { route: '/lab.js', file: new URL('lab.js', publicDir), type: javascript },
  { route: '/lab-plots.js', file: new URL('lab-plots.js', publicDir), type: javascript },
  { route: '/lab.css', file: new URL('lab.css', publicDir), type: css },
  { route: '/vendor/uplot.js', file: uplotFile('uPlot.iife.min.js'), type: javascript },
  { route: '/vendor/uplot.css', file: uplotFile('uPlot.min.css'), type: css },
] as const

/** The lab page at `/`: plain HTML, CSS and scripts, uPlot from node_modules, read once at start (no build step). */
export async function registerLabPage(app: CinelayerApp): Promise<void> {
  for (const asset of labAssets) {
    const body = await readFile(asset.file)
    app.get(asset.route, { schema: { hide: true } }, (_request, reply) => {
      reply.header('content-type', asset.type).header('cache-control', 'no-cache').send(body)
    })
  }
}
