import { STATUS_CODES } from 'node:http';
import { Duplex } from 'node:stream';

/**
 * Node answers a request it cannot parse (headers or a URL over its 16 KB limit, malformed HTTP, headers that never
 * finish arriving) itself, with an empty body. This answers the same status in the error contract instead.
 */
export function clientErrorResponse(errorCode: string | undefined): string {
  const [status, code, message] =
    errorCode === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'the request line and headers must stay under 16 KB']
      : errorCode === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', 'the request did not arrive in time']
        : [400, 'bad_request', 'the request is not valid HTTP'];
  const body = JSON.stringify({ error: code, message });
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/** A `clientError` listener for an HTTP server: the answer above, or nothing when the connection is already gone. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(clientErrorResponse(error.code));
}
