import { runLifecycle } from './lifecycle.js'

console.log('cinelayer quickstart — one movie\'s life, offline (replay data, the embedded SQLite store in ./.cinelayer)')
runLifecycle({ say: (line) => console.log(line) })
  .then(() => console.log('\nDone.'))
  .catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
