import { StorageConflictError, type CommitBatch, type TransactionalDriver } from '@cinelayer/storage'
import type { Redis } from 'ioredis'
import type { UnstorageDriver as Driver } from '@cinelayer/storage'

// One script: every precondition checked, then every write, atomically (Redis runs a script alone).
// ARGV: number of checks, then per check a flag ('1' = expects a value) and the value; then per
// write an op ('set', 'nx' set if absent, 'del') and a value. KEYS: the checks' keys, then the writes'.
// Returns the indexes (1-based, among writes) of 'nx' writes not made, or an error 'CONFLICT <key index>'.
const COMMIT = `
local checks = tonumber(ARGV[1])
for i = 1, checks do
  local stored = redis.call('get', KEYS[i])
  local expects = ARGV[2 * i] == '1'
  if (expects and stored ~= ARGV[2 * i + 1]) or ((not expects) and stored) then
    return redis.error_reply('CONFLICT ' .. i)
  end
end
local skipped = {}
local base = 2 * checks + 1
for j = 1, #KEYS - checks do
  local key = KEYS[checks + j]
  local op = ARGV[base + 2 * j - 1]
  if op == 'del' then
    redis.call('del', key)
  elseif op == 'nx' then
    if redis.call('set', key, ARGV[base + 2 * j], 'NX') == false then table.insert(skipped, j) end
  else
    redis.call('set', key, ARGV[base + 2 * j])
  end
end
return skipped
`

/**
 * unstorage's redis driver with cinelayer's `commit`: a batch checked and written by one Lua
 * script, which Redis runs alone, so that every process sharing the server sees it whole or not at
 * all. Bytes are kept as unstorage's redis driver keeps them (`base64:` text). Single-node Redis:
 * the keys of a batch must live on one server (no cluster).
 */
export function withRedisCommit(driver: Driver, client: Redis, base: string): TransactionalDriver {
  const prefix = (key: string) => (base ? `${base}:${key}` : key)
  const encode = (value: string | Uint8Array) => (typeof value === 'string' ? value : `base64:${Buffer.from(value).toString('base64')}`)
  return {
    ...driver,
    async commit(batch: CommitBatch) {
      const keys = [...batch.checks.map((check) => prefix(check.key)), ...batch.writes.map((write) => prefix(write.key))]
      const args: string[] = [String(batch.checks.length)]
      for (const check of batch.checks) args.push(check.value === null ? '0' : '1', check.value ?? '')
      for (const write of batch.writes) args.push(write.value === null ? 'del' : write.ifAbsent ? 'nx' : 'set', write.value === null ? '' : encode(write.value))
      let skipped: number[]
      try {
        skipped = (await client.eval(COMMIT, keys.length, ...keys, ...args)) as number[]
      } catch (error) {
        const match = /CONFLICT (\d+)/.exec(error instanceof Error ? error.message : '')
        if (match) throw new StorageConflictError(batch.checks[Number(match[1]) - 1]!.key)
        throw error
      }
      return { skipped: skipped.map((index) => batch.writes[index - 1]!.key) }
    },
    // Several processes write: nothing tells this one when another did, so records are not cached.
    changeToken: () => null,
  }
}
