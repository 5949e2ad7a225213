import type { CliContext } from '../cli-context.js'
import { changeLocks } from './lock-fields.js'

/** The `lock` command. */
export default function lockCommand(context: CliContext, token: string, fields: string[]): Promise<void> {
  return changeLocks(context, 'lock', token, fields)
}
