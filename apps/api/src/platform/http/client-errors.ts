import type { ConnectionError, FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { PROBLEM_CONTENT_TYPE, problemOf } from '../problem/problem';
import { REQUEST_ID_HEADER } from './request-id';
import { helmetHeaders } from './security-headers';

/** Node's parser errors that have an answer of their own, as Node itself gives them; any other is a 400. */
const REFUSALS: Record<string, { status: number; slug: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, slug: 'headers-too-large', detail: 'The request line and headers are larger than the server accepts.' },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: { status: 413, slug: 'payload-too-large', detail: 'The chunk extensions of the body are larger than the server accepts.' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, slug: 'request-timeout', detail: 'The request was not received in time.' },
};
const MALFORMED = { status: 400, slug: 'bad-request', detail: 'The request is not valid HTTP/1.1.' };

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses (headers over its limit, a malformed request line)
 * never becomes a request, so no hook or filter sees it. It is answered here on the raw socket as every other refusal
 * is: problem+json, the security headers, a request id (logged beside the error); then the connection is closed.
 */
export function answerClientErrors() {
  const headers = Object.entries(helmetHeaders());
  return function clientErrorHandler(this: FastifyInstance, error: ConnectionError, socket: Socket): void {
    // A reset connection has nobody left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    // A response already under way on this connection would be corrupted by a second one: Node's default drops it too.
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (!socket.writable || inFlight?.headersSent) {
      socket.destroy(error);
      return;
    }
    const { status, slug, detail } = REFUSALS[error.code] ?? MALFORMED;
    const requestId = randomUUID();
    this.log.debug({ err: error, requestId, status }, 'client error');
    const body = JSON.stringify({ ...problemOf(status, slug, detail), requestId });
    const head = [
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
      `content-type: ${PROBLEM_CONTENT_TYPE}`,
      `content-length: ${Buffer.byteLength(body)}`,
      `${REQUEST_ID_HEADER}: ${requestId}`,
      ...headers.map(([name, value]) => `${name}: ${value}`),
      'connection: close',
    ];
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
  };
}
