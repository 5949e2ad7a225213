import { describeCrashSafety } from './crash-safety-suite.js'

// The journal of the fs folder: a batch killed half-way is replayed whole at the next open.
describeCrashSafety('fs')
