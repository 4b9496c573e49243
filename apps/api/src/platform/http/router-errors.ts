import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { problemFor } from '../problem/problem-mapping';
import { type Problem, problemOf } from '../problem/problem';
import { sendProblem } from '../problem/send-problem';
import { REQUEST_ID_HEADER } from './request-id';
import { helmetHeaders } from './security-headers';

/**
 * The longest path parameter the router accepts: the longest stream id `GET /v1/streams/:streamId` takes (256), so
 * every id (≤ 128) and every stream built from one (`post-<unit>-<post>`, `guard-annual-meeting-<unit>-<kind>-<year>`)
 * is addressable. Fastify's default, 100, cut ids short.
 */
export const MAX_PARAM_LENGTH = 256;

type Authenticate = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

/**
 * Fastify's `frameworkErrors`: what its router refuses before any hook runs — a malformed percent-escape (400), a
 * path parameter over MAX_PARAM_LENGTH (414). No onRequest hook runs for these, so the ones every answer owes run
 * here, in their order: the request id, the security headers, authentication (API.md: 401 first); then the problem.
 */
export function answerRouterErrors(authenticate: Authenticate) {
  const headers = helmetHeaders();
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    reply.header(REQUEST_ID_HEADER, String(request.id)).headers(headers);
    authenticate(request, reply).then(
      () => {
        if (!reply.sent) sendProblem(request, reply, { problem: routerProblem(error) });
      },
      (failure: unknown) => {
        const answer = problemFor(failure);
        if (answer.internal) request.log.error({ err: failure }, 'authenticating a request the router refused failed');
        if (!reply.sent) sendProblem(request, reply, answer);
      },
    );
  };
}

function routerProblem(error: FastifyError): Problem {
  if (error.code === 'FST_ERR_BAD_URL') return problemOf(400, 'bad-url', 'The path is not a valid URL: a percent-escape in it is malformed.');
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return problemOf(414, 'uri-too-long', `A path segment is longer than ${MAX_PARAM_LENGTH} characters.`);
  return problemFor(error).problem;
}
