import type { Socket } from 'node:net';
import { headerSafe, type ErrorBody } from './http-errors.js';

/** What Node reports about a connection it gives up on before a request could be answered. */
interface ClientError {
  code?: string;
}

/**
 * The raw answer to a request Node could not finish reading: a slow client past the request timeout
 * (408), headers past Node's size limit (431), or bytes that are not HTTP (400). Node writes these
 * itself without a body; every other Faultline error carries Sentry's JSON shape, so these do too.
 */
export function clientErrorResponse(err: ClientError, requestTimeoutMs: number): string {
  const [status, reason, detail]: [number, string, string] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [
          408,
          'Request Timeout',
          `request timed out: it must arrive whole within ${requestTimeoutMs / 1000} s`,
        ]
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'request headers too large']
        : [400, 'Bad Request', 'malformed HTTP request'];
  const body = JSON.stringify({ detail, causes: err.code ? [err.code] : [] } satisfies ErrorBody);
  return (
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nX-Sentry-Error: ${headerSafe(detail)}\r\n` +
    `Connection: close\r\n\r\n${body}`
  );
}

/** Answers and closes a connection Node gave up on; a reset or half-answered one is only closed. */
export function answerClientError(err: ClientError, socket: Socket, requestTimeoutMs: number): void {
  if (err.code !== 'ECONNRESET' && socket.writable && socket.bytesWritten === 0) {
    socket.end(clientErrorResponse(err, requestTimeoutMs));
  }
  socket.destroy();
}
