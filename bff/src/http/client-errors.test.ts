import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { errorBodySchema } from '@pfs/shared';
import { answerClientErrors } from './client-errors';

/** Sends raw bytes and reads the whole answer (the server closes the connection after a parser error). */
async function raw(port: number, request: string): Promise<{ status: number; body: string }> {
  const answer = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), body };
}

describe('requests refused by the HTTP parser', () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end('app reached'));
    answerClientErrors(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('headers past 16 KB: 431 in the error shape', async () => {
    const r = await raw(port, `GET /api/me?q=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: a\r\n\r\n`);
    expect(r.status).toBe(431);
    expect(errorBodySchema.parse(JSON.parse(r.body)).error.code).toBe('HEADERS_TOO_LARGE');
  });

  it('a malformed request line: 400 in the error shape', async () => {
    const r = await raw(port, 'GET /\u0000 HTTP/1.1\r\nHost: a\r\n\r\n');
    expect(r.status).toBe(400);
    expect(errorBodySchema.parse(JSON.parse(r.body)).error.code).toBe('BAD_REQUEST');
  });
});
