/**
 * Runs every benchmark of this folder in turn (run: `pnpm bench`), each in its own Node process so
 * that one bench's exit code, memory and open handles never affect the next. Exits with code 1 when
 * any bench missed a target or failed. `pnpm bench <name>…` runs only the benches named
 * (`pnpm bench request-economy`).
 */
import { spawn } from 'node:child_process'
import { readdir } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const folder = dirname(fileURLToPath(import.meta.url))
const wanted = process.argv.slice(2)

function run(file: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@cinelayer/source', file], { stdio: 'inherit' })
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
    child.on('error', () => resolve(1))
  })
}

const benches = (await readdir(folder))
  .filter((name) => name.endsWith('.ts') && name !== 'run.ts')
  .filter((name) => wanted.length === 0 || wanted.includes(basename(name, '.ts')))
  .sort()
const results: Array<{ name: string; code: number; seconds: number }> = []
for (const name of benches) {
  console.log(`\n━━ bench/${name} ━━`)
  const started = performance.now()
  const code = await run(join(folder, name))
  results.push({ name, code, seconds: (performance.now() - started) / 1000 })
}
console.log('\n━━ summary ━━')
for (const { name, code, seconds } of results) console.log(`  ${code === 0 ? '✓' : '✗'} ${name.padEnd(28)} ${seconds.toFixed(1)} s${code === 0 ? '' : ` (exit code ${code})`}`)
if (results.some(({ code }) => code !== 0)) process.exitCode = 1
