import { type DataMode, createMovieEngine } from 'cinelayer'
import { buildServer } from './server.js'

// Everything comes from the environment so that `pnpm start` needs nothing: replay data, an fs
// store under ./.cinelayer, loopback on port 3000, webhooks off until a secret is set.
const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOST ?? '127.0.0.1'
const dataModes: readonly DataMode[] = ['replay', 'http', 'hybrid']
const data = (process.env.CINELAYER_DATA ?? 'replay') as DataMode
if (!dataModes.includes(data)) {
  console.error(`CINELAYER_DATA must be one of ${dataModes.join(', ')} (got "${data}")`)
  process.exit(2)
}
const webhookSecret = process.env.CINELAYER_WEBHOOK_SECRET || undefined

const engine = createMovieEngine({ data, dataDir: process.env.CINELAYER_DATA_DIR ?? '.cinelayer' })
const app = await buildServer({ engine, ...(webhookSecret ? { webhookSecret } : {}), logger: { level: process.env.LOG_LEVEL ?? 'info' } })

let stopping: Promise<void> | undefined
const stop = (signal: string) => {
  stopping ??= (async () => {
    app.log.info(`${signal}: closing the server, then the engine`)
    await app.close()
    await engine.close()
  })()
  return stopping
}
process.once('SIGINT', () => void stop('SIGINT'))
process.once('SIGTERM', () => void stop('SIGTERM'))

try {
  const address = await app.listen({ port, host })
  app.log.info(`lab page ${address}/ · OpenAPI ${address}/docs · data: ${data} · webhooks ${webhookSecret ? 'on' : 'off (set CINELAYER_WEBHOOK_SECRET)'}`)
} catch (error) {
  app.log.error({ err: error }, 'could not start')
  await engine.close()
  process.exitCode = 1
}
