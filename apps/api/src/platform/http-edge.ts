import type { FastifyInstance } from 'fastify';
import { problemOf } from './problem/problem';
import { problemFor } from './problem/problem-mapping';
import { sendProblem } from './problem/send-problem';
import { depthOf, MAX_DEPTH } from './validation/json-limits';

export const BODY_LIMIT = 256 * 1024;

/**
 * What Fastify must refuse before Nest sees a request, after authentication and in API.md's order: 413 (declared
 * length), 415, then 400 for JSON that is malformed, poisoned (`__proto__`, `constructor`) or nested too deep.
 */
export function installHttpEdge(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', String(request.id));
    if (request.method !== 'POST' || !request.url.startsWith('/v1')) return;
    if (Number(request.headers['content-length'] ?? 0) > BODY_LIMIT)
      return sendProblem(request, reply, { problem: problemOf(413, 'payload-too-large', `Bodies are limited to ${BODY_LIMIT} bytes.`) });
    const type = String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') return sendProblem(request, reply, { problem: problemOf(415, 'unsupported-media-type', 'Commands accept only application/json.') });
  });

  fastify.addHook('preValidation', async (request, reply) => {
    if (request.body !== undefined && depthOf(request.body) > MAX_DEPTH)
      return sendProblem(request, reply, { problem: problemOf(400, 'too-deep', `JSON nesting is limited to ${MAX_DEPTH} levels.`) });
  });

  // Fastify refuses some bodies itself (length without a header, JSON syntax, prototype poisoning): same problem+json.
  fastify.setErrorHandler((error, request, reply) => {
    const answer = problemFor(error);
    if (answer.internal) request.log.error({ err: error }, 'unhandled error');
    if (answer.problem.status === 400 && /__proto__|constructor/i.test((error as Error).message))
      answer.problem.detail = 'JSON with __proto__ or constructor keys is refused.';
    return sendProblem(request, reply, answer);
  });
}
