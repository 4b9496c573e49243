import type { FastifyError, FastifyInstance } from 'fastify';
import { KeyRegistry } from './auth/key-registry';
import { problem, sendProblem } from './problem/problem';
import { depthOf, MAX_DEPTH } from './validation/json-limits';

export const BODY_LIMIT = 256 * 1024;

/**
 * What must happen before Nest sees a request, in API.md's order: 401 (onRequest), 413, 415, then 400 for JSON that is
 * malformed, poisoned (`__proto__`, `constructor`) or too deep — all as problem+json, since Fastify answers these itself.
 */
export function installHttpEdge(fastify: FastifyInstance, keys: KeyRegistry): void {
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', String(request.id));
    if (!request.url.startsWith('/v1')) return;
    const header = request.headers.authorization;
    const key = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const principal = key ? keys.authenticate(key) : undefined;
    if (!principal) return sendProblem(reply, request, problem(401, 'an API key is required: Authorization: Bearer <key>'), { 'www-authenticate': 'Bearer' });
    request.principal = principal;
    if (request.method === 'POST') {
      const length = Number(request.headers['content-length'] ?? 0);
      if (length > BODY_LIMIT) return sendProblem(reply, request, problem(413, `bodies are limited to ${BODY_LIMIT} bytes`));
      const type = String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (type !== 'application/json') return sendProblem(reply, request, problem(415, 'commands take Content-Type: application/json'));
    }
  });

  fastify.addHook('preValidation', async (request, reply) => {
    if (request.body !== undefined && depthOf(request.body) > MAX_DEPTH) return sendProblem(reply, request, problem(400, `JSON nesting is limited to ${MAX_DEPTH} levels`));
  });

  fastify.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendProblem(reply, request, problem(413, `bodies are limited to ${BODY_LIMIT} bytes`));
    if (status === 415 || error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendProblem(reply, request, problem(415, 'commands take Content-Type: application/json'));
    if (status >= 400 && status < 500) return sendProblem(reply, request, problem(400, jsonMessage(error)));
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, request, problem(500, 'internal error; the request id identifies it in the server log'));
  });
}

function jsonMessage(error: FastifyError): string {
  if (/__proto__|constructor/i.test(error.message)) return 'JSON with __proto__ or constructor keys is refused';
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'the body is empty; send a JSON object';
  return `malformed JSON: ${error.message.replace(/\s+at .*/s, '').slice(0, 200)}`;
}
