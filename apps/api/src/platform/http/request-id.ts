import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Only ids that are safe to echo and log verbatim are taken from the client. */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Fastify's genReqId: the client's `X-Request-Id` when acceptable, else a UUID. Written back onto the raw header so
 * the request logger (which sees only the raw request) logs the same id.
 */
export function requestIdOf(raw: IncomingMessage): string {
  const given = raw.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && ACCEPTABLE.test(given) ? given : randomUUID();
  raw.headers[REQUEST_ID_HEADER] = id;
  return id;
}

/** Every response, errors included, carries the id the logs use. */
export function echoRequestId(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, String(request.id));
  });
}
