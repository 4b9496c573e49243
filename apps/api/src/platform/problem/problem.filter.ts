import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@duty-ledger/domain/shared/errors';
import { StoreUnavailable } from '@duty-ledger/event-store/event-store.port';
import { problem, PROBLEM_BASE, sendProblem, type Problem } from './problem';
import { ValidationFailed } from './validation-failed';

/** Every error Nest sees becomes problem+json; internals never leave the server (a 500 is logged, not explained). */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { body, headers } = toProblem(error, (e) => this.logger.error({ err: e, requestId: request.id }, 'unhandled error'));
    sendProblem(reply, request, body, headers);
  }
}

export function toProblem(error: unknown, logUnexpected: (error: unknown) => void): { body: Problem; headers: Record<string, string> } {
  if (error instanceof DomainError) return { body: problem(error.status, error.message, { type: `${PROBLEM_BASE}${error.rule}` }), headers: {} };
  if (error instanceof StoreUnavailable) return { body: problem(503, 'a store is unavailable; retry shortly'), headers: { 'retry-after': '1' } };
  if (error instanceof ValidationFailed) return { body: problem(400, error.message, { errors: error.errors }), headers: {} };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse() as string | { message?: string | string[]; retryAfter?: number };
    const message = typeof response === 'string' ? response : Array.isArray(response.message) ? response.message.join('; ') : (response.message ?? error.message);
    const headers: Record<string, string> = {};
    if (typeof response === 'object' && response.retryAfter !== undefined) headers['retry-after'] = String(response.retryAfter);
    if (status === 401) headers['www-authenticate'] = 'Bearer';
    if (status >= 500) logUnexpected(error);
    return { body: problem(status, status >= 500 && status !== 503 ? 'internal error' : message), headers };
  }
  logUnexpected(error);
  return { body: problem(500, 'internal error; the request id identifies it in the server log'), headers: {} };
}
