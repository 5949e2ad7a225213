import { describeCrashSafety } from './crash-harness.js'

// The journal of the fs folder: a batch killed half-way is replayed whole at the next open.
describeCrashSafety('fs')
