import { describeCrashSafety } from './crash-safety-suite.js'

// bench/crash-safety.ts runs the same trial longer; these 20 runs are what every test run checks.
describeCrashSafety('sqlite')
