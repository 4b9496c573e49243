import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ProblemAnswer, PROBLEM_CONTENT_TYPE } from './problem';

/** Writes a problem as `application/problem+json`, stamped with the request's path and id. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, answer: ProblemAnswer): FastifyReply {
  const body = { ...answer.problem, instance: request.url.split('?')[0], requestId: String(request.id) };
  for (const [name, value] of Object.entries(answer.headers ?? {})) reply.header(name, value);
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}
