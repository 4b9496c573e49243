import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problemFor } from './problem-mapping';
import { sendProblem } from './send-problem';

/**
 * Every error as problem+json. Nest installs Fastify's error and not-found handlers itself and routes them through
 * the global filters, so this filter also answers what Fastify refuses before Nest (body limit, media type, JSON).
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const answer = problemFor(error);
    if (answer.internal) {
      // The client sees a generic detail; the cause stays here, findable by the request id it was given.
      this.logger.error({ err: error, requestId: String(request.id), status: answer.problem.status }, `${request.method} ${request.url.split('?')[0]} failed`);
    }
    if (reply.sent) return;
    sendProblem(request, reply, answer);
  }
}
