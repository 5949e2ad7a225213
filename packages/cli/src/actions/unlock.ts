import type { CliContext } from '../cli-context.js'
import { changeLocks } from './lock-fields.js'

/** The `unlock` command. */
export default function unlockCommand(context: CliContext, token: string, fields: string[]): Promise<void> {
  return changeLocks(context, 'unlock', token, fields)
}
