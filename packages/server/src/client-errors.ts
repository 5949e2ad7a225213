import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import { errorBody } from './error-replies.js'

/**
 * What Node's HTTP parser refuses before Fastify sees a request (a Content-Length that does not
 * match the body, a malformed header, a timeout) answered with the same coded body as every other
 * error, instead of a bare "Client Error". Node's own code says what was wrong.
 */
export function codedClientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) {
    socket.destroy()
    return
  }
  const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
  const code = status === 408 ? 'HTTP_REQUEST_TIMEOUT' : status === 431 ? 'HTTP_HEADERS_TOO_LARGE' : 'HTTP_REQUEST_MALFORMED'
  const why = error.code ? ` (${error.code})` : ''
  const body = JSON.stringify(errorBody(status, code, `The request could not be read as HTTP${why}: check its Content-Length, headers and body`))
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
}
