import type http from 'node:http';
import type { Socket } from 'node:net';
import { ERROR_MESSAGES_ZH, type ErrorBody, type ErrorCode } from '@pfs/shared';

/**
 * Requests that Node's HTTP parser refuses before Koa sees them (headers past 16 KB, a malformed request line or
 * header) would get Node's bare `431`/`400` without a body. They get the one error shape instead, with a status the
 * client can act on; the connection is closed because the parser cannot resynchronise. Nothing of the request is
 * logged (the caller's logger is not even reached).
 */
export function answerClientErrors(server: http.Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable || socket.destroyed) {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const code: ErrorCode = tooLarge ? 'HEADERS_TOO_LARGE' : 'BAD_REQUEST';
    const status = tooLarge ? 431 : 400;
    const body: ErrorBody = { error: { code, message: ERROR_MESSAGES_ZH[code], requestId: '' } };
    const json = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${json}`,
    );
  });
}
