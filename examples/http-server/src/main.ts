import { type DataMode, createMovieEngine } from 'cinelayer'
import { BindRefusedError, assertSafeBind, buildServer } from '@cinelayer/server'


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
// The scheduled jobs (housekeeping, trending, discover, the changes-feed refresh) run with CINELAYER_SCHEDULE=1.
const schedule = process.env.CINELAYER_SCHEDULE === '1'
const webhookSecret = process.env.CINELAYER_WEBHOOK_SECRET || undefined
const apiKey = process.env.CINELAYER_API_KEY || undefined
const rateLimitMax = process.env.CINELAYER_RATE_LIMIT_MAX === undefined ? undefined : Number(process.env.CINELAYER_RATE_LIMIT_MAX)
if (rateLimitMax !== undefined && !(Number.isInteger(rateLimitMax) && rateLimitMax >= 0)) {
  console.error(`CINELAYER_RATE_LIMIT_MAX must be a whole number, 0 for no limit (got "${process.env.CINELAYER_RATE_LIMIT_MAX}")`)
  process.exit(2)
}

// Refused before anything opens: a server other machines reach must have an API key.
try {
  assertSafeBind(host, apiKey)
} catch (error) {
  if (!(error instanceof BindRefusedError)) throw error
  console.error(`${error.code}: ${error.message}`)
  process.exit(2)
}

// The engine knows the server's credentials too: none of them may reach its events, trace or records.
const engine = createMovieEngine({
  data,
  dataDir: process.env.CINELAYER_DATA_DIR ?? '.cinelayer',
  schedule,
  secrets: [apiKey, webhookSecret].filter((value) => value !== undefined),
})
const app = await buildServer({
  engine,
  ...(webhookSecret ? { webhookSecret } : {}),
  ...(apiKey ? { apiKey, apiKeyForReads: process.env.CINELAYER_API_KEY_READS === '1' } : {}),
  ...(rateLimitMax === undefined ? {} : { rateLimit: rateLimitMax === 0 ? (false as const) : { max: rateLimitMax } }),
  ...(process.env.CINELAYER_PUBLIC_URL ? { publicUrl: process.env.CINELAYER_PUBLIC_URL } : {}),
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
})

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
  const protectedRoutes = apiKey ? (process.env.CINELAYER_API_KEY_READS === '1' ? 'every route' : 'changes') : 'nothing (loopback only)'
  const jobs = engine.scheduler ? `scheduled jobs: ${Object.entries(engine.scheduler.nextRuns()).map(([job, next]) => `${job} at ${next ?? 'never'}`).join(', ')}` : 'no scheduled jobs (CINELAYER_SCHEDULE=1)'
  app.log.info(`lab page ${address}/ · OpenAPI ${address}/docs · data: ${data} · API key on ${protectedRoutes} · webhooks ${webhookSecret ? 'on' : 'off (set CINELAYER_WEBHOOK_SECRET)'} · ${jobs}`)
} catch (error) {
  app.log.error({ err: error }, 'could not start')
  await engine.close()
  process.exitCode = 1
}
