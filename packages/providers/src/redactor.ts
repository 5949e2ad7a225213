// The one redaction of the workspace lives in core (no I/O, shared by every package); the
// providers use it under the names they always had.
export { REDACTED, type Redactor, createRedactor } from '@cinelayer/core'
