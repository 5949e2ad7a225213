/**
 * `cinelayer/trace`: the event trace file an engine writes with its `trace` option (one JSON
 * event per line, rotated by size), and how to read or follow it from another process, as
 * `cinelayer events --follow` does.
 *
 * ```ts
 * import { eventTraceFile, readEventTrace } from 'cinelayer/trace'
 * const latest = (await readEventTrace(eventTraceFile('./.cinelayer'))).slice(-20)
 * ```
 * @module trace
 * @packageDocumentation
 */
export {
  DEFAULT_TRACE_MAX_BYTES,
  EVENT_TRACE_FILE_NAME,
  type EventTrace,
  type EventTraceOptions,
  attachEventTrace,
  eventTraceFile,
  rotatedTraceFile,
} from '../event-trace.js'
export { type FollowEventTraceOptions, type ReadEventTraceOptions, followEventTrace, readEventTrace } from '../event-trace-reader.js'
